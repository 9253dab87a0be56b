import type { IncidentSummary } from '@faultline/contracts';
import { Alert, Button, Group, Modal, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertCircle, IconBellRinging } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useDismissRisk, usePromoteRisk } from '../api/incidents.ts';
import { sequenceName, sequencesWith } from '../incidents/level-badge.tsx';
import { levelChoices, MIN_REASON } from '../incidents/level-change.ts';
import { errorMessage } from '../ui/states.tsx';

function ReasonInput({
  value,
  onChange,
  placeholder,
}: {
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
}) {
  const tooShort = value.length > 0 && value.trim().length < MIN_REASON;
  return (
    <Textarea
      label="Reason"
      description="Kept on the incident's timeline."
      placeholder={placeholder}
      required
      autosize
      minRows={2}
      maxLength={2000}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
      error={tooShort ? `At least ${MIN_REASON} characters` : undefined}
      data-testid="risk-reason"
    />
  );
}

function Failure({ error, title }: { error: unknown; title: string }) {
  return (
    <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title={title}>
      {errorMessage(error)}
    </Alert>
  );
}

/** Promotes a risk to an incident at a chosen level; it is then paged like a new incident. */
export function PromoteRiskDialog({
  risk,
  onClose,
  onDone,
}: {
  risk: IncidentSummary | null;
  onClose: () => void;
  onDone: (message: string, id: number) => void;
}) {
  const promote = usePromoteRisk();
  const [sequence, setSequence] = useState('P');
  const [level, setLevel] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const canSubmit = level !== null && reason.trim().length >= MIN_REASON;

  const close = (): void => {
    setSequence('P');
    setLevel(null);
    setReason('');
    promote.reset();
    onClose();
  };
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!risk || !canSubmit || level === null) return;
    const label = `${sequence}${level}`;
    promote.mutate(
      { id: risk.id, sequence, level: Number(level), reason: reason.trim() },
      {
        onSuccess: () => {
          onDone(`Risk #${risk.id} is now a ${label} incident; it pages like a new one.`, risk.id);
          close();
        },
      },
    );
  };

  return (
    <Modal opened={risk !== null} onClose={close} title="Promote to incident" centered>
      {risk && (
        <form onSubmit={submit} noValidate data-testid="promote-form">
          <Stack gap="sm">
            <Text size="sm">
              <Text span c="dimmed">
                #{risk.id}
              </Text>{' '}
              {risk.title}
            </Text>
            <Group grow align="flex-start">
              <Select
                label="Sequence"
                data={sequencesWith([]).map((id) => ({ value: id, label: `${id} · ${sequenceName(id)}` }))}
                value={sequence}
                allowDeselect={false}
                onChange={(value) => value && setSequence(value)}
                data-testid="promote-sequence"
              />
              <Select
                label="Level"
                placeholder="Choose"
                required
                data={levelChoices().map((n) => ({
                  value: String(n),
                  label: `${sequence}${n}${n === 1 ? ' — most severe' : ''}`,
                }))}
                value={level}
                onChange={setLevel}
                data-testid="promote-level"
              />
            </Group>
            <Alert color="blue" variant="light" icon={<IconBellRinging />}>
              The incident is paged like a new one at this level.
            </Alert>
            <ReasonInput value={reason} onChange={setReason} placeholder="Why this deserves a response" />
            {promote.isError && <Failure error={promote.error} title="Not promoted" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="red"
                disabled={!canSubmit}
                loading={promote.isPending}
                data-testid="promote-submit"
              >
                Promote
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}

/** Dismisses a risk with a reason: it is closed and pages nobody. */
export function DismissRiskDialog({
  risk,
  onClose,
  onDone,
}: {
  risk: IncidentSummary | null;
  onClose: () => void;
  onDone: (message: string, id: number) => void;
}) {
  const dismiss = useDismissRisk();
  const [reason, setReason] = useState('');
  const canSubmit = reason.trim().length >= MIN_REASON;

  const close = (): void => {
    setReason('');
    dismiss.reset();
    onClose();
  };
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!risk || !canSubmit) return;
    dismiss.mutate(
      { id: risk.id, reason: reason.trim() },
      {
        onSuccess: () => {
          onDone(`Risk #${risk.id} dismissed and closed.`, risk.id);
          close();
        },
      },
    );
  };

  return (
    <Modal opened={risk !== null} onClose={close} title="Dismiss risk" centered>
      {risk && (
        <form onSubmit={submit} noValidate data-testid="dismiss-form">
          <Stack gap="sm">
            <Text size="sm">
              <Text span c="dimmed">
                #{risk.id}
              </Text>{' '}
              {risk.title}
            </Text>
            <Text size="sm" c="dimmed">
              The risk is closed and nobody is paged.
            </Text>
            <ReasonInput value={reason} onChange={setReason} placeholder="Why no response is needed" />
            {dismiss.isError && <Failure error={dismiss.error} title="Not dismissed" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button type="submit" disabled={!canSubmit} loading={dismiss.isPending} data-testid="dismiss-submit">
                Dismiss
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
