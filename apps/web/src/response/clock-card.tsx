import type { ResponseRoom } from '@faultline/contracts';
import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formatDuration, liveStages, NOT_APPLICABLE } from './clock-view.ts';

const STAGE_LABEL = { detect: 'Detect', locate: 'Locate the cause', recover: 'Restore service' } as const;
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
  const now = useSecondTick();
  const stages = liveStages(room.clock, now);
  const anchor = room.clock.anchor;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="clock-heading" data-testid="clock-card">
      <Title order={2} size="h4" id="clock-heading" mb="xs">
        1-5-10 clock
      </Title>
      <Text size="xs" c="dimmed" mb="sm">
        {anchor
          ? `From ${anchor.milestone === 'impact_started_at' ? 'impact start' : 'detection (impact start unknown)'}`
          : 'No impact start or detection time yet'}
      </Text>
      <Stack gap="sm">
        {stages.map((s) => (
          <div key={s.stage} data-testid={`clock-${s.stage}`} data-state={s.state}>
            <Group justify="space-between" wrap="nowrap">
              <Text size="sm" fw={500}>
                {STAGE_LABEL[s.stage]}
              </Text>
              <Badge color={STATE_COLOR[s.state]} variant="light">
                {s.state === 'not-applicable' ? 'n/a' : s.state}
              </Badge>
            </Group>
            {s.state === 'not-applicable' ? (
              <Text size="xs" c="dimmed">
                {NOT_APPLICABLE[s.reason ?? ''] ?? s.reason}
              </Text>
            ) : (
              <>
                <Progress
                  value={s.targetMs ? Math.min(100, ((s.elapsedMs ?? 0) / s.targetMs) * 100) : 0}
                  color={STATE_COLOR[s.state]}
                  size="sm"
                  aria-label={`${STAGE_LABEL[s.stage]} elapsed against target`}
                />
                <Text size="xs" c="dimmed">
                  {formatDuration(s.elapsedMs)} of {formatDuration(s.targetMs)}
                </Text>
              </>
            )}
          </div>
        ))}
      </Stack>
    </Card>
  );
}
