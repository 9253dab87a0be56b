import type { RecoveryStepView } from '@faultline/contracts';
import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useIncidentPlaybooks, useStepAction } from '../api/recovery.ts';
import { usePermissions } from '../api/people.ts';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';

const STATUS_COLOR: Record<RecoveryStepView['status'], string> = {
  not_started: 'gray',
  awaiting_approval: 'yellow',
  queued: 'blue',
  running: 'blue',
  succeeded: 'green',
  done: 'green',
  failed: 'red',
  skipped: 'gray',
};

const APPROVED_AS: Record<NonNullable<RecoveryStepView['approvals'][number]['as']>, string> = {
  coordinator: 'coordinator',
  approver: 'approver',
  override: 'manager/admin',
};

function StepItem({ incidentId, step, canAct }: { incidentId: number; step: RecoveryStepView; canAct: boolean }) {
  const action = useStepAction(incidentId);
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const act = (a: 'run' | 'approve' | 'skip') =>
    action.mutate(
      { playbookId: step.playbookId, stepId: step.stepId, action: a, reason },
      { onSuccess: () => setSkipping(false) },
    );
  const canRun = step.status === 'not_started' || step.status === 'failed';
  // The server decides who may approve (the coordinator, listed approvers, managers, admins; not the requester).
  const canApprove = step.canApprove;
  const canSkip = ['not_started', 'awaiting_approval', 'failed'].includes(step.status);
  return (
    <Stack gap={4} data-testid={`step-${step.stepId}`} aria-label={`Step ${step.stepId}`}>
      <Group justify="space-between" wrap="nowrap">
        <Group gap="xs" wrap="nowrap">
          <Badge variant="light">{step.method}</Badge>
          <Text size="sm" fw={600}>
            {step.stepId}
          </Text>
          {step.targets.length > 0 && (
            <Text size="xs" c="dimmed">
              on {step.targets.join(', ')}
            </Text>
          )}
        </Group>
        <Badge color={STATUS_COLOR[step.status]} data-testid="step-status">
          {step.status.replace('_', ' ')}
        </Badge>
      </Group>
      <Text size="sm">{step.guidance}</Text>
      {step.change && (
        <Text size="xs" data-testid="step-change">
          Rolls back change #{step.change.id} ({step.change.kind} on {step.change.services.join(', ')}):{' '}
          {step.change.summary}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        {step.automated ? 'Automated' : 'By hand'}
        {step.approvalsNeeded > 0 &&
          ` · ${step.approvals.length} of ${step.approvalsNeeded} approval${step.approvalsNeeded > 1 ? 's' : ''}`}
        {step.approvals.length > 0 &&
          ` (${step.approvals.map((a) => (a.as ? `${a.by} as ${APPROVED_AS[a.as]}` : a.by)).join(', ')})`}
        {step.requestedBy && ` · asked by ${step.requestedBy}`}
        {step.attempts > 0 && ` · ${step.attempts} attempt${step.attempts > 1 ? 's' : ''}`}
      </Text>
      {step.status === 'awaiting_approval' && (
        <Text size="xs" data-testid="step-approvers">
          May approve: {step.approvers}
        </Text>
      )}
      {step.lastAnswer && (
        <Text size="xs" ff="monospace" data-testid="step-answer">
          HTTP {step.lastAnswer.status}: {step.lastAnswer.body}
        </Text>
      )}
      {step.status === 'failed' && step.lastError && (
        <Alert color="red" variant="light" p="xs" data-testid="step-error">
          {step.lastError} — retry when the cause is fixed.
        </Alert>
      )}
      {step.skipReason && <Text size="xs">Skipped: {step.skipReason}</Text>}
      {action.isError && (
        <Alert color="red" variant="light" role="alert" p="xs">
          {errorMessage(action.error)}
        </Alert>
      )}
      {canAct &&
        (skipping ? (
          <Group gap="xs" align="flex-end">
            <TextInput
              size="xs"
              label="Why skip it?"
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              style={{ flex: 1 }}
            />
            <Button size="xs" color="gray" loading={action.isPending} onClick={() => act('skip')}>
              Skip step
            </Button>
            <Button size="xs" variant="default" onClick={() => setSkipping(false)}>
              Cancel
            </Button>
          </Group>
        ) : (
          <Group gap="xs">
            {canRun && (
              <Button size="compact-xs" loading={action.isPending} onClick={() => act('run')}>
                {step.status === 'failed' ? 'Retry' : step.automated ? 'Run' : 'Mark done'}
              </Button>
            )}
            {canApprove && (
              <Button size="compact-xs" color="teal" loading={action.isPending} onClick={() => act('approve')}>
                Approve
              </Button>
            )}
            {canSkip && (
              <Button size="compact-xs" variant="default" onClick={() => setSkipping(true)}>
                Skip…
              </Button>
            )}
          </Group>
        ))}
    </Stack>
  );
}

/**
 * The incident's recovery playbooks (docs/recovery.md): each matching playbook's steps in order with their
 * method, targets, guidance, approvals, automation answers and failures; responders run, approve, retry or
 * skip them, and the card shows the recovery_started_at key time.
 */
export function PlaybooksCard({ incidentId }: { incidentId: number }) {
  const playbooks = useIncidentPlaybooks(incidentId);
  const { canSomewhere } = usePermissions();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="recovery-heading">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="recovery-heading">
          Recovery
        </Title>
        {playbooks.data?.recoveryStartedAt && (
          <Text size="xs" data-testid="recovery-started-at">
            Recovery started <AbsoluteTime value={playbooks.data.recoveryStartedAt} size="xs" span />
          </Text>
        )}
      </Group>
      {playbooks.data?.nudge && !playbooks.data.recoveryStartedAt && (
        <Alert color="orange" variant="light" mb="sm" title="Restore service first" data-testid="recovery-nudge">
          <Text size="sm">{playbooks.data.nudge.message}</Text>
          <Text size="xs" c="dimmed">
            Told <AbsoluteTime value={playbooks.data.nudge.at} size="xs" span />
          </Text>
        </Alert>
      )}
      {playbooks.isPending ? (
        <LoadingState label="Loading playbooks…" />
      ) : playbooks.isError ? (
        <ErrorState title="Cannot load playbooks" error={playbooks.error} onRetry={() => void playbooks.refetch()} />
      ) : playbooks.data.playbooks.length === 0 ? (
        <Text size="sm" c="dimmed">
          No playbook matches this incident.
        </Text>
      ) : (
        <Stack gap="lg">
          {playbooks.data.playbooks.map((p) => (
            <Stack key={p.id} gap="sm" data-testid={`playbook-${p.id}`}>
              <Text fw={600}>{p.name}</Text>
              {p.steps.map((s) => (
                <StepItem key={s.stepId} incidentId={incidentId} step={s} canAct={canSomewhere('incident:respond')} />
              ))}
            </Stack>
          ))}
        </Stack>
      )}
    </Card>
  );
}
