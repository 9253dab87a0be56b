import type { SimulatedPerson } from '@faultline/contracts';
import { Badge, Group, Stack, Text } from '@mantine/core';
import { formatAbsolute } from '../ui/format-time.ts';

/** A person a step would page: who, and each contact method with its delay and time — or why they would not be reached. */
export function SimulatedPersonView({ person }: { person: SimulatedPerson }) {
  return (
    <Stack
      gap={2}
      data-testid="simulated-person"
      data-email={person.email}
      data-reachable={person.reachable ? 'true' : 'false'}
    >
      <Group gap={6}>
        <Text size="sm" fw={500}>
          {person.name ?? person.email}
        </Text>
        {person.name && (
          <Text size="xs" c="dimmed">
            {person.email}
          </Text>
        )}
        {person.timeZone && (
          <Text size="xs" c="dimmed">
            · {person.timeZone}
          </Text>
        )}
        {!person.reachable && (
          <Badge color="red" variant="light" size="xs">
            not reached
          </Badge>
        )}
      </Group>
      {person.why && (
        <Text size="xs" c="red">
          {person.why}
        </Text>
      )}
      {person.contacts.map((c, i) => (
        <Text key={i} size="xs" data-testid="simulated-contact">
          <Text span fw={600} size="xs">
            {c.kind}
          </Text>{' '}
          {c.address} · {c.delayMinutes === 0 ? 'at once' : `after ${c.delayMinutes} min`} ·{' '}
          <Text span c="dimmed" size="xs">
            {formatAbsolute(c.at)}
          </Text>
        </Text>
      ))}
    </Stack>
  );
}
