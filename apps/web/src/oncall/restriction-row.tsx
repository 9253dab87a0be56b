import { ActionIcon, Group, Select, Text } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { IconTrash } from '@tabler/icons-react';
import { type RestrictionDraft, WEEKDAYS } from './schedule-draft.ts';

const DAY_OPTIONS = WEEKDAYS.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }));

/**
 * One restriction of a layer: every day from–to (`daily`), or from a day and time to another (`weekly`),
 * local time in the layer's zone. `label` names the row for screen readers ("Layer 1 restriction 2").
 */
export function RestrictionRow({
  label,
  value,
  onChange,
  onRemove,
  error,
  readOnly,
}: {
  label: string;
  value: RestrictionDraft;
  onChange: (next: RestrictionDraft) => void;
  onRemove: () => void;
  error: string | undefined;
  readOnly: boolean;
}) {
  const set = (patch: Partial<RestrictionDraft>): void => onChange({ ...value, ...patch });
  return (
    <div role="group" aria-label={label}>
      <Group gap="xs" align="flex-end" wrap="wrap">
        <Select
          label="Window"
          w={120}
          data={[
            { value: 'daily', label: 'Every day' },
            { value: 'weekly', label: 'Each week' },
          ]}
          value={value.kind}
          onChange={(kind) => kind && set({ kind: kind as RestrictionDraft['kind'] })}
          allowDeselect={false}
          readOnly={readOnly}
        />
        {value.kind === 'weekly' && (
          <Select
            label="From day"
            w={100}
            data={DAY_OPTIONS}
            value={value.fromDay}
            onChange={(d) => d && set({ fromDay: d as RestrictionDraft['fromDay'] })}
            allowDeselect={false}
            readOnly={readOnly}
          />
        )}
        <TimeInput
          label="From"
          w={110}
          value={value.fromTime}
          onChange={(e) => set({ fromTime: e.currentTarget.value })}
          readOnly={readOnly}
        />
        {value.kind === 'weekly' && (
          <Select
            label="To day"
            w={100}
            data={DAY_OPTIONS}
            value={value.toDay}
            onChange={(d) => d && set({ toDay: d as RestrictionDraft['toDay'] })}
            allowDeselect={false}
            readOnly={readOnly}
          />
        )}
        <TimeInput
          label="To"
          w={110}
          value={value.toTime}
          onChange={(e) => set({ toTime: e.currentTarget.value })}
          readOnly={readOnly}
        />
        {!readOnly && (
          <ActionIcon variant="subtle" color="red" aria-label={`Remove ${label}`} onClick={onRemove} mb={4}>
            <IconTrash size={16} aria-hidden />
          </ActionIcon>
        )}
      </Group>
      {error && (
        <Text size="xs" c="red" mt={2}>
          {error}
        </Text>
      )}
    </div>
  );
}
