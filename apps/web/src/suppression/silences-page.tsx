import type { SilenceView } from '@faultline/contracts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconBellOff } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ApiRequestError } from '../api/client.ts';
import { usePermissions } from '../api/people.ts';
import { useCreateSilence, useExpireSilence, useMatcherPreview, useSilences } from '../api/suppression.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { RelativeTime } from '../ui/time.tsx';
import { usePersonName } from '../people/use-person-name.ts';

const DURATIONS = [
  { value: '60', label: '1 hour' },
  { value: '120', label: '2 hours' },
  { value: '240', label: '4 hours' },
  { value: '480', label: '8 hours' },
  { value: '1440', label: '1 day' },
  { value: '10080', label: '1 week' },
];

const STATE_COLOR: Record<SilenceView['state'], string> = { active: 'orange', pending: 'blue', expired: 'gray' };

/** Matcher lines of the textarea (blank lines dropped). */
const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The field errors of a refused request, by path. */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiRequestError)) return {};
  const out: Record<string, string> = {};
  for (const f of error.fields) {
    const path = f.path.replace(/^body\./, '');
    const m = /^matchers\.(\d+)/.exec(path);
    const key = m ? 'matchers' : path;
    const message = m ? `line ${Number(m[1]) + 1}: ${f.message}` : f.message;
    out[key] = out[key] ? `${out[key]}; ${message}` : message;
  }
  return out;
}

/** What the drafted matchers mute now: the count of firing alerts and the first of them. */
function MatchPreview({ matchers }: { matchers: string[] }) {
  const preview = useMatcherPreview(matchers);
  if (matchers.length === 0) return null;
  if (preview.isError) {
    return (
      <Text size="sm" c="red" data-testid="silence-preview">
        {Object.values(fieldErrors(preview.error)).join('; ') || preview.error.message}
      </Text>
    );
  }
  if (!preview.data) return <Text size="sm">Checking what these matchers mute…</Text>;
  const { matched, alerts } = preview.data;
  return (
    <Stack gap={4} data-testid="silence-preview">
      <Text size="sm" fw={500}>
        {matched === 0
          ? 'No firing alert matches now.'
          : `${matched} firing alert${matched === 1 ? '' : 's'} match${matched === 1 ? 'es' : ''} now:`}
      </Text>
      {alerts.slice(0, 10).map((a) => (
        <Text size="xs" key={a.id}>
          <Anchor component={Link} to={`/incidents/${a.incidentId}`} size="xs">
            #{a.incidentId}
          </Anchor>{' '}
          {a.summary}
        </Text>
      ))}
    </Stack>
  );
}

/** The form of a new silence, prefilled from `?matchers=` ("silence similar" on an alert). */
function NewSilenceForm({ initialMatchers }: { initialMatchers: string }) {
  const [matcherText, setMatcherText] = useState(initialMatchers);
  const [minutes, setMinutes] = useState('120');
  const [comment, setComment] = useState('');
  const [debounced] = useDebouncedValue(matcherText, 300);
  const create = useCreateSilence();
  const errors = fieldErrors(create.error);
  const submit = () => {
    create.mutate(
      {
        matchers: linesOf(matcherText),
        endsAt: new Date(Date.now() + Number(minutes) * 60_000).toISOString(),
        comment,
      },
      { onSuccess: () => setComment('') },
    );
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="new-silence-heading">
      <Title order={2} size="h4" id="new-silence-heading" mb="sm">
        New silence
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Textarea
            label="Matchers"
            description='One per line, all must match (Alertmanager syntax): alertname="HighLatency", instance=~"db-.*", env!="dev"'
            autosize
            minRows={3}
            value={matcherText}
            onChange={(e) => setMatcherText(e.currentTarget.value)}
            error={errors.matchers}
            ff="monospace"
          />
          <MatchPreview matchers={linesOf(debounced)} />
          <Group grow align="flex-start">
            <Select
              label="For"
              data={DURATIONS}
              value={minutes}
              onChange={(v) => setMinutes(v ?? '120')}
              allowDeselect={false}
              error={errors.endsAt}
            />
            <TextInput
              label="Comment"
              description="Why: shown on every alert it mutes"
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              error={errors.comment}
            />
          </Group>
          {create.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light">
              {create.error.message}
            </Alert>
          )}
          {create.isSuccess && (
            <Alert color="green" variant="light" data-testid="silence-created">
              Silence {create.data.id} created.
            </Alert>
          )}
          <Group>
            <Button type="submit" leftSection={<IconBellOff size={16} />} loading={create.isPending}>
              Create silence
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function SilenceRow({ silence, canWrite }: { silence: SilenceView; canWrite: boolean }) {
  const expire = useExpireSilence();
  const name = usePersonName();
  return (
    <Table.Tr data-testid="silence-row" data-silence-id={silence.id} style={{ verticalAlign: 'top' }}>
      <Table.Td>
        <Badge color={STATE_COLOR[silence.state]} variant="light" size="sm">
          {silence.state}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {silence.matchers.map((m) => (
            <Text key={m} size="xs" ff="monospace">
              {m}
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{silence.comment}</Text>
        <Text size="xs" c="dimmed">
          {name(silence.createdBy)}
          {silence.source === 'config' ? ' · config file' : ''}
        </Text>
      </Table.Td>
      <Table.Td>
        <RelativeTime value={silence.startsAt} size="sm" />
      </Table.Td>
      <Table.Td>
        <RelativeTime value={silence.endsAt} size="sm" />
      </Table.Td>
      <Table.Td>
        {canWrite && silence.source === 'api' && silence.state !== 'expired' && (
          <Button
            size="xs"
            variant="default"
            loading={expire.isPending}
            onClick={() => expire.mutate(silence.id)}
            aria-label={`Expire silence ${silence.comment}`}
          >
            Expire
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * `/silences`: every silence (active, pending, and expired ones kept for the retention) and a form to create
 * one, with a live preview of the firing alerts its matchers mute now. `?matchers=` prefills the form.
 */
export function SilencesPage() {
  const [params] = useSearchParams();
  const { can } = usePermissions();
  const canWrite = can('incident:respond');
  const list = useSilences();
  const order: Record<SilenceView['state'], number> = { active: 0, pending: 1, expired: 2 };
  const silences = [...(list.data ?? [])].sort((a, b) => order[a.state] - order[b.state]);
  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Silences
        </Title>
        <Text size="sm" c="dimmed">
          A silenced alert is recorded and shown on its incident with the silence that muted it, but does not page. When
          the silence ends while the alert still fires, it pages then, once.
        </Text>
      </Stack>
      {canWrite && <NewSilenceForm initialMatchers={params.get('matchers') ?? ''} />}
      {list.isPending ? (
        <LoadingState label="Loading silences…" />
      ) : list.isError ? (
        <ErrorState title="Cannot load silences" error={list.error} onRetry={() => void list.refetch()} />
      ) : silences.length === 0 ? (
        <Text c="dimmed" data-testid="silences-empty">
          No silence.
        </Text>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Silences" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={90}>State</Table.Th>
                  <Table.Th>Matchers</Table.Th>
                  <Table.Th>Why</Table.Th>
                  <Table.Th w={120}>Starts</Table.Th>
                  <Table.Th w={120}>Ends</Table.Th>
                  <Table.Th w={90}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {silences.map((s) => (
                  <SilenceRow key={s.id} silence={s} canWrite={canWrite} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
