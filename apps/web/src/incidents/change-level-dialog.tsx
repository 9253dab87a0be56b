import type { IncidentDetail } from '@faultline/contracts';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertCircle, IconAlertTriangle, IconBellRinging } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useChangeLevel } from '../api/incidents.ts';
import { errorMessage } from '../ui/states.tsx';
import { LevelBadge, levelNumber, orderedLevels, sequenceName, sequencesWith } from './level-badge.tsx';
import { levelChangeDirection, levelChoices, MIN_REASON } from './level-change.ts';

const CLEAR = 'none';

/**
 * "Change level": a person sets or clears one sequence's level, with a reason (kept on the timeline). An
 * upgrade pages like an automatic one; a downgrade is warned about, since automatic grading only upgrades.
 */
export function ChangeLevelDialog({
  incident,
  opened,
  onClose,
}: {
  incident: IncidentDetail;
  opened: boolean;
  onClose: () => void;
}) {
  const changeLevel = useChangeLevel(incident.id);
  const present = orderedLevels(incident.levels);
  const [sequence, setSequence] = useState<string>(present[0]?.[0] ?? 'P');
  const [level, setLevel] = useState<string | null>(null);
  const [reason, setReason] = useState('');

  const currentLabel = incident.levels[sequence];
  const current = currentLabel === undefined ? undefined : (levelNumber(currentLabel) ?? undefined);
  const next = level === null ? undefined : level === CLEAR ? null : Number(level);
  const direction = next === undefined ? null : levelChangeDirection(current, next);
  const reasonOk = reason.trim().length >= MIN_REASON;
  const canSubmit = next !== undefined && direction !== 'same' && reasonOk;

  const close = (): void => {
    setLevel(null);
    setReason('');
    changeLevel.reset();
    onClose();
  };

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!canSubmit || next === undefined) return;
    changeLevel.mutate({ sequence, level: next, reason: reason.trim() }, { onSuccess: close });
  };

  const sequenceOptions = sequencesWith(Object.keys(incident.levels)).map((id) => ({
    value: id,
    label: `${id} · ${sequenceName(id)}${incident.levels[id] ? ` (now ${incident.levels[id]})` : ''}`,
  }));
  const levelOptions = [
    ...levelChoices(current).map((n) => ({
      value: String(n),
      label: `${sequence}${n}${n === 1 ? ' — most severe' : ''}`,
    })),
    { value: CLEAR, label: `No ${sequence} level (clear)`, disabled: current === undefined },
  ];

  return (
    <Modal opened={opened} onClose={close} title="Change level" size="md" centered>
      <form onSubmit={submit} noValidate data-testid="change-level-form">
        <Stack gap="sm">
          <Select
            label="Sequence"
            data={sequenceOptions}
            value={sequence}
            allowDeselect={false}
            onChange={(value) => {
              if (!value) return;
              setSequence(value);
              setLevel(null);
            }}
            comboboxProps={{ withinPortal: true }}
            data-testid="change-level-sequence"
          />
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              Now:
            </Text>
            {currentLabel ? (
              <LevelBadge sequence={sequence} level={currentLabel} counted={false} />
            ) : (
              <Text size="sm">no {sequence} level</Text>
            )}
          </Group>
          <Select
            label="New level"
            placeholder="Choose a level"
            data={levelOptions}
            value={level}
            onChange={setLevel}
            required
            error={direction === 'same' ? `${sequence} is already ${currentLabel ?? 'without a level'}` : undefined}
            data-testid="change-level-level"
          />
          {direction === 'downgrade' && (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle />} data-testid="downgrade-warning">
              This lowers {sequence}. Automatic grading only upgrades: it will not lower a level itself, and it will
              raise this one again as soon as a signal matches a more severe rule. A downgrade pages nobody.
            </Alert>
          )}
          {direction === 'upgrade' && (
            <Alert color="blue" variant="light" icon={<IconBellRinging />}>
              An upgrade pages like an automatic one.
            </Alert>
          )}
          <Textarea
            label="Reason"
            description="Kept on the timeline and shown in the level history."
            placeholder="Why this level?"
            required
            autosize
            minRows={2}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={reason.length > 0 && !reasonOk ? `At least ${MIN_REASON} characters` : undefined}
            data-testid="change-level-reason"
          />
          {changeLevel.isError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Level not changed">
              {errorMessage(changeLevel.error)}
            </Alert>
          )}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              type="submit"
              color={direction === 'downgrade' ? 'yellow' : undefined}
              disabled={!canSubmit}
              loading={changeLevel.isPending}
              data-testid="change-level-submit"
            >
              {direction === 'downgrade' ? 'Lower level' : 'Set level'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
