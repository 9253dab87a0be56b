import { Alert, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useContactMethodActions, useContactMethods } from '../api/contact.ts';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { AddContactMethodForm } from './add-contact-method-form.tsx';
import { ContactMethodRow } from './contact-method-row.tsx';

/**
 * A person's contact methods: add one, send it a 6-digit code, type the code back to verify it, delete it.
 * Only verified methods are paged.
 */
export function ContactMethodsCard({ userId, canEdit }: { userId: number; canEdit: boolean }) {
  const methods = useContactMethods(userId);
  const actions = useContactMethodActions(userId);
  const failure = [actions.sendCode, actions.verify, actions.remove].find((m) => m.isError);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="contact-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="contact-heading">
          Contact methods
        </Title>
        <Text size="sm" c="dimmed">
          Only verified methods are paged. Verify one with the code Faultline sends through it.
        </Text>
        {failure && (
          <Alert color="red" variant="light" role="alert" withCloseButton onClose={() => failure.reset()}>
            {errorMessage(failure.error)}
          </Alert>
        )}
        {methods.isPending ? (
          <LoadingState label="Loading contact methods…" />
        ) : methods.isError ? (
          <ErrorState
            title="Cannot load contact methods"
            error={methods.error}
            onRetry={() => void methods.refetch()}
          />
        ) : methods.data.length === 0 ? (
          <Text size="sm" c="orange">
            No contact method yet: this person cannot be paged.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table aria-labelledby="contact-heading" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={80}>Kind</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Verification</Table.Th>
                  <Table.Th w={40} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {methods.data.map((cm) => (
                  <ContactMethodRow key={cm.id} cm={cm} actions={actions} canEdit={canEdit} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canEdit && <AddContactMethodForm actions={actions} />}
      </Stack>
    </Card>
  );
}
