import type { RecipientView } from '@faultline/contracts';
import { Badge, Group, Text } from '@mantine/core';
import { IconHash, IconUser } from '@tabler/icons-react';

/** People (by email) and chat channels a step pages, as small badges; "nobody" when empty. */
export function RecipientChips({ recipients }: { recipients: RecipientView[] }) {
  if (recipients.length === 0) {
    return (
      <Text size="sm" c="red">
        nobody
      </Text>
    );
  }
  return (
    <Group gap={6}>
      {recipients.map((r) =>
        r.kind === 'email' ? (
          <Badge key={`u:${r.address}`} variant="light" tt="none" leftSection={<IconUser size={12} aria-hidden />}>
            {r.address}
          </Badge>
        ) : (
          <Badge
            key={`c:${r.channelId}`}
            variant="light"
            color="grape"
            tt="none"
            leftSection={<IconHash size={12} aria-hidden />}
          >
            {r.channelId}
          </Badge>
        ),
      )}
    </Group>
  );
}
