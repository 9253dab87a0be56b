import type { RecipientView } from '@faultline/contracts';
import { Badge, Group, Text } from '@mantine/core';
import { IconHash, IconUser } from '@tabler/icons-react';
import { usePersonName } from '../people/use-person-name.ts';

/** People (by name; the email on hover) and chat channels a step pages, as small badges; "nobody" when empty. */
export function RecipientChips({ recipients }: { recipients: RecipientView[] }) {
  const name = usePersonName();
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
          <Badge
            key={`u:${r.address}`}
            variant="light"
            tt="none"
            title={r.address}
            leftSection={<IconUser size={12} aria-hidden />}
          >
            {name(r.address)}
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
