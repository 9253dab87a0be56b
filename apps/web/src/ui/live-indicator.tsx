import { Box, Group, Text, Tooltip } from '@mantine/core';
import type { StreamState } from '../api/stream.ts';
import { useT } from '../i18n/index.ts';
import type { MessageId } from '@faultline/i18n';

const LOOK: Record<StreamState, { color: string; label: MessageId; hint: MessageId }> = {
  live: { color: 'var(--mantine-color-green-6)', label: 'console.live.live', hint: 'console.live.liveHint' },
  connecting: {
    color: 'var(--mantine-color-gray-5)',
    label: 'console.live.connecting',
    hint: 'console.live.connectingHint',
  },
  reconnecting: {
    color: 'var(--mantine-color-orange-6)',
    label: 'console.live.reconnecting',
    hint: 'console.live.reconnectingHint',
  },
};

/** A dot and a word saying whether the page receives live updates. */
export function LiveIndicator({ state }: { state: StreamState }) {
  const t = useT();
  const look = LOOK[state];
  return (
    <Tooltip label={t(look.hint)} withArrow>
      <Group gap={6} wrap="nowrap" data-testid="live-indicator" data-state={state} role="status" aria-live="polite">
        <Box w={8} h={8} style={{ borderRadius: '50%', background: look.color }} aria-hidden />
        <Text size="sm" c="dimmed">
          {t(look.label)}
        </Text>
      </Group>
    </Tooltip>
  );
}
