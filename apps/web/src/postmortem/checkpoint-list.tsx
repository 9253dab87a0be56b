import type { CheckpointView } from '@faultline/contracts';
import { Badge, Button, Group, List, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

const LABELS: Record<string, string> = {
  root_cause_classified: 'Root cause classified',
  changes_reviewed: 'Related changes reviewed',
  monitoring_reviewed: 'Monitoring reviewed',
  owner_assigned: 'Owner and team assigned',
  clock_met_or_explained: '1-5-10 met or explained',
  action_defined: 'An action with owner, due date and acceptance criteria',
};
const COLOR = { passed: 'green', waived: 'yellow', missing: 'red' } as const;

/** The checkpoints that gate publishing and closing; a missing one can be waived with a reason. */
export function CheckpointList({
  checkpoints,
  onWaive,
  canWaive,
}: {
  checkpoints: CheckpointView[];
  onWaive: (checkpoint: string, reason: string) => void;
  canWaive: boolean;
}) {
  const [waiving, setWaiving] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  return (
    <List spacing="xs" listStyleType="none" aria-label="Checkpoints">
      {checkpoints.map((c) => (
        <List.Item key={c.id} data-testid={`checkpoint-${c.id}`}>
          <Group gap="xs" wrap="nowrap">
            <Badge color={COLOR[c.state]} variant="light" w={90}>
              {c.state}
            </Badge>
            <Text size="sm">{LABELS[c.id] ?? c.id}</Text>
            {c.detail && (
              <Text size="sm" c="dimmed">
                — {c.detail}
              </Text>
            )}
            {c.state === 'missing' && canWaive && waiving !== c.id && (
              <Button size="compact-xs" variant="subtle" onClick={() => setWaiving(c.id)}>
                Waive
              </Button>
            )}
          </Group>
          {waiving === c.id && (
            <Group gap="xs" mt={4}>
              <TextInput
                size="xs"
                aria-label={`Reason to waive ${LABELS[c.id] ?? c.id}`}
                placeholder="Why it is waived (audited)"
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
              />
              <Button
                size="compact-sm"
                disabled={!reason.trim()}
                onClick={() => {
                  onWaive(c.id, reason);
                  setWaiving(null);
                  setReason('');
                }}
              >
                Waive checkpoint
              </Button>
            </Group>
          )}
        </List.Item>
      ))}
    </List>
  );
}
