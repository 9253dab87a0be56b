import type { ResponseRoom } from '@faultline/contracts';
import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDuration, liveStages, NOT_APPLICABLE } from './clock-view.ts';
import type { MessageId } from '@faultline/i18n';
import { useT } from '../i18n/index.ts';

const STAGE_LABEL: Record<'detect' | 'locate' | 'recover', MessageId> = {
  detect: 'console.room.clock.detect',
  locate: 'console.room.clock.locate',
  recover: 'console.room.clock.recover',
};
const STATE_LABEL: Record<keyof typeof STATE_COLOR, MessageId> = {
  met: 'console.room.clock.met',
  breached: 'console.room.clock.breached',
  running: 'console.room.clock.running',
  'not-applicable': 'console.room.clock.notApplicable',
};
const REASON_LABEL: Record<string, MessageId> = {
  'no-target': 'console.room.clock.noTarget',
  'no-anchor': 'console.room.clock.noAnchor',
  'anchored-on-detection': 'console.room.clock.anchoredOnDetection',
  cancelled: 'console.room.clock.cancelled',
};
const STATE_COLOR = { met: 'green', breached: 'red', running: 'blue', 'not-applicable': 'gray' } as const;

/** The current time, ticking every second while the clock is shown. */
function useSecondTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** The 1-5-10 clock: each stage's elapsed time against its target, live, met or breached. */
export function ClockCard({ room }: { room: ResponseRoom }) {
  const t = useT();
  const now = useSecondTick();
  const stages = liveStages(room.clock, now);
  const anchor = room.clock.anchor;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="clock-heading" data-testid="clock-card">
      <Title order={2} size="h4" id="clock-heading" mb="xs">
        {t('console.room.clock.title')}
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {anchor
          ? t(
              anchor.milestone === 'impact_started_at'
                ? 'console.room.clock.fromImpact'
                : 'console.room.clock.fromDetection',
            )
          : t('console.room.clock.noAnchorYet')}
      </Text>
      <Stack gap="sm">
        {stages.map((s) => (
          <div key={s.stage} data-testid={`clock-${s.stage}`} data-state={s.state}>
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={500}>
                {t(STAGE_LABEL[s.stage])}
              </Text>
              <Badge color={STATE_COLOR[s.state]} variant="light">
                {t(STATE_LABEL[s.state])}
              </Badge>
            </Group>
            {s.state === 'not-applicable' ? (
              <Text size="xs" c="dimmed">
                {REASON_LABEL[s.reason ?? '']
                  ? t(REASON_LABEL[s.reason ?? '']!)
                  : (NOT_APPLICABLE[s.reason ?? ''] ?? s.reason)}
              </Text>
            ) : (
              <>
                <Progress
                  value={s.targetMs ? Math.min(100, ((s.elapsedMs ?? 0) / s.targetMs) * 100) : 0}
                  color={STATE_COLOR[s.state]}
                  size="sm"
                  aria-label={t('console.room.clock.progress', { stage: t(STAGE_LABEL[s.stage]) })}
                />
                <Text size="xs" c="dimmed">
                  {t('console.room.clock.elapsed', {
                    elapsed: formatDuration(s.elapsedMs),
                    target: formatDuration(s.targetMs),
                  })}
                </Text>
              </>
            )}
          </div>
        ))}
      </Stack>
    </Card>
  );
}
