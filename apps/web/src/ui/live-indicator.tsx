import { Box, Group, Text, Tooltip } from '@mantine/core';
import type { StreamState } from '../api/stream.ts';

const LOOK: Record<StreamState, { color: string; label: string; hint: string }> = {
  live: { color: 'var(--mantine-color-green-6)', label: 'Live', hint: 'Changes appear as they happen.' },
  connecting: { color: 'var(--mantine-color-gray-5)', label: 'Connecting…', hint: 'Opening the live connection.' },
  reconnecting: {
    color: 'var(--mantine-color-orange-6)',
    label: 'Reconnecting…',
    hint: 'The live connection dropped; what you see may be out of date until it is back.',
  },
};

/** A dot and a word saying whether the page receives live updates. */
export function LiveIndicator({ state }: { state: StreamState }) {
  const look = LOOK[state];
  return (
    <Tooltip label={look.hint} withArrow>
      <Group gap={6} wrap="nowrap" data-testid="live-indicator" data-state={state} role="status" aria-live="polite">
        <Box w={8} h={8} style={{ borderRadius: '50%', background: look.color }} aria-hidden />
        <Text size="sm" c="dimmed">
          {look.label}
        </Text>
      </Group>
    </Tooltip>
  );
}
