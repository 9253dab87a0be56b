import type { ResponseRoom } from '@faultline/contracts';
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconBrandSlack, IconMessages, IconVideo } from '@tabler/icons-react';
import { RelativeTime } from '../ui/time.tsx';

/**
 * The war room (issue 17 point 8): the conference-bridge link, the Slack channel and the Feishu, DingTalk and
 * WeCom group chats.
 * Shown only at levels that open one.
 */
export function WarRoomCard({ room }: { room: ResponseRoom }) {
  const w = room.warRoom;
  if (!w) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="war-room-heading" data-testid="war-room">
      <Title order={2} size="h4" id="war-room-heading" mb="sm">
        War room
      </Title>
      <Stack gap="xs">
        {w.bridgeUrl ? (
          <Group gap="xs" wrap="nowrap">
            <IconVideo size={16} aria-hidden />
            <Anchor href={w.bridgeUrl} target="_blank" rel="noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>
              Join the bridge
            </Anchor>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            No conference bridge configured.
          </Text>
        )}
        {w.slack ? (
          <Group gap="xs" wrap="nowrap">
            <IconBrandSlack size={16} aria-hidden />
            <Text size="sm">#{w.slack.name}</Text>
            {w.slack.archivedAt ? (
              <Group gap={4}>
                <Badge variant="light" color="gray">
                  archived
                </Badge>
                <RelativeTime value={w.slack.archivedAt} size="sm" />
              </Group>
            ) : (
              <Badge variant="light" color="green">
                open
              </Badge>
            )}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            No Slack channel yet.
          </Text>
        )}
        {w.feishu && (
          <Group gap="xs" wrap="nowrap">
            <IconMessages size={16} aria-hidden />
            <Text size="sm">Feishu: {w.feishu.name}</Text>
            <Badge variant="light" color={w.feishu.disbandedAt ? 'gray' : 'green'}>
              {w.feishu.disbandedAt ? 'disbanded' : 'open'}
            </Badge>
          </Group>
        )}
        {(['dingtalk', 'wecom'] as const).map((v) => {
          const c = w[v];
          if (!c) return null;
          return (
            <Group key={v} gap="xs" wrap="nowrap">
              <IconMessages size={16} aria-hidden />
              <Text size="sm">
                {v === 'dingtalk' ? 'DingTalk' : 'WeCom'}: {c.name}
              </Text>
              <Badge variant="light" color={c.closedAt ? 'gray' : 'green'}>
                {c.closedAt ? 'closed' : 'open'}
              </Badge>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
