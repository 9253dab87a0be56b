import type { ResponseRoom } from '@faultline/contracts';
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconBrandSlack, IconMessages, IconVideo } from '@tabler/icons-react';
import { RelativeTime } from '../ui/time.tsx';
import { useT } from '../i18n/index.ts';
import { NUMBER_SIGN } from '../ui/punctuation.ts';

/**
 * The war room (issue 17 point 8): the conference-bridge link, the Slack channel and the Feishu, DingTalk and
 * WeCom group chats.
 * Shown only at levels that open one.
 */
export function WarRoomCard({ room }: { room: ResponseRoom }) {
  const t = useT();
  const w = room.warRoom;
  if (!w) return null;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="war-room-heading" data-testid="war-room">
      <Title order={2} size="h4" id="war-room-heading" mb="sm">
        {t('console.timeline.war_room')}
      </Title>
      <Stack gap="xs">
        {w.bridgeUrl ? (
          <Group gap="xs" wrap="nowrap">
            <IconVideo size={16} aria-hidden />
            <Anchor href={w.bridgeUrl} target="_blank" rel="noreferrer" size="sm" style={{ wordBreak: 'break-all' }}>
              {t('console.room.warRoom.join')}
            </Anchor>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('console.room.warRoom.noBridge')}
          </Text>
        )}
        {w.slack ? (
          <Group gap="xs" wrap="nowrap">
            <IconBrandSlack size={16} aria-hidden />
            <Text size="sm" data-i18n-value>
              {NUMBER_SIGN}
              {w.slack.name}
            </Text>
            {w.slack.archivedAt ? (
              <Group gap={4}>
                <Badge variant="light" color="gray">
                  {t('console.room.warRoom.archived')}
                </Badge>
                <RelativeTime value={w.slack.archivedAt} size="sm" />
              </Group>
            ) : (
              <Badge variant="light" color="green">
                {t('console.room.warRoom.open')}
              </Badge>
            )}
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('console.room.warRoom.noSlack')}
          </Text>
        )}
        {w.feishu && (
          <Group gap="xs" wrap="nowrap">
            <IconMessages size={16} aria-hidden />
            <Text size="sm">
              {t('console.room.warRoom.chat', { app: t('console.room.warRoom.feishu'), name: w.feishu.name })}
            </Text>
            <Badge variant="light" color={w.feishu.disbandedAt ? 'gray' : 'green'}>
              {w.feishu.disbandedAt ? t('console.room.warRoom.disbanded') : t('console.room.warRoom.open')}
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
                {t('console.room.warRoom.chat', {
                  app: t(v === 'dingtalk' ? 'console.room.warRoom.dingtalk' : 'console.room.warRoom.wecom'),
                  name: c.name,
                })}
              </Text>
              <Badge variant="light" color={c.closedAt ? 'gray' : 'green'}>
                {c.closedAt ? t('console.status.closed') : t('console.room.warRoom.open')}
              </Badge>
            </Group>
          );
        })}
      </Stack>
    </Card>
  );
}
