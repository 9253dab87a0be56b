import { Alert, Card, Group, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { usePermissions, useUser } from '../api/people.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { ContactMethodsCard } from './contact-methods-card.tsx';
import { FeedLinksCard } from './feed-links-card.tsx';
import { NotificationRulesCard } from './notification-rules-card.tsx';
import { UserDetailsCard } from './user-details-card.tsx';
import { PasswordCard } from './password-card.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** Where another person's contact methods and rules would be: who may see them instead. */
function PrivateContacts({ name }: { name: string }) {
  return (
    <Card withBorder padding="lg">
      <Text size="sm" c="dimmed" data-testid="contacts-private">
        Only {name} and admins see and change {name}’s contact methods and notification rules: whoever may change where
        a person is paged could take their pages over.
      </Text>
    </Card>
  );
}

function Profile({ which }: { which: number | 'me' }) {
  const { session, can } = usePermissions();
  // A service token (an admin's, say) is nobody: its "me" is not asked for (it would only answer 404).
  const token = which === 'me' && session !== null && session.userId == null;
  const user = useUser(which, session !== null && !token);
  if (token || user.isError) {
    const notAPerson = token || (which === 'me' && user.error instanceof ApiRequestError && user.error.status === 404);
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
  if (!u) return <LoadingState label="Loading profile…" />;
  const self = session?.userId === u.id;
  const isAdmin = can('people:admin');
  // Only the person or an admin: the API refuses everyone else (docs/security.md "Who can change whom").
  const canContact = self || can('people:contact');
  return (
    <>
      <Group>
        <Text size="xl" fw={700} data-testid="profile-name">
          {u.name}
        </Text>
        <Text c="dimmed">{u.email}</Text>
      </Group>
      {self && <LanguageSwitch user={u} />}
      <UserDetailsCard user={u} canEdit={self || isAdmin} isAdmin={isAdmin} />
      <PasswordCard user={u} self={self} isAdmin={isAdmin} />
      {canContact ? (
        <>
          <ContactMethodsCard userId={u.id} canEdit={canContact} />
          <NotificationRulesCard userId={u.id} canEdit={canContact} />
        </>
      ) : (
        <PrivateContacts name={u.name} />
      )}
      {(self || isAdmin) && (
        <FeedLinksCard kind="user" target={String(u.id)} title="iCal feed of on-call shifts" canCreate />
      )}
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
