import type { PlaybookSummary } from '@faultline/contracts';
import { Alert, Badge, Button, Card, Code, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { usePermissions } from '../api/people.ts';
import { useCheckPlaybook, useDeletePlaybook, usePlaybooks, useSavePlaybook } from '../api/recovery.ts';
import { fieldErrors } from '../oncall/field-errors.ts';
import { SourceBadge } from '../oncall/source-badge.tsx';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';
import { formatAbsolute } from '../ui/format-time.ts';

/** A starting point for a new playbook: the source articles' order (restart self, upstream, downstream). */
const TEMPLATE = `id: checkout-restart
name: Checkout restart
match:
  services: [checkout-api]
  levels: [P1, P2]
steps:
  - id: restart-self
    method: restart
    target: self
    guidance: Restart the faulty checkout-api instances
  - id: restart-upstream
    method: restart
    target: upstream
    guidance: Then restart what it depends on
  - id: restart-downstream
    method: restart
    target: downstream
    guidance: Then what depends on it
`;

function matchText(p: PlaybookSummary): string {
  const m = p.match;
  const parts = [
    m.services.length ? `services ${m.services.join(', ')}` : '',
    m.modules.length ? `modules ${m.modules.join(', ')}` : '',
    m.levels.length ? `levels ${m.levels.join(', ')}` : '',
    ...Object.entries(m.labels).map(([k, v]) => `${k}=${v}`),
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : 'every incident';
}

function PlaybookCard({ p, onEdit }: { p: PlaybookSummary; onEdit: (() => void) | null }) {
  return (
    <Card withBorder padding="md" data-testid={`playbook-${p.id}`}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Group gap="xs">
            <Text fw={600}>
              {p.name} <Code>{p.id}</Code>
            </Text>
            <SourceBadge source={p.source} />
            {p.team && (
              <Text size="xs" c="dimmed">
                team {p.team}
              </Text>
            )}
          </Group>
          <Group gap="xs">
            <Text size="xs" c="dimmed">
              matches {matchText(p)}
            </Text>
            {onEdit && (
              <Button size="xs" variant="light" onClick={onEdit} aria-label={`Edit playbook ${p.id}`}>
                Edit
              </Button>
            )}
          </Group>
        </Group>
        {p.updatedBy && p.updatedAt && (
          <Text size="xs" c="dimmed">
            Saved by {p.updatedBy}, {formatAbsolute(p.updatedAt)}
          </Text>
        )}
        {p.approvers.length > 0 && <Text size="xs">Approvers besides the coordinator: {p.approvers.join(', ')}</Text>}
        <List type="ordered" size="sm" spacing={4}>
          {p.steps.map((s) => (
            <List.Item key={s.id} data-testid={`playbook-step-${s.id}`}>
              <Group gap={6} wrap="nowrap" align="baseline">
                <Badge variant="light" size="sm">
                  {s.method}
                </Badge>
                <Text size="sm" fw={500}>
                  {s.id}
                </Text>
                <Text size="xs" c="dimmed">
                  on {s.target} · {s.automation ? `automated (${s.automation.url})` : 'by hand'} · approvals P1{' '}
                  {s.approvalsAtP1}, below {s.approvalsBelowP1}
                  {s.approvers ? ` · approvers ${s.approvers.join(', ')}` : ''}
                </Text>
              </Group>
              <Text size="xs">{s.guidance}</Text>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}

/** The server's field errors of a refused save, as `path: message` lines for the YAML field. */
function yamlFieldErrors(error: unknown): string | null {
  const lines = [...fieldErrors(error)].map(([path, message]) => (path ? `${path}: ${message}` : message));
  return lines.length ? lines.join('\n') : null;
}

/**
 * The recovery playbooks (docs/recovery.md): the config file's (read-only here) and the stored ones with
 * their steps, approvals and automation (secrets never shown), and an editor that checks a playbook written
 * as YAML against the config schema and the catalog, each problem at its path, gives the normalised YAML for
 * the config file, and saves it (people with `oncall:write`: server-wide, or on the team the playbook names).
 */
export function PlaybooksPage() {
  const list = usePlaybooks();
  const check = useCheckPlaybook();
  const save = useSavePlaybook();
  const remove = useDeletePlaybook();
  const { can, canSomewhere } = usePermissions();
  const [text, setText] = useState(TEMPLATE);
  /** The stored playbook being edited (PUT), or null for a new one (POST). */
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const startEdit = (p: PlaybookSummary) => {
    setText(p.yaml);
    setEditing(p.id);
    setConfirmDelete(false);
    setSaved(null);
    save.reset();
    check.reset();
  };
  const startNew = () => {
    setText(TEMPLATE);
    setEditing(null);
    setConfirmDelete(false);
    setSaved(null);
    save.reset();
    check.reset();
  };
  const mayWrite = canSomewhere('oncall:write');
  const yamlError = save.isError ? yamlFieldErrors(save.error) : null;
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Playbooks
        </Title>
        <Text size="sm" c="dimmed">
          Recovery steps per scenario: restart, isolate, downgrade, cut-over, rollback, scale, rate-limit or custom,
          with approvals by level and optional signed automation. Playbooks are config as code: the{' '}
          <Code>playbooks:</Code> list of the config file (read-only here), or saved here from the editor.
        </Text>
      </Stack>
      {list.isPending ? (
        <LoadingState label="Loading playbooks…" />
      ) : list.isError ? (
        <ErrorState title="Cannot load playbooks" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.playbooks.length === 0 ? (
        <Text c="dimmed">No playbook yet.</Text>
      ) : (
        list.data.playbooks.map((p) => (
          <PlaybookCard
            key={p.id}
            p={p}
            onEdit={p.source === 'api' && can('oncall:write', p.team) ? () => startEdit(p) : null}
          />
        ))
      )}
      <Card withBorder padding="md" component="section" aria-labelledby="playbook-editor-heading">
        <Stack gap="sm">
          <Group justify="space-between">
            <Title order={2} size="h4" id="playbook-editor-heading">
              {editing ? `Edit playbook ${editing}` : 'Write a playbook'}
            </Title>
            {editing && (
              <Button size="xs" variant="subtle" onClick={startNew}>
                New playbook
              </Button>
            )}
          </Group>
          <Textarea
            label="Playbook (YAML)"
            description={
              editing
                ? 'Automation secrets are not shown: leave them out to keep the saved ones.'
                : "Add team: <id> to let that team's managers edit it."
            }
            autosize
            minRows={12}
            maxRows={30}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            error={yamlError}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 }, error: { whiteSpace: 'pre-line' } }}
          />
          <Group>
            <Button variant="light" loading={check.isPending} onClick={() => check.mutate(text)}>
              Check
            </Button>
            {mayWrite && (
              <Button
                loading={save.isPending}
                onClick={() =>
                  save.mutate(
                    { id: editing, yaml: text },
                    {
                      onSuccess: (p) => {
                        setSaved(p.id);
                        setEditing(p.id);
                        setText(p.yaml);
                        check.reset();
                      },
                    },
                  )
                }
              >
                Save
              </Button>
            )}
            {editing &&
              mayWrite &&
              (confirmDelete ? (
                <Button
                  color="red"
                  loading={remove.isPending}
                  onClick={() => remove.mutate(editing, { onSuccess: startNew })}
                >
                  Delete {editing} for good
                </Button>
              ) : (
                <Button color="red" variant="subtle" onClick={() => setConfirmDelete(true)}>
                  Delete
                </Button>
              ))}
          </Group>
          {save.isError && !yamlError && (
            <Alert color="red" variant="light" role="alert" data-testid="playbook-save-failed">
              {errorMessage(save.error)}
            </Alert>
          )}
          {remove.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(remove.error)}
            </Alert>
          )}
          {saved && save.isSuccess && (
            <Alert color="green" variant="light" data-testid="playbook-saved">
              Saved playbook <Code>{saved}</Code>: incidents it matches offer it now.
            </Alert>
          )}
          {check.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(check.error)}
            </Alert>
          )}
          {check.data && (
            <Stack gap="xs" data-testid="playbook-check">
              {check.data.ok ? (
                <Alert color="green" variant="light" data-testid="playbook-check-ok">
                  Valid: save it here, or add it to the <Code>playbooks:</Code> list of the config file and reload.
                </Alert>
              ) : (
                <Alert color="red" variant="light" data-testid="playbook-check-failed">
                  Not valid yet: fix the problems below.
                </Alert>
              )}
              {check.data.problems.length > 0 && (
                <List size="sm" data-testid="playbook-problems">
                  {check.data.problems.map((p) => (
                    <List.Item key={`${p.path}:${p.message}`}>
                      <Badge color={p.severity === 'error' ? 'red' : 'yellow'} size="xs" mr={6}>
                        {p.severity}
                      </Badge>
                      <Code>{p.path || '(playbook)'}</Code> {p.message}
                    </List.Item>
                  ))}
                </List>
              )}
              {check.data.yaml && (
                <Code block data-testid="playbook-yaml">
                  {check.data.yaml}
                </Code>
              )}
            </Stack>
          )}
        </Stack>
      </Card>
    </Stack>
  );
}
