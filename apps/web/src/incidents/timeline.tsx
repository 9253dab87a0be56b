import type { TimelineEntry, TimelineKind } from '@faultline/contracts';
import { Card, type MantineColor, Text, Timeline, Title } from '@mantine/core';
import {
  IconAlarm,
  IconBan,
  IconClockEdit,
  IconLock,
  IconSpeakerphone,
  IconUserExclamation,
  IconUsersGroup,
  IconArrowBigUpLines,
  IconArrowsUpDown,
  IconBellOff,
  IconBellRinging,
  IconBellX,
  IconBellCheck,
  IconBellPlus,
  IconCircleCheck,
  IconClipboardData,
  IconClipboardCheck,
  IconChecklist,
  IconEyeOff,
  IconFirstAidKit,
  IconFlame,
  IconGauge,
  IconGitCommit,
  IconNote,
  IconRefreshAlert,
  IconRepeat,
  IconSend,
  IconSendOff,
  IconShieldCheck,
  IconTrendingDown,
  IconTrendingUp,
  IconUserCheck,
  IconVolume,
  IconVolume3,
  type Icon,
} from '@tabler/icons-react';
import { RelativeTime } from '../ui/time.tsx';
import { foldRetries, localizeInstants } from './timeline-view.ts';
import { namePeople, usePersonName } from '../people/use-person-name.ts';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';
import { DOT_SEPARATOR } from '../ui/punctuation.ts';

/** Icon, colour and heading of each timeline kind; a `Record` so a new kind in the contract fails to compile here. */
const KIND_LOOK: Record<TimelineKind, { icon: Icon; color: MantineColor; label: MessageId }> = {
  incident_opened: { icon: IconFlame, color: 'red', label: 'console.timeline.incident_opened' },
  alert_joined: { icon: IconBellPlus, color: 'orange', label: 'console.timeline.alert_joined' },
  alert_repeated: { icon: IconRepeat, color: 'gray', label: 'console.timeline.alert_repeated' },
  alert_resolved: { icon: IconBellCheck, color: 'green', label: 'console.timeline.alert_resolved' },
  level_set: { icon: IconGauge, color: 'grape', label: 'console.timeline.level_set' },
  notification_sent: { icon: IconSend, color: 'blue', label: 'console.timeline.notification_sent' },
  notification_failed: { icon: IconSendOff, color: 'red', label: 'console.timeline.notification_failed' },
  acknowledged: { icon: IconUserCheck, color: 'yellow', label: 'console.timeline.acknowledged' },
  mitigated: { icon: IconShieldCheck, color: 'teal', label: 'console.timeline.mitigated' },
  resolved: { icon: IconCircleCheck, color: 'green', label: 'console.timeline.resolved' },
  reopened: { icon: IconRefreshAlert, color: 'orange', label: 'console.timeline.reopened' },
  note: { icon: IconNote, color: 'gray', label: 'console.timeline.note' },
  change_verdict: { icon: IconGitCommit, color: 'violet', label: 'console.timeline.change_verdict' },
  recovery_step: { icon: IconFirstAidKit, color: 'teal', label: 'console.timeline.recovery_step' },
  recovery_nudge: { icon: IconAlarm, color: 'orange', label: 'console.timeline.recovery_nudge' },
  facts_updated: { icon: IconClipboardData, color: 'indigo', label: 'console.timeline.facts_updated' },
  level_changed: { icon: IconArrowsUpDown, color: 'grape', label: 'console.timeline.level_changed' },
  risk_promoted: { icon: IconArrowBigUpLines, color: 'red', label: 'console.timeline.risk_promoted' },
  risk_dismissed: { icon: IconEyeOff, color: 'gray', label: 'console.timeline.risk_dismissed' },
  noise_marked: { icon: IconVolume3, color: 'gray', label: 'console.timeline.noise_marked' },
  noise_unmarked: { icon: IconVolume, color: 'gray', label: 'console.timeline.noise_unmarked' },
  kpi_breach: { icon: IconTrendingDown, color: 'red', label: 'console.timeline.kpi_breach' },
  kpi_recovered: { icon: IconTrendingUp, color: 'green', label: 'console.timeline.kpi_recovered' },
  page_held: { icon: IconBellOff, color: 'gray', label: 'console.timeline.page_held' },
  page_released: { icon: IconBellRinging, color: 'orange', label: 'console.timeline.page_released' },
  page_dropped: { icon: IconBellX, color: 'gray', label: 'console.timeline.page_dropped' },
  cancelled: { icon: IconBan, color: 'dark', label: 'console.timeline.cancelled' },
  closed: { icon: IconLock, color: 'gray', label: 'console.timeline.closed' },
  key_time_set: { icon: IconClockEdit, color: 'indigo', label: 'console.timeline.key_time_set' },
  role_changed: { icon: IconUsersGroup, color: 'cyan', label: 'console.timeline.role_changed' },
  check_in: { icon: IconUserCheck, color: 'cyan', label: 'console.timeline.check_in' },
  status_update: { icon: IconSpeakerphone, color: 'blue', label: 'console.timeline.status_update' },
  clock_breached: { icon: IconAlarm, color: 'red', label: 'console.timeline.clock_breached' },
  role_unfilled: { icon: IconUserExclamation, color: 'red', label: 'console.timeline.role_unfilled' },
  update_overdue: { icon: IconSpeakerphone, color: 'orange', label: 'console.timeline.update_overdue' },
  check_in_overdue: { icon: IconUserExclamation, color: 'orange', label: 'console.timeline.check_in_overdue' },
  war_room: { icon: IconUsersGroup, color: 'grape', label: 'console.timeline.war_room' },
  postmortem: { icon: IconClipboardCheck, color: 'indigo', label: 'console.timeline.postmortem' },
  action: { icon: IconChecklist, color: 'cyan', label: 'console.timeline.action' },
};

/** Oldest first; equal times keep the server's order (by id). */
function chronological(entries: TimelineEntry[]): TimelineEntry[] {
  return [...entries].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.id - b.id);
}

/**
 * Everything that happened to the incident, newest last, each with who did it and when; instants in messages
 * in the viewer's zone, and the retries of one delivery folded into one entry with their count.
 */
export function IncidentTimeline({ entries }: { entries: TimelineEntry[] }) {
  const t = useT();
  const name = usePersonName();
  const ordered = foldRetries(chronological(entries));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="timeline-heading">
      <Title order={2} size="h4" id="timeline-heading" mb="md">
        {t('console.timeline.title')}
      </Title>
      {ordered.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('console.timeline.empty')}
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2} active={ordered.length - 1} aria-label={t('console.timeline.label')}>
          {ordered.map(({ entry, count }) => {
            const look = KIND_LOOK[entry.kind];
            const KindIcon = look.icon;
            return (
              <Timeline.Item
                key={entry.id}
                color={look.color}
                bullet={<KindIcon size={14} aria-hidden />}
                title={count > 1 ? t('console.timeline.repeated', { label: t(look.label), count }) : t(look.label)}
                data-testid="timeline-entry"
                data-kind={entry.kind}
                data-count={count}
              >
                <Text size="sm">
                  {count > 1 ? t('console.timeline.attemptsFailed', { count }) : ''}
                  {/* The server's words (its own language work, issue 14), with names and times made local here. */}
                  <span data-i18n-value>{namePeople(localizeInstants(entry.message), name)}</span>
                </Text>
                <Text size="xs" c="dimmed" mt={2}>
                  <RelativeTime value={entry.at} size="xs" span />
                  <span data-i18n-value>
                    {DOT_SEPARATOR}
                    {name(entry.actor)}
                  </span>
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
