import type { OverrideView } from '@faultline/contracts';
import { ActionIcon, Button, Card, Group, Modal, Table, Text, Title, Tooltip } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useDeleteOverride, useOverrides } from '../api/oncall.ts';
import { formatAbsolute } from '../ui/format-time.ts';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { OverrideForm } from './override-form.tsx';
import { usePersonName } from '../people/use-person-name.ts';

function OverrideRow({
  override,
  canEdit,
  onDelete,
}: {
  override: OverrideView;
  canEdit: boolean;
  onDelete: () => void;
}) {
  const name = usePersonName();
  return (
    <Table.Tr data-testid="override-row" data-user={override.user}>
      <Table.Td title={override.user}>{name(override.user)}</Table.Td>
      <Table.Td title={override.replaces ?? undefined}>
        {(override.replaces && name(override.replaces)) ?? (
          <Text size="sm" c="dimmed">
            everyone
          </Text>
        )}
      </Table.Td>
      <Table.Td>{formatAbsolute(override.start)}</Table.Td>
      <Table.Td>{formatAbsolute(override.end)}</Table.Td>
      <Table.Td>
        <Text size="xs" c="dimmed">
          {name(override.createdBy)}
        </Text>
      </Table.Td>
      <Table.Td>
        {canEdit && (
          <Tooltip label="Delete override">
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Delete the override for ${override.user}`}
              onClick={onDelete}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * The schedule's overrides and swaps (times in the viewer's zone), with "Create override" and delete for
 * those allowed to edit the schedule's team.
 */
export function OverridesCard({
  scheduleId,
  people,
  canEdit,
}: {
  scheduleId: string;
  people: string[];
  canEdit: boolean;
}) {
  const overrides = useOverrides(scheduleId);
  const remove = useDeleteOverride(scheduleId);
  const [open, setOpen] = useState(false);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="overrides-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="overrides-heading">
          Overrides
        </Title>
        {canEdit && (
          <Button size="xs" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setOpen(true)}>
            Create override
          </Button>
        )}
      </Group>
      {remove.isError && (
        <Text size="sm" c="red" role="alert" mb="xs">
          {errorMessage(remove.error)}
        </Text>
      )}
      {overrides.isPending ? (
        <LoadingState label="Loading overrides…" />
      ) : overrides.isError ? (
        <ErrorState title="Cannot load overrides" error={overrides.error} onRetry={() => void overrides.refetch()} />
      ) : overrides.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No overrides.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-labelledby="overrides-heading" verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>On call</Table.Th>
                <Table.Th>Instead of</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>To</Table.Th>
                <Table.Th>By</Table.Th>
                <Table.Th w={40} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {overrides.data.map((o) => (
                <OverrideRow key={o.id} override={o} canEdit={canEdit} onDelete={() => remove.mutate(o.id)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title="Override or swap" size="lg">
        <OverrideForm scheduleId={scheduleId} people={people} onDone={() => setOpen(false)} />
      </Modal>
    </Card>
  );
}
