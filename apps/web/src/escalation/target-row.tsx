import { ActionIcon, Autocomplete, Group, Select } from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { TARGET_KINDS, type TargetDraft, type TargetKind } from './policy-draft.ts';

const KIND_LABEL: Record<TargetKind, string> = {
  user: 'Person',
  schedule: 'Schedule',
  team: 'Team',
  channel: 'Chat channel',
};
const PLACEHOLDER: Record<TargetKind, string> = {
  user: 'email',
  schedule: 'schedule id',
  team: 'team id',
  channel: 'channel id',
};

/** One target of a step: its kind and which person, schedule, team or channel; options suggested per kind. */
export function TargetRow({
  label,
  value,
  options,
  onChange,
  onRemove,
  readOnly,
  error,
}: {
  label: string;
  /** The server's message for this target, shown on its value. */
  error?: string | undefined;
  value: TargetDraft;
  options: Record<TargetKind, string[]>;
  onChange: (next: TargetDraft) => void;
  onRemove: (() => void) | null;
  readOnly: boolean;
}) {
  return (
    <Group gap="xs" align="flex-start" role="group" aria-label={label} wrap="nowrap">
      <Select
        label="Target kind"
        w={150}
        data={TARGET_KINDS.map((k) => ({ value: k, label: KIND_LABEL[k] }))}
        value={value.kind}
        onChange={(kind) => kind && onChange({ kind: kind as TargetKind, value: '' })}
        allowDeselect={false}
        readOnly={readOnly}
      />
      <Autocomplete
        label={KIND_LABEL[value.kind]}
        placeholder={PLACEHOLDER[value.kind]}
        data={options[value.kind]}
        value={value.value}
        onChange={(v) => onChange({ ...value, value: v })}
        style={{ flex: 1 }}
        readOnly={readOnly}
        error={error}
      />
      {onRemove && !readOnly && (
        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${label}`} onClick={onRemove} mt={28}>
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      )}
    </Group>
  );
}
