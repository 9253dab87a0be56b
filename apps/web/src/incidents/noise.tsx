import type { IncidentDetail, IncidentSummary } from '@faultline/contracts';
import { Alert, Badge, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertCircle, IconVolume3 } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useNoiseMark } from '../api/incidents.ts';
import { errorMessage } from '../ui/states.tsx';
import { useT } from '../i18n/index.ts';

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
  const t = useT();
  if (!incident.noise) return null;
  const { by, reason } = incident.noise;
  return (
    <Badge
      color="gray"
      variant="outline"
      size={size}
      data-testid="noise-badge"
      title={reason ? t('console.noise.markedByWhy', { by, reason }) : t('console.noise.markedBy', { by })}
    >
      {t('console.noise.badge')}
    </Badge>
  );
}

/**
 * "Mark as noise": asks why (required, kept on the timeline and in the analytics' noise share) and marks the
 * incident; on a marked incident, "Not noise" takes the mark back after a confirmation. Marking does not
 * change the incident's status: it still has to be resolved. The server's refusal is shown in the dialog.
 */
export function NoiseButton({ incident }: { incident: IncidentDetail }) {
  const t = useT();
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
        {marked ? t('console.noise.unmark') : t('console.noise.mark')}
      </Button>
      <Modal
        opened={open}
        onClose={close}
        title={marked ? t('console.noise.unmarkTitle') : t('console.noise.mark')}
        centered
      >
        <form onSubmit={submit} noValidate data-testid="noise-form">
          <Stack gap="sm">
            {marked ? (
              <Text size="sm">
                {t('console.noise.unmarkBody', { by: incident.noise!.by, reason: incident.noise!.reason ?? '' })}
              </Text>
            ) : (
              <>
                <Text size="sm">{t('console.noise.explanation')}</Text>
                <Textarea
                  label={t('console.noise.reason')}
                  description={t('console.noise.reasonHint')}
                  placeholder={t('console.noise.reasonPlaceholder')}
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
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle />}
                role="alert"
                title={t('console.noise.failed')}
              >
                {errorMessage(mark.error, t)}
              </Alert>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('console.action.cancel')}
              </Button>
              <Button
                type="submit"
                loading={mark.isPending}
                disabled={!marked && reason.trim() === ''}
                data-testid="noise-confirm"
              >
                {marked ? t('console.noise.takeBack') : t('console.noise.mark')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
