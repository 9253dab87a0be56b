import { Anchor, Button, Card, Group, Text } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { useDeletePolicy, usePolicy } from '../api/oncall.ts';
import { usePermissions } from '../api/people.ts';
import { PageShell } from '../oncall/page-shell.tsx';
import { SourceBadge } from '../oncall/source-badge.tsx';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { draftFromPolicyBody } from './policy-draft.ts';
import { PolicyEditor } from './policy-editor.tsx';

/** `/oncall/policies/:id`: one escalation policy; editable when stored and the caller manages its team. */
export function PolicyPage() {
  const id = useParams().id ?? '';
  const policy = usePolicy(id);
  const { can } = usePermissions();
  const [editing, setEditing] = useState(false);
  const remove = useDeletePolicy();
  const navigate = useNavigate();

  if (policy.isPending) return <LoadingState label="Loading policy…" />;
  if (policy.isError) {
    const missing = policy.error instanceof ApiRequestError && policy.error.status === 404;
    return <ErrorState title={missing ? `No policy “${id}”` : 'Cannot load this policy'} error={policy.error} />;
  }
  const p = policy.data;
  const editable = p.source === 'api' && can('oncall:write', p.team);
  return (
    <PageShell
      section="oncall"
      title={
        <Group gap="sm" component="span">
          {p.name}
          <SourceBadge source={p.source} />
        </Group>
      }
      description={`${p.id} · ${p.team ? `team ${p.team}` : 'no team'}`}
      actions={
        <>
          <Anchor component={Link} to="/oncall/policies" size="sm">
            <Group gap={4}>
              <IconArrowLeft size={16} aria-hidden />
              All policies
            </Group>
          </Anchor>
          {editable && !editing && (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit policy
            </Button>
          )}
          {editable && (
            <Button
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(p.id, { onSuccess: () => void navigate('/oncall/policies') })}
            >
              Delete
            </Button>
          )}
        </>
      }
    >
      {remove.isError && (
        <Text c="red" size="sm" role="alert">
          {errorMessage(remove.error)}
        </Text>
      )}
      {p.source === 'config' && (
        <Text size="sm" c="dimmed">
          This policy is defined in the config file; change it there.
        </Text>
      )}
      <Card withBorder padding="lg">
        <PolicyEditor
          key={`${p.updatedAt ?? ''}-${String(editing)}`}
          initial={draftFromPolicyBody(p.body, p.team)}
          isNew={false}
          readOnly={!editing}
          onSaved={() => setEditing(false)}
          onCancel={() => setEditing(false)}
        />
      </Card>
    </PageShell>
  );
}
