import type { PlaybookSummary } from '@faultline/contracts';
import { Alert, Badge, Button, Card, Code, Group, List, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useCheckPlaybook, usePlaybooks } from '../api/recovery.ts';
import { ErrorState, errorMessage, LoadingState } from '../ui/states.tsx';

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

function PlaybookCard({ p }: { p: PlaybookSummary }) {
  return (
    <Card withBorder padding="md" data-testid={`playbook-${p.id}`}>
      <Stack gap={6}>
        <Group justify="space-between">
          <Text fw={600}>
            {p.name} <Code>{p.id}</Code>
          </Text>
          <Text size="xs" c="dimmed">
            matches {matchText(p)}
          </Text>
        </Group>
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

/**
 * The recovery playbooks (docs/recovery.md): the configured ones with their steps, approvals and automation
 * (secrets never shown), and an editor that checks a playbook written as YAML against the config schema and
 * the catalog, each problem at its path, and gives the normalised YAML for the config file.
 */
export function PlaybooksPage() {
  const list = usePlaybooks();
  const check = useCheckPlaybook();
  const [text, setText] = useState(TEMPLATE);
  return (
    <Stack gap="md" maw={1100} mx="auto">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Playbooks
        </Title>
        <Text size="sm" c="dimmed">
          Recovery steps per scenario: restart, isolate, downgrade, cut-over, rollback, scale, rate-limit or custom,
          with approvals by level and optional signed automation. Playbooks are config as code (the{' '}
          <Code>playbooks:</Code> list of the config file); write one here, check it, and put it there.
        </Text>
      </Stack>
      {list.isPending ? (
        <LoadingState label="Loading playbooks…" />
      ) : list.isError ? (
        <ErrorState title="Cannot load playbooks" error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.playbooks.length === 0 ? (
        <Text c="dimmed">No playbook is configured yet.</Text>
      ) : (
        list.data.playbooks.map((p) => <PlaybookCard key={p.id} p={p} />)
      )}
      <Card withBorder padding="md" component="section" aria-labelledby="playbook-editor-heading">
        <Stack gap="sm">
          <Title order={2} size="h4" id="playbook-editor-heading">
            Write a playbook
          </Title>
          <Textarea
            label="Playbook (YAML)"
            autosize
            minRows={12}
            maxRows={30}
            value={text}
            onChange={(e) => setText(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'monospace', fontSize: 13 } }}
          />
          <Group>
            <Button loading={check.isPending} onClick={() => check.mutate(text)}>
              Check
            </Button>
          </Group>
          {check.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(check.error)}
            </Alert>
          )}
          {check.data && (
            <Stack gap="xs" data-testid="playbook-check">
              {check.data.ok ? (
                <Alert color="green" variant="light" data-testid="playbook-check-ok">
                  Valid: add it to the <Code>playbooks:</Code> list of the config file and reload.
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
