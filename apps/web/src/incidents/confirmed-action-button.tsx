import type { IncidentDetail } from '@faultline/contracts';
import { Alert, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { usePermissions } from '../api/people.ts';
import { errorMessage } from '../ui/states.tsx';
import { useT } from '../i18n/index.ts';

/** The mutation a confirmed action runs (a TanStack Query mutation taking no variables). */
interface ActionMutation {
  mutate(variables: undefined, options: { onSuccess: () => void }): void;
  reset(): void;
  isPending: boolean;
  isError: boolean;
  error: unknown;
}

export interface ConfirmedActionProps {
  incident: IncidentDetail;
  mutation: ActionMutation;
  /** Incident statuses in which the action is enabled; otherwise the button is disabled with `whyNot`. */
  enabledIn: ReadonlySet<string>;
  whyNot: string;
  /** A reason the action cannot succeed whatever the status (e.g. no escalation policy): disabled with it. */
  blockedWhy?: string | null | undefined;
  label: string;
  icon: ReactNode;
  color: string;
  /** Test ids `<testId>-button` and `<testId>-confirm`. */
  testId: string;
  dialogTitle: string;
  /** What the action does, shown in the confirmation dialog. */
  explanation: string;
  confirmLabel: string;
  /** Title of the error shown in the dialog when the server refuses. */
  failedTitle: string;
  /** A key that opens the confirmation, as the button does (the incident page's shortcuts). */
  hotkey?: string;
}

/**
 * A button for an incident action that pages or ends something (Escalate, Resolve): shown only to those with
 * `incident:respond` on the incident's team (what the server asks), disabled with a tooltip outside
 * `enabledIn`, and run only after a confirmation dialog, which also shows the server's refusal.
 */
export function ConfirmedActionButton(p: ConfirmedActionProps) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const { can } = usePermissions();
  const allowed = p.enabledIn.has(p.incident.status) && !p.blockedWhy;
  const close = (): void => {
    setOpen(false);
    p.mutation.reset();
  };
  const mayRespond = can('incident:respond', p.incident.team);
  useHotkeys(p.hotkey ? [[p.hotkey, () => mayRespond && allowed && setOpen(true)]] : []);
  if (!mayRespond) return null;
  const button = (
    <Button
      variant="light"
      color={p.color}
      leftSection={p.icon}
      disabled={!allowed}
      onClick={() => setOpen(true)}
      data-testid={`${p.testId}-button`}
    >
      {p.label}
    </Button>
  );
  return (
    <>
      {allowed ? (
        button
      ) : (
        <Tooltip label={p.blockedWhy || p.whyNot} withArrow>
          {/* A disabled button fires no pointer events; the wrapper lets the tooltip explain why. */}
          <span tabIndex={0}>{button}</span>
        </Tooltip>
      )}
      <Modal opened={open} onClose={close} title={p.dialogTitle} centered>
        <Stack gap="md">
          <Text size="sm">{p.explanation}</Text>
          {p.mutation.isError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle />} role="alert" title={p.failedTitle}>
              {errorMessage(p.mutation.error, t)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('console.action.cancel')}
            </Button>
            <Button
              color={p.color}
              loading={p.mutation.isPending}
              onClick={() => p.mutation.mutate(undefined, { onSuccess: () => setOpen(false) })}
              data-testid={`${p.testId}-confirm`}
            >
              {p.confirmLabel}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
