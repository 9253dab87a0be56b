import { Alert, Card, Group, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { useUserICalLink } from '../api/contact.ts';
import { usePermissions, useUser } from '../api/people.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { ContactMethodsCard } from './contact-methods-card.tsx';
import { ICalLink } from './ical-link.tsx';
import { NotificationRulesCard } from './notification-rules-card.tsx';
import { UserDetailsCard } from './user-details-card.tsx';

function FeedCard({ userId }: { userId: number }) {
  const link = useUserICalLink(userId);
  return (
    <Card withBorder padding="lg">
      <ICalLink label="iCal feed of on-call shifts" link={link} />
    </Card>
  );
}

function Profile({ which }: { which: number | 'me' }) {
  const user = useUser(which);
  const { session, can } = usePermissions();
  if (user.isPending) return <LoadingState label="Loading profile…" />;
  if (user.isError) {
    const notAPerson = which === 'me' && user.error instanceof ApiRequestError && user.error.status === 404;
    if (notAPerson) {
      return (
        <Alert color="blue" variant="light" icon={<IconInfoCircle />} title="Signed in with a service token">
          <Text size="sm">
            “{session?.name}” is a token, not a person, so it has no profile. Open a person from{' '}
            <Text component={Link} to="/people/users" c="blue" size="sm" span>
              Users
            </Text>{' '}
            to see or change their contact methods and rules.
          </Text>
        </Alert>
      );
    }
    return <ErrorState title="Cannot load this person" error={user.error} onRetry={() => void user.refetch()} />;
  }
  const u = user.data;
  const self = session?.userId === u.id;
  const isAdmin = can('people:admin');
  const canContact = self || can('people:contact');
  return (
    <>
      <Group>
        <Text size="xl" fw={700} data-testid="profile-name">
          {u.name}
        </Text>
        <Text c="dimmed">{u.email}</Text>
      </Group>
      <UserDetailsCard user={u} canEdit={self || isAdmin} isAdmin={isAdmin} />
      <ContactMethodsCard userId={u.id} canEdit={canContact} />
      <NotificationRulesCard userId={u.id} canEdit={canContact} />
      <FeedCard userId={u.id} />
    </>
  );
}

/** `/people/me` (the signed-in person) and `/people/users/:id`: details, contact methods, rules and iCal feed. */
export function ProfilePage() {
  const raw = useParams().id;
  const which = raw && /^\d+$/.test(raw) ? Number(raw) : 'me';
  return (
    <PageShell section="people" title={which === 'me' ? 'My profile' : 'Person'}>
      <Profile key={String(which)} which={which} />
    </PageShell>
  );
}
