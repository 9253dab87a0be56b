import { Alert, Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useSaveSchedule } from '../api/oncall.ts';
import { SaveFooter } from '../ui/save-footer.tsx';
import { fieldErrors, unshownErrors } from './field-errors.ts';
import { LayerEditor } from './layer-editor.tsx';
import { bodyFromDraft, editorPaths, isShown, newLayer, type ScheduleDraft } from './schedule-draft.ts';
import { TIME_ZONES } from './time-zones.ts';
import { nextMondayNine } from './calendar-math.ts';

/**
 * The schedule editor: id (fixed once created), name, owning team, zone and layers. The server validates
 * the whole body; its 400 answer's field paths are shown on the fields, and any it names that the form has
 * no field for are listed above the buttons. `readOnly` shows a config schedule without edit controls.
 */
export function ScheduleEditor({
  initial,
  isNew,
  readOnly,
  teams,
  people,
  onSaved,
  onCancel,
}: {
  initial: ScheduleDraft;
  isNew: boolean;
  readOnly: boolean;
  teams: string[];
  people: string[];
  onSaved?: (id: string) => void;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState(initial);
  const save = useSaveSchedule(isNew ? null : initial.id);
  const errors = fieldErrors(save.error);
  const paths = editorPaths(draft);
  const unshown = unshownErrors(errors, (p) => isShown(paths, p));
  const set = (patch: Partial<ScheduleDraft>): void => setDraft((d) => ({ ...d, ...patch }));
  const setLayers = (layers: ScheduleDraft['layers']): void => set({ layers });

  return (
    <Stack
      gap="md"
      component="form"
      aria-label="Schedule"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(bodyFromDraft(draft), { onSuccess: (saved) => onSaved?.(saved.id) });
      }}
    >
      <Group grow align="flex-start">
        <TextInput
          label="Schedule id"
          description="Lowercase letters, digits, . _ -"
          value={draft.id}
          onChange={(e) => set({ id: e.currentTarget.value })}
          error={errors.get('id')}
          required
          readOnly={readOnly || !isNew}
        />
        <TextInput
          label="Schedule name"
          value={draft.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={errors.get('name')}
          readOnly={readOnly}
        />
        <Select
          label="Team"
          placeholder="none (server-wide)"
          data={teams}
          value={draft.team || null}
          onChange={(team) => set({ team: team ?? '' })}
          clearable
          error={errors.get('team')}
          readOnly={readOnly}
        />
        <Select
          label="Time zone"
          data={TIME_ZONES}
          searchable
          value={draft.timeZone}
          onChange={(timeZone) => timeZone && set({ timeZone })}
          allowDeselect={false}
          error={errors.get('timeZone')}
          readOnly={readOnly}
        />
      </Group>
      {draft.layers.map((layer, i) => (
        <LayerEditor
          key={i}
          index={i}
          count={draft.layers.length}
          layer={layer}
          people={people}
          errors={errors}
          readOnly={readOnly}
          onChange={(next) => setLayers(draft.layers.map((l, j) => (j === i ? next : l)))}
          onRemove={() => setLayers(draft.layers.filter((_, j) => j !== i))}
          onMove={(direction) => {
            const layers = [...draft.layers];
            const [moved] = layers.splice(i, 1);
            layers.splice(i + direction, 0, moved!);
            setLayers(layers);
          }}
        />
      ))}
      {errors.get('layers') && (
        <Alert color="red" variant="light" role="alert">
          {errors.get('layers')}
        </Alert>
      )}
      {!readOnly && (
        <>
          <Group>
            <Button
              variant="default"
              leftSection={<IconPlus size={14} aria-hidden />}
              onClick={() =>
                setLayers([...draft.layers, newLayer(draft.layers.length, nextMondayNine(Date.now(), draft.timeZone))])
              }
            >
              Add layer
            </Button>
          </Group>
          <SaveFooter
            save={save}
            fieldErrorCount={errors.size}
            unshown={unshown}
            onCancel={onCancel}
            submitLabel={isNew ? 'Create schedule' : 'Save schedule'}
          />
        </>
      )}
    </Stack>
  );
}
