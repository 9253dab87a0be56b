import type { IncidentDetail, IncidentSummary } from '@faultline/contracts';
import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertCircle, IconVolume3 } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNoiseMark } from '../api/incidents.ts';
import { errorMessage } from '../ui/states.tsx';

/** The longest reason the server takes (contracts `NoiseInput`). */
export const MAX_NOISE_REASON = 1000;

/** "noise" on an incident a person marked as noise, with who and why as its title; nothing otherwise. */
export function NoiseBadge({
  incident,
  size = 'sm',
}: {
  incident: Pick<IncidentSummary, 'noise'>;
  size?: 'sm' | 'md';
}) {
  if (!incident.noise) return null;
  const why = incident.noise.reason ? `: ${incident.noise.reason}` : '';
  return (
    <Badge
      color="gray"
      variant="outline"
      size={size}
      data-testid="noise-badge"
      title={`marked by ${incident.noise.by}${why}`}
    >
      noise
    </Badge>
  );
}

/**
 * "Mark as noise": asks why (required, kept on the timeline and in the analytics' noise share) and marks the
 * incident; on a marked incident, "Not noise" takes the mark back after a confirmation. Marking does not
 * change the incident's status: it still has to be resolved. The server's refusal is shown in the dialog.
 */
export function NoiseButton({ incident }: { incident: IncidentDetail }) {
  const mark = useNoiseMark(incident.id);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const marked = incident.noise !== null;
  const close = (): void => {
    setOpen(false);
    setReason('');
    mark.reset();
  };
  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    if (!marked && reason.trim() === '') return;
    mark.mutate({ reason: marked ? null : reason.trim() }, { onSuccess: close });
  };
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconVolume3 size={18} aria-hidden />}
        onClick={() => setOpen(true)}
        data-testid="noise-button"
      >
        {marked ? 'Not noise' : 'Mark as noise'}
      </Button>
      <Modal opened={open} onClose={close} title={marked ? 'Take back the noise mark?' : 'Mark as noise'} centered>
        <form onSubmit={submit} noValidate data-testid="noise-form">
          <Stack gap="sm">
            {marked ? (
              <Text size="sm">
                Marked as noise by {incident.noise!.by}: {incident.noise!.reason}. Taking the mark back is recorded on
                the timeline.
              </Text>
            ) : (
              <>
                <Text size="sm">
                  Noise is an incident nobody needed to act on. The mark does not resolve the incident; it counts in the
                  noise share of its integration and rule in analytics.
                </Text>
                <Textarea
                  label="Reason"
                  description="Kept on the incident's timeline."
                  placeholder="Why this was noise"
                  required
                  autosize
                  minRows={2}
                  maxLength={MAX_NOISE_REASON}
                  value={reason}
                  onChange={(event) => setReason(event.currentTarget.value)}
                  data-testid="noise-reason"
                />
              </>
            )}
            {mark.isError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title="Not changed">
                {errorMessage(mark.error)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Cancel
              </Button>
              <Button
                type="submit"
                loading={mark.isPending}
                disabled={!marked && reason.trim() === ''}
                data-testid="noise-confirm"
              >
                {marked ? 'Take back' : 'Mark as noise'}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
