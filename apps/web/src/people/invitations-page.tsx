import { Alert, Button, Card, Group, Stack, Text } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { InvitationView } from '@faultline/contracts';
import { useAnswerInvitation, useMyInvitations } from '../api/people.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { AbsoluteTime } from '../ui/time.tsx';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { usePersonName } from './use-person-name.ts';

function InvitationCard({ inv, answer }: { inv: InvitationView; answer: ReturnType<typeof useAnswerInvitation> }) {
  const busy = answer.isPending && answer.variables?.id === inv.id;
  const name = usePersonName();
  return (
    <Card
      withBorder
      padding="lg"
      component="section"
      aria-label={`Invitation to ${inv.teamName}`}
      data-testid="my-invitation"
      data-team={inv.team}
    >
      <Stack gap="xs">
        <Text fw={600}>
          {name(inv.invitedBy)} invited you to the team {inv.teamName} as {inv.role}
        </Text>
        <Text size="sm" c="dimmed">
          Members of a team may be paged for its incidents and see them. Nothing changes unless you accept.
        </Text>
        <Text size="sm">
          Invited <AbsoluteTime value={inv.createdAt} size="sm" />; expires{' '}
          <AbsoluteTime value={inv.expiresAt} size="sm" data-testid="invitation-expires" />.
        </Text>
        <Group gap="sm">
          <Button
            leftSection={<IconCheck size={14} aria-hidden />}
            loading={busy && answer.variables?.answer === 'accept'}
            disabled={busy}
            onClick={() => answer.mutate({ id: inv.id, answer: 'accept' })}
          >
            Accept
          </Button>
          <Button
            variant="default"
            leftSection={<IconX size={14} aria-hidden />}
            loading={busy && answer.variables?.answer === 'decline'}
            disabled={busy}
            onClick={() => answer.mutate({ id: inv.id, answer: 'decline' })}
          >
            Decline
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/**
 * `/people/invitations`: the signed-in person's pending invitations to teams, to accept or decline (the
 * invitation email links here). Times in the viewer's zone.
 */
export function InvitationsPage() {
  const invitations = useMyInvitations();
  const answer = useAnswerInvitation();
  return (
    <PageShell
      section="people"
      title="Invitations"
      description="You join a team only if you accept: its managers cannot add you without asking."
    >
      {answer.isError && (
        <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => answer.reset()}>
          {errorMessage(answer.error)}
        </Alert>
      )}
      {answer.isSuccess && (
        <Alert color={answer.data.status === 'accepted' ? 'green' : 'gray'} variant="light" role="status">
          {answer.data.status === 'accepted'
            ? `You are now a ${answer.data.role} of ${answer.data.teamName}.`
            : `You declined the invitation to ${answer.data.teamName}.`}
        </Alert>
      )}
      {invitations.isPending ? (
        <LoadingState label="Loading invitations…" />
      ) : invitations.isError ? (
        <ErrorState
          title="Cannot load your invitations"
          error={invitations.error}
          onRetry={() => void invitations.refetch()}
        />
      ) : invitations.data.length === 0 ? (
        <Text c="dimmed">No pending invitations.</Text>
      ) : (
        invitations.data.map((inv) => <InvitationCard key={inv.id} inv={inv} answer={answer} />)
      )}
    </PageShell>
  );
}
