import type { BulkAction, BulkResponse } from '@faultline/contracts';
import { Alert, Button, Group, List, Modal, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useBulkAction } from '../api/incidents.ts';
import { errorMessage } from '../ui/states.tsx';
import { plural } from '../ui/plural.ts';

const WHAT: Record<BulkAction, { label: string; color: string; explain: string }> = {
  acknowledge: {
    label: 'Acknowledge',
    color: 'yellow',
    explain: 'Their escalation stops paging; you are recorded as the one who acknowledged each.',
  },
  resolve: {
    label: 'Resolve',
    color: 'green',
    explain: 'Their escalation ends, and the next alert of each group opens a new incident.',
  },
  escalate: {
    label: 'Escalate',
    color: 'red',
    explain: "Each runs its policy's next step now and pages its people at once.",
  },
};

/**
 * The bulk action bar of the incident list: acknowledge, resolve or escalate the selected incidents after ONE
 * confirmation; the server acts on each as its own button would and says which were not done and why.
 */
export function BulkBar({ selected, onDone }: { selected: number[]; onDone: () => void }) {
  const [action, setAction] = useState<BulkAction | null>(null);
  const [outcome, setOutcome] = useState<BulkResponse | null>(null);
  const bulk = useBulkAction();
  const close = () => {
    setAction(null);
    bulk.reset();
  };
  if (selected.length === 0 && !outcome) return null;
  const failed = outcome?.results.filter((r) => !r.ok) ?? [];
  return (
    <Paper withBorder p="sm" data-testid="bulk-bar">
      <Stack gap="xs">
        {selected.length > 0 && (
          <Group gap="sm" wrap="wrap">
            <Text size="sm" fw={500} data-testid="bulk-count">
              {plural(selected.length, 'incident')} selected
            </Text>
            {(Object.keys(WHAT) as BulkAction[]).map((a) => (
              <Button
                key={a}
                size="xs"
                variant="light"
                color={WHAT[a].color}
                onClick={() => setAction(a)}
                data-testid={`bulk-${a}`}
              >
                {WHAT[a].label}
              </Button>
            ))}
          </Group>
        )}
        {outcome && (
          <Alert
            color={failed.length ? 'orange' : 'green'}
            withCloseButton
            onClose={() => setOutcome(null)}
            data-testid="bulk-outcome"
            title={`${WHAT[outcome.action].label}: ${outcome.results.length - failed.length} of ${outcome.results.length} done`}
          >
            {failed.length > 0 && (
              <List size="sm">
                {failed.map((r) => (
                  <List.Item key={r.id}>
                    #{r.id}: {r.error?.message}
                  </List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}
      </Stack>
      <Modal
        opened={action !== null}
        onClose={close}
        title={action ? `${WHAT[action].label} ${plural(selected.length, 'incident')}?` : ''}
      >
        {action && (
          <Stack>
            <Text size="sm">{WHAT[action].explain}</Text>
            {bulk.isError && (
              <Alert color="red" title="Not done">
                {errorMessage(bulk.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                color={WHAT[action].color}
                loading={bulk.isPending}
                data-testid="bulk-confirm"
                onClick={() =>
                  bulk.mutate(
                    { action, ids: selected },
                    {
                      onSuccess: (r) => {
                        setOutcome(r);
                        close();
                        onDone();
                      },
                    },
                  )
                }
              >
                {WHAT[action].label} {plural(selected.length, 'incident')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Paper>
  );
}
