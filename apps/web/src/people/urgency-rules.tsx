import type { Urgency } from '@faultline/contracts';
import { ActionIcon, Button, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { duplicateRows, type RuleRow } from './rules-draft.ts';

const TITLE: Record<Urgency, string> = {
  high: 'High urgency (P1, P2 …)',
  low: 'Low urgency',
};

/** The rules of one urgency: which method, how many minutes after the page; rows editable in place. */
export function UrgencyRules({
  urgency,
  rows,
  methods,
  onChange,
  readOnly,
}: {
  urgency: Urgency;
  rows: RuleRow[];
  methods: Array<{ value: string; label: string }>;
  onChange: (rows: RuleRow[]) => void;
  readOnly: boolean;
}) {
  const dups = new Set(duplicateRows(rows));
  const set = (i: number, patch: Partial<RuleRow>): void =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <Stack gap="xs" role="group" aria-label={`${urgency} urgency rules`}>
      <Text fw={600} size="sm">
        {TITLE[urgency]}
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          No rule: the first verified method is used at once.
        </Text>
      )}
      {rows.map((row, i) => (
        <Group key={i} gap="xs" align="flex-end" data-testid="rule-row">
          <Select
            label={`${urgency} rule ${i + 1} method`}
            data={methods}
            value={row.contactMethodId === null ? null : String(row.contactMethodId)}
            onChange={(v) => set(i, { contactMethodId: v === null ? null : Number(v) })}
            placeholder="choose a method"
            w={300}
            readOnly={readOnly}
            error={dups.has(i) ? 'the same method at the same delay twice' : undefined}
          />
          <NumberInput
            label="Minutes after the page"
            min={0}
            max={1440}
            w={180}
            value={row.delayMinutes}
            onChange={(v) => set(i, { delayMinutes: typeof v === 'number' ? v : Number(v) || 0 })}
            readOnly={readOnly}
          />
          {!readOnly && (
            <ActionIcon
              variant="subtle"
              color="red"
              mb={4}
              aria-label={`Remove ${urgency} rule ${i + 1}`}
              onClick={() => onChange(rows.filter((_, j) => j !== i))}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <Group>
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() =>
              onChange([
                ...rows,
                { contactMethodId: null, delayMinutes: rows.length ? (rows.at(-1)?.delayMinutes ?? 0) + 2 : 0 },
              ])
            }
          >
            Add {urgency} rule
          </Button>
        </Group>
      )}
    </Stack>
  );
}
