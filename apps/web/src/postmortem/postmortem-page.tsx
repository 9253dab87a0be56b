import type { ActionState, PostmortemSectionId, PostmortemView } from '@faultline/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { usePermissions } from '../api/people.ts';
import {
  useAddAction,
  useMoveAction,
  useOpenPostmortem,
  usePostmortem,
  usePublishPostmortem,
  useUpdatePostmortem,
  useWaiveCheckpoint,
} from '../api/postmortems.ts';
import { ErrorState, LoadingState, errorMessage } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';
import { formatAbsolute } from '../ui/format-time.ts';
import { ActionForm } from './action-form.tsx';
import { PostmortemReport } from './report.tsx';
import { ActionStateMenu } from './action-state-menu.tsx';
import { CheckpointList } from './checkpoint-list.tsx';

/** The incident id in the URL, or null. */
function useIncidentId(): number | null {
  const raw = useParams().id;
  if (!raw || !/^\d+$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}

/** `/incidents/:id/postmortem`: write, review and publish an incident's postmortem. */
export function PostmortemPage() {
  const incidentId = useIncidentId();
  const pm = usePostmortem(incidentId ?? 0);
  const open = useOpenPostmortem();
  if (incidentId === null) return <Text>Not an incident id.</Text>;
  if (pm.isPending) return <LoadingState label="Loading postmortem…" />;
  if (pm.isError) {
    if (pm.error instanceof ApiRequestError && pm.error.status === 404)
      return (
        <Stack>
          <Title order={1} size="h3">
            Postmortem of incident #{incidentId}
          </Title>
          <Text>This incident has no postmortem yet.</Text>
          {open.isError && <Alert color="red">{errorMessage(open.error)}</Alert>}
          <Group>
            <Button onClick={() => open.mutate(incidentId)} loading={open.isPending}>
              Open postmortem
            </Button>
          </Group>
        </Stack>
      );
    return <ErrorState title="Could not load the postmortem" error={pm.error} onRetry={() => void pm.refetch()} />;
  }
  return <PostmortemEditor pm={pm.data} key={`${pm.data.id}:${pm.data.status}`} />;
}

/** The free-text sections beyond summary and root cause, with their labels, in template order. */
const TEXT_SECTIONS: Array<[PostmortemSectionId & ('improvement' | 'wentWell' | 'wentBadly' | 'lucky'), string]> = [
  ['improvement', 'Improvement (Markdown)'],
  ['wentWell', 'What went well (Markdown)'],
  ['wentBadly', 'What went badly (Markdown)'],
  ['lucky', 'Where we got lucky (Markdown)'],
];

const numberOrNull = (v: string | number) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function PostmortemEditor({ pm }: { pm: PostmortemView }) {
  const has = (id: PostmortemSectionId) => pm.template.includes(id);
  const { can } = usePermissions();
  const update = useUpdatePostmortem();
  const waive = useWaiveCheckpoint();
  const publish = usePublishPostmortem();
  const addAction = useAddAction();
  const move = useMoveAction();
  const [owner, setOwner] = useState(pm.owner ?? '');
  const [classification, setClassification] = useState<string | null>(pm.classification);
  const [summary, setSummary] = useState(pm.sections.summary);
  const [rootCause, setRootCause] = useState(pm.sections.rootCause);
  const [clockExplanation, setClockExplanation] = useState(pm.clockExplanation ?? '');
  const [changes, setChanges] = useState(pm.changesReviewedBy !== null);
  const [monitoring, setMonitoring] = useState(pm.monitoringReviewedBy !== null);
  const [impact, setImpact] = useState(pm.sections.impact);
  const [texts, setTexts] = useState(() => Object.fromEntries(TEXT_SECTIONS.map(([id]) => [id, pm.sections[id]])));
  const draft = pm.status === 'draft';
  const save = () =>
    update.mutate({
      id: pm.id,
      patch: {
        owner: owner.trim() || null,
        classification,
        clockExplanation: clockExplanation.trim() || null,
        changesReviewed: changes,
        monitoringReviewed: monitoring,
        // Only the sections of the postmortem's template (the server refuses the others).
        sections: {
          ...(has('summary') ? { summary } : {}),
          ...(has('rootCause') ? { rootCause } : {}),
          ...(has('impact') ? { impact } : {}),
          ...Object.fromEntries(TEXT_SECTIONS.filter(([id]) => has(id)).map(([id]) => [id, texts[id] ?? ''])),
        },
      },
    });
  return (
    <Stack gap="md">
      <Anchor component={Link} to={`/incidents/${pm.incidentId}`} size="sm">
        ← Incident #{pm.incidentId}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={1} size="h3">
            Postmortem: {pm.incidentTitle}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge color={draft ? 'gray' : 'green'} data-testid="postmortem-status">
              {pm.status}
            </Badge>
            {pm.level && <Badge color="grape">{pm.level}</Badge>}
            {pm.overdue && <Badge color="red">overdue</Badge>}
            <Text size="sm" c="dimmed" component="span">
              due {formatAbsolute(pm.dueAt)} ({pm.calendar} calendar)
            </Text>
            <Text size="sm" c="dimmed" component="span" data-testid="postmortem-template">
              template: {pm.templateSource === 'default' ? 'default' : pm.templateSource} ({pm.template.length}{' '}
              sections)
            </Text>
          </Group>
        </div>
        <Group>
          <Anchor href={`/api/v1/postmortems/${pm.id}/markdown`} size="sm" target="_blank">
            Markdown
          </Anchor>
          <Anchor href={`/api/v1/postmortems/${pm.id}/pdf`} size="sm">
            PDF
          </Anchor>
          {draft && (
            <Button color="green" onClick={() => publish.mutate(pm.id)} loading={publish.isPending}>
              Publish
            </Button>
          )}
        </Group>
      </Group>
      {publish.isError && (
        <Alert color="red" title="Not published" role="alert">
          {errorMessage(publish.error)}
        </Alert>
      )}

      <Card withBorder component="section" aria-labelledby="checkpoints-heading">
        <Title order={2} size="h5" id="checkpoints-heading" mb="xs">
          Checkpoints
        </Title>
        <CheckpointList
          checkpoints={pm.checkpoints}
          canWaive={draft && can('postmortem:review', pm.team)}
          onWaive={(checkpoint, reason) => waive.mutate({ id: pm.id, checkpoint, reason })}
        />
      </Card>

      <Card withBorder component="section" aria-labelledby="review-heading">
        <Title order={2} size="h5" id="review-heading" mb="xs">
          Review
        </Title>
        <Stack gap="xs">
          <Group grow>
            <TextInput
              label="Owner"
              value={owner}
              onChange={(e) => setOwner(e.currentTarget.value)}
              disabled={!draft}
            />
            <Select
              label="Root cause class"
              data={pm.classifications}
              value={classification}
              onChange={setClassification}
              disabled={!draft}
              clearable
            />
          </Group>
          {has('summary') && (
            <Textarea
              label="Summary (Markdown)"
              value={summary}
              onChange={(e) => setSummary(e.currentTarget.value)}
              autosize
              minRows={2}
              disabled={!draft}
            />
          )}
          {has('impact') && (
            <Stack gap={4} data-testid="impact-fields">
              <Group grow align="flex-start">
                <NumberInput
                  label="Decline %"
                  min={0}
                  max={100}
                  decimalScale={1}
                  value={impact.declinePercent ?? ''}
                  onChange={(v) => setImpact({ ...impact, declinePercent: numberOrNull(v) })}
                  disabled={!draft}
                  description={impact.declineSource ? `from ${impact.declineSource}` : undefined}
                  data-testid="impact-decline"
                />
                <NumberInput
                  label="Financial loss"
                  min={0}
                  value={impact.financialLoss ?? ''}
                  onChange={(v) => setImpact({ ...impact, financialLoss: numberOrNull(v) })}
                  disabled={!draft}
                />
              </Group>
              <TextInput
                label="Impact period"
                value={impact.periods}
                onChange={(e) => setImpact({ ...impact, periods: e.currentTarget.value })}
                disabled={!draft}
                description={impact.periodsSource ? `from ${impact.periodsSource}` : undefined}
              />
            </Stack>
          )}
          {has('rootCause') && (
            <Textarea
              label="Root cause (Markdown)"
              value={rootCause}
              onChange={(e) => setRootCause(e.currentTarget.value)}
              autosize
              minRows={2}
              disabled={!draft}
            />
          )}
          {TEXT_SECTIONS.filter(([id]) => has(id)).map(([id, label]) => (
            <Textarea
              key={id}
              label={label}
              value={texts[id] ?? ''}
              onChange={(e) => setTexts({ ...texts, [id]: e.currentTarget.value })}
              autosize
              minRows={2}
              disabled={!draft}
            />
          ))}
          <Group>
            <Checkbox
              label="Related changes reviewed"
              checked={changes}
              onChange={(e) => setChanges(e.currentTarget.checked)}
              disabled={!draft}
            />
            <Checkbox
              label="Monitoring reviewed"
              checked={monitoring}
              onChange={(e) => setMonitoring(e.currentTarget.checked)}
              disabled={!draft}
            />
          </Group>
          <TextInput
            label="Why the 1-5-10 targets were missed"
            value={clockExplanation}
            onChange={(e) => setClockExplanation(e.currentTarget.value)}
            disabled={!draft}
          />
          {update.isError && (
            <Alert color="red" role="alert">
              {errorMessage(update.error)}
            </Alert>
          )}
          {draft && (
            <Group>
              <Button onClick={save} loading={update.isPending}>
                Save
              </Button>
            </Group>
          )}
        </Stack>
      </Card>

      {has('timeline') && (
        <Card withBorder component="section" aria-labelledby="timeline-heading">
          <Title order={2} size="h5" id="timeline-heading" mb="xs">
            Timeline (prefilled)
          </Title>
          <Table>
            <Table.Tbody>
              {pm.sections.timeline.map((l) => (
                <Table.Tr key={`${l.at}-${l.source}`}>
                  <Table.Td w={220}>
                    <AbsoluteTime value={l.at} size="sm" />
                  </Table.Td>
                  {/* Text is rendered as text, never as HTML: Markdown from people stays inert. */}
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{l.text}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Card>
      )}

      <PostmortemReport pm={pm} />

      <Card withBorder component="section" aria-labelledby="actions-heading">
        <Title order={2} size="h5" id="actions-heading" mb="xs">
          Improvement actions
        </Title>
        <Table aria-label="Actions" mb="md">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Action</Table.Th>
              <Table.Th>Owner</Table.Th>
              <Table.Th>Verifier</Table.Th>
              <Table.Th>Due</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Check</Table.Th>
              <Table.Th>Tracker</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pm.actions.map((a) => (
              <Table.Tr key={a.id} data-testid={`action-${a.id}`}>
                <Table.Td>{a.title}</Table.Td>
                <Table.Td>{a.owner}</Table.Td>
                <Table.Td>{a.verifier}</Table.Td>
                <Table.Td>
                  <AbsoluteTime value={a.dueAt} size="sm" />
                </Table.Td>
                <Table.Td>
                  <Badge color={a.overdue ? 'red' : 'blue'} variant="light">
                    {a.state}
                    {a.overdue ? ' · overdue' : ''}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {a.lastCheck ? (
                    <Text size="xs" c={a.lastCheck.ok ? 'green' : 'red'} title={a.lastCheck.detail}>
                      {a.lastCheck.ok ? 'holds' : 'fails'}: {a.lastCheck.detail}
                    </Text>
                  ) : (
                    <Text size="xs" c="dimmed">
                      {a.check ? 'not run yet' : '—'}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {!a.sync ? (
                    <Text size="xs" c="dimmed">
                      —
                    </Text>
                  ) : a.sync.url ? (
                    <Anchor href={a.sync.url} target="_blank" rel="noreferrer" size="xs">
                      {a.sync.tracker} #{a.sync.ref} ({a.sync.state})
                    </Anchor>
                  ) : (
                    <Text size="xs" c={a.sync.error ? 'red' : 'dimmed'} title={a.sync.error ?? undefined}>
                      {a.sync.error ? `${a.sync.tracker}: ${a.sync.error}` : `${a.sync.tracker}: pending`}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <ActionStateMenu
                    action={a}
                    onMove={(to: ActionState, reason) => move.mutate({ id: a.id, to, reason })}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {move.isError && (
          <Alert color="red" role="alert" mb="sm">
            {errorMessage(move.error)}
          </Alert>
        )}
        <ActionForm
          pending={addAction.isPending}
          error={addAction.error}
          trackers={pm.trackers}
          onAdd={(action) => addAction.mutate({ postmortemId: pm.id, action })}
        />
      </Card>
    </Stack>
  );
}
