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

/** Icon, colour and heading of each timeline kind; a `Record` so a new kind in the contract fails to compile here. */
const KIND_LOOK: Record<TimelineKind, { icon: Icon; color: MantineColor; label: string }> = {
  incident_opened: { icon: IconFlame, color: 'red', label: 'Incident opened' },
  alert_joined: { icon: IconBellPlus, color: 'orange', label: 'Alert joined' },
  alert_repeated: { icon: IconRepeat, color: 'gray', label: 'Alert repeated' },
  alert_resolved: { icon: IconBellCheck, color: 'green', label: 'Alert resolved' },
  level_set: { icon: IconGauge, color: 'grape', label: 'Level set' },
  notification_sent: { icon: IconSend, color: 'blue', label: 'Notification sent' },
  notification_failed: { icon: IconSendOff, color: 'red', label: 'Notification failed' },
  acknowledged: { icon: IconUserCheck, color: 'yellow', label: 'Acknowledged' },
  mitigated: { icon: IconShieldCheck, color: 'teal', label: 'Mitigated' },
  resolved: { icon: IconCircleCheck, color: 'green', label: 'Resolved' },
  reopened: { icon: IconRefreshAlert, color: 'orange', label: 'Reopened' },
  note: { icon: IconNote, color: 'gray', label: 'Note' },
  change_verdict: { icon: IconGitCommit, color: 'violet', label: 'Change labelled' },
  recovery_step: { icon: IconFirstAidKit, color: 'teal', label: 'Recovery step' },
  recovery_nudge: { icon: IconAlarm, color: 'orange', label: 'Recover target nears' },
  facts_updated: { icon: IconClipboardData, color: 'indigo', label: 'Impact facts updated' },
  level_changed: { icon: IconArrowsUpDown, color: 'grape', label: 'Level changed' },
  risk_promoted: { icon: IconArrowBigUpLines, color: 'red', label: 'Risk promoted' },
  risk_dismissed: { icon: IconEyeOff, color: 'gray', label: 'Risk dismissed' },
  noise_marked: { icon: IconVolume3, color: 'gray', label: 'Marked as noise' },
  noise_unmarked: { icon: IconVolume, color: 'gray', label: 'Noise mark taken back' },
  kpi_breach: { icon: IconTrendingDown, color: 'red', label: 'KPI breach' },
  kpi_recovered: { icon: IconTrendingUp, color: 'green', label: 'KPI recovered' },
  page_held: { icon: IconBellOff, color: 'gray', label: 'Page held (muted)' },
  page_released: { icon: IconBellRinging, color: 'orange', label: 'Held page sent' },
  page_dropped: { icon: IconBellX, color: 'gray', label: 'Held page dropped' },
  cancelled: { icon: IconBan, color: 'dark', label: 'Cancelled (false alarm)' },
  closed: { icon: IconLock, color: 'gray', label: 'Closed' },
  key_time_set: { icon: IconClockEdit, color: 'indigo', label: 'Key time set' },
  role_changed: { icon: IconUsersGroup, color: 'cyan', label: 'Role changed' },
  check_in: { icon: IconUserCheck, color: 'cyan', label: 'Check-in' },
  status_update: { icon: IconSpeakerphone, color: 'blue', label: 'Status update' },
  clock_breached: { icon: IconAlarm, color: 'red', label: '1-5-10 target breached' },
  role_unfilled: { icon: IconUserExclamation, color: 'red', label: 'Role unfilled' },
  update_overdue: { icon: IconSpeakerphone, color: 'orange', label: 'Update overdue' },
  check_in_overdue: { icon: IconUserExclamation, color: 'orange', label: 'Check-in overdue' },
  war_room: { icon: IconUsersGroup, color: 'grape', label: 'War room' },
  postmortem: { icon: IconClipboardCheck, color: 'indigo', label: 'Postmortem' },
  action: { icon: IconChecklist, color: 'cyan', label: 'Improvement action' },
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
  const name = usePersonName();
  const ordered = foldRetries(chronological(entries));
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="timeline-heading">
      <Title order={2} size="h4" id="timeline-heading" mb="md">
        Timeline
      </Title>
      {ordered.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nothing has happened yet.
        </Text>
      ) : (
        <Timeline bulletSize={26} lineWidth={2} active={ordered.length - 1} aria-label="Incident timeline">
          {ordered.map(({ entry, count }) => {
            const look = KIND_LOOK[entry.kind];
            const KindIcon = look.icon;
            return (
              <Timeline.Item
                key={entry.id}
                color={look.color}
                bullet={<KindIcon size={14} aria-hidden />}
                title={count > 1 ? `${look.label} ×${count}` : look.label}
                data-testid="timeline-entry"
                data-kind={entry.kind}
                data-count={count}
              >
                <Text size="sm">
                  {count > 1 ? `${count} attempts failed; the latest: ` : ''}
                  {namePeople(localizeInstants(entry.message), name)}
                </Text>
                <Text size="xs" c="dimmed" mt={2}>
                  <RelativeTime value={entry.at} size="xs" span /> · {name(entry.actor)}
                </Text>
              </Timeline.Item>
            );
          })}
        </Timeline>
      )}
    </Card>
  );
}
