import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useContactMethods, useNotificationRules, useSaveNotificationRules } from '../api/contact.ts';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { type RulesDraft, rulesBody, rulesDraft, URGENCIES } from './rules-draft.ts';
import { UrgencyRules } from './urgency-rules.tsx';

/** The editor; `save` is owned by the card because a save re-keys (remounts) the editor with the stored list. */
function RulesEditor({
  userId,
  initial,
  canEdit,
  save,
}: {
  userId: number;
  initial: RulesDraft;
  canEdit: boolean;
  save: ReturnType<typeof useSaveNotificationRules>;
}) {
  const [draft, setDraft] = useState(initial);
  const [dirty, setDirty] = useState(false);
  const methods = useContactMethods(userId);
  const options = (methods.data ?? []).map((m) => ({
    value: String(m.id),
    label: `${m.kind}: ${m.address}${m.verified ? '' : ' (not verified)'}`,
  }));
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        {URGENCIES.map((u) => (
          <UrgencyRules
            key={u}
            urgency={u}
            rows={draft[u]}
            methods={options}
            readOnly={!canEdit}
            onChange={(rows) => {
              setDraft((d) => ({ ...d, [u]: rows }));
              setDirty(true);
              if (save.isSuccess) save.reset();
            }}
          />
        ))}
      </SimpleGrid>
      {save.isError && (
        <Alert color="red" variant="light" role="alert" title="Rules not saved">
          {errorMessage(save.error)}
        </Alert>
      )}
      {canEdit && (
        <Group justify="flex-end">
          {save.isSuccess && !dirty && (
            <Text size="sm" c="green" role="status">
              Saved
            </Text>
          )}
          <Button
            disabled={!dirty}
            loading={save.isPending}
            onClick={() => save.mutate(rulesBody(draft), { onSuccess: () => setDirty(false) })}
          >
            Save rules
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/**
 * A person's notification rules per urgency, e.g. high: email at once, SMS after 2 min, voice after 5; low:
 * email only. Saved as one list.
 */
export function NotificationRulesCard({ userId, canEdit }: { userId: number; canEdit: boolean }) {
  const rules = useNotificationRules(userId);
  const save = useSaveNotificationRules(userId);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="rules-heading">
      <Stack gap="sm">
        <Title order={2} size="h4" id="rules-heading">
          Notification rules
        </Title>
        <Text size="sm" c="dimmed">
          How and when you are paged, after the page: e.g. email at once, SMS after 2 minutes, a call after 5. An
          acknowledgement stops the rest.
        </Text>
        {rules.isPending ? (
          <LoadingState label="Loading rules…" />
        ) : rules.isError ? (
          <ErrorState title="Cannot load rules" error={rules.error} onRetry={() => void rules.refetch()} />
        ) : (
          <RulesEditor
            key={JSON.stringify(rules.data.map((r) => r.id))}
            userId={userId}
            initial={rulesDraft(rules.data)}
            canEdit={canEdit}
            save={save}
          />
        )}
      </Stack>
    </Card>
  );
}
