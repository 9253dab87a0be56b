import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import '@mantine/dates/styles.css';
import dayjs from 'dayjs';
import { IconArrowDown, IconArrowUp, IconPlus, IconTrash } from '@tabler/icons-react';
import { errorBelow, type LayerDraft, newRestriction, SHIFT_UNITS } from './schedule-draft.ts';
import { RestrictionRow } from './restriction-row.tsx';
import { TIME_ZONES } from './time-zones.ts';

/** The picker's `YYYY-MM-DD HH:mm:ss` ↔ the layer's `YYYY-MM-DDTHH:mm`: both wall-clock, no zone applied. */
const toPicker = (local: string): string | null => (local ? `${local.replace('T', ' ')}:00` : null);
const fromPicker = (value: string | null): string => (value ? dayjs(value).format('YYYY-MM-DDTHH:mm') : '');

/**
 * One layer (rotation) of a schedule: id, name, participants in turn, shift length, first hand-off (local
 * wall-clock time in the layer's zone), an optional zone of its own, and restrictions. Errors from the server
 * are looked up under `layers.<index>`.
 */
export function LayerEditor({
  index,
  count,
  layer,
  onChange,
  onMove,
  onRemove,
  errors,
  people,
  readOnly,
}: {
  index: number;
  count: number;
  layer: LayerDraft;
  onChange: (next: LayerDraft) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
  errors: Map<string, string>;
  people: string[];
  readOnly: boolean;
}) {
  const p = `layers.${index}`;
  const name = `Layer ${index + 1}`;
  const set = (patch: Partial<LayerDraft>): void => onChange({ ...layer, ...patch });
  return (
    <Card withBorder padding="md" component="fieldset" aria-label={name} data-testid="layer-editor" m={0}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Text fw={600}>
            {name}
            {index === count - 1 && count > 1 ? ' (top: wins where it has someone)' : ''}
          </Text>
          {!readOnly && (
            <Group gap={4}>
              <Tooltip label="Earlier: loses to the layers after it">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move ${name} earlier`}
                  disabled={index === 0}
                  onClick={() => onMove(-1)}
                >
                  <IconArrowUp size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <Tooltip label="Later: wins over the layers before it">
                <ActionIcon
                  variant="subtle"
                  aria-label={`Move ${name} later`}
                  disabled={index === count - 1}
                  onClick={() => onMove(1)}
                >
                  <IconArrowDown size={16} aria-hidden />
                </ActionIcon>
              </Tooltip>
              <ActionIcon variant="subtle" color="red" aria-label={`Remove ${name}`} onClick={onRemove}>
                <IconTrash size={16} aria-hidden />
              </ActionIcon>
            </Group>
          )}
        </Group>
        <Group grow align="flex-start">
          <TextInput
            label="Layer id"
            value={layer.id}
            onChange={(e) => set({ id: e.currentTarget.value })}
            error={errors.get(`${p}.id`)}
            required
            readOnly={readOnly}
          />
          <TextInput
            label="Layer name"
            value={layer.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={errors.get(`${p}.name`)}
            readOnly={readOnly}
          />
        </Group>
        <TagsInput
          label="Participants, in rotation order"
          description="Emails; press Enter after each. A person may appear twice."
          data={people}
          value={layer.participants}
          onChange={(participants) => set({ participants })}
          allowDuplicates
          error={errorBelow(errors, `${p}.participants`)}
          readOnly={readOnly}
        />
        <Group grow align="flex-start">
          <NumberInput
            label="Shift length"
            min={1}
            value={layer.every}
            onChange={(v) => set({ every: typeof v === 'number' ? v : Number(v) || 0 })}
            error={errorBelow(errors, `${p}.shift`)}
            readOnly={readOnly}
          />
          <Select
            label="Unit"
            data={[...SHIFT_UNITS]}
            value={layer.unit}
            onChange={(u) => u && set({ unit: u as LayerDraft['unit'] })}
            allowDeselect={false}
            readOnly={readOnly}
          />
          <DateTimePicker
            label="First hand-off (local time)"
            description="Day and week shifts hand off at this time of day"
            value={toPicker(layer.start)}
            onChange={(v) => set({ start: fromPicker(v) })}
            valueFormat="ddd D MMM YYYY HH:mm"
            timePickerProps={{ format: '24h' }}
            error={errors.get(`${p}.start`)}
            readOnly={readOnly}
          />
          <Select
            label="Layer time zone"
            placeholder="the schedule's"
            data={TIME_ZONES}
            searchable
            clearable
            value={layer.timeZone || null}
            onChange={(z) => set({ timeZone: z ?? '' })}
            error={errors.get(`${p}.timeZone`)}
            readOnly={readOnly}
          />
        </Group>
        <Stack gap="xs">
          <Text size="sm" fw={500}>
            Restrictions{' '}
            {layer.restrictions.length === 0 && (
              <Text span c="dimmed" size="sm">
                — none: on call all the time
              </Text>
            )}
          </Text>
          {layer.restrictions.map((r, k) => (
            <RestrictionRow
              key={k}
              label={`${name} restriction ${k + 1}`}
              value={r}
              onChange={(next) => set({ restrictions: layer.restrictions.map((x, j) => (j === k ? next : x)) })}
              onRemove={() => set({ restrictions: layer.restrictions.filter((_, j) => j !== k) })}
              error={errorBelow(errors, `${p}.restrictions.${k}`)}
              readOnly={readOnly}
            />
          ))}
          {errors.get(`${p}.restrictions`) && (
            <Text size="xs" c="red">
              {errors.get(`${p}.restrictions`)}
            </Text>
          )}
          {!readOnly && (
            <Group>
              <Button
                size="xs"
                variant="subtle"
                leftSection={<IconPlus size={14} aria-hidden />}
                onClick={() => set({ restrictions: [...layer.restrictions, newRestriction()] })}
              >
                Add restriction
              </Button>
            </Group>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}
