import type { MaintenanceWindowView } from '@faultline/contracts';
import {
  Alert,
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
import { IconTool } from '@tabler/icons-react';
import { useState } from 'react';
import { ApiRequestError } from '../api/client.ts';
import { usePermissions } from '../api/people.ts';
import { useCreateMaintenanceWindow, useEndMaintenanceWindow, useMaintenanceWindows } from '../api/suppression.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';

const STATUS_COLOR: Record<MaintenanceWindowView['status'], string> = {
  'in-progress': 'orange',
  scheduled: 'blue',
  completed: 'gray',
};

const EFFECTS = [
  { value: 'suppress-notifications', label: 'Suppress notifications' },
  { value: 'suppress-incidents', label: 'Suppress incidents' },
  { value: 'pause-escalations', label: 'Pause escalations' },
];

/** Comma- or line-separated ids, blanks dropped. */
const idsOf = (text: string) =>
  text
    .split(/[,\n]/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The field errors of a refused request, by path (`scope.services.0` under `scope.services`). */
function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiRequestError)) return {};
  const out: Record<string, string> = {};
  for (const f of error.fields) {
    const path = f.path.replace(/^body\./, '');
    const key = path.replace(/\.\d+.*$/, '');
    out[key] = out[key] ? `${out[key]}; ${f.message}` : f.message;
  }
  return out;
}

/** A `datetime-local` value (the viewer's zone) as an ISO instant; undefined when blank. */
const instantOf = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** The form of a new one-off window; start and end are in the viewer's time zone. */
function NewWindowForm() {
  const [name, setName] = useState('');
  const [services, setServices] = useState('');
  const [modules, setModules] = useState('');
  const [matchers, setMatchers] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [effect, setEffect] = useState('suppress-notifications');
  const [comment, setComment] = useState('');
  const create = useCreateMaintenanceWindow();
  const errors = fieldErrors(create.error);
  const submit = () => {
    const startsAt = instantOf(start);
    const endsAt = instantOf(end);
    create.mutate({
      name,
      ...(startsAt ? { startsAt } : {}),
      ...(endsAt ? { endsAt } : {}),
      scope: { services: idsOf(services), modules: idsOf(modules), matchers: idsOf(matchers.replaceAll(',', '\n')) },
      effect: effect as 'suppress-notifications',
      comment,
    });
  };
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="new-window-heading">
      <Title order={2} size="h4" id="new-window-heading" mb="sm">
        New maintenance window
      </Title>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name} />
          <Group grow align="flex-start">
            <TextInput
              label="Services"
              description="Service ids, comma-separated"
              value={services}
              onChange={(e) => setServices(e.currentTarget.value)}
              error={errors['scope.services'] ?? errors.scope}
            />
            <TextInput
              label="Modules"
              description="Module ids, comma-separated"
              value={modules}
              onChange={(e) => setModules(e.currentTarget.value)}
              error={errors['scope.modules']}
            />
          </Group>
          <Textarea
            label="Matchers"
            description='Optional, one per line, all must match: alertname="DbConnections"'
            autosize
            minRows={2}
            value={matchers}
            onChange={(e) => setMatchers(e.currentTarget.value)}
            error={errors['scope.matchers']}
            ff="monospace"
          />
          <Group grow align="flex-start">
            <TextInput
              type="datetime-local"
              label="Starts"
              description="Your time zone; blank: now"
              value={start}
              onChange={(e) => setStart(e.currentTarget.value)}
              error={errors.startsAt}
            />
            <TextInput
              type="datetime-local"
              label="Ends"
              description="Your time zone"
              value={end}
              onChange={(e) => setEnd(e.currentTarget.value)}
              error={errors.endsAt}
            />
            <Select
              label="Effect"
              data={EFFECTS}
              value={effect}
              onChange={(v) => setEffect(v ?? 'suppress-notifications')}
              allowDeselect={false}
              error={errors.effect}
            />
          </Group>
          <TextInput label="Comment" value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
          {create.isError && Object.keys(errors).length === 0 && (
            <Alert color="red" variant="light">
              {create.error.message}
            </Alert>
          )}
          {create.isSuccess && (
            <Alert color="green" variant="light" data-testid="window-created">
              Maintenance window {create.data.name} created.
            </Alert>
          )}
          <Group>
            <Button type="submit" leftSection={<IconTool size={16} />} loading={create.isPending}>
              Create window
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function When({ w }: { w: MaintenanceWindowView }) {
  if (w.status === 'in-progress' && w.openUntil) {
    return (
      <Text size="sm" component="div">
        until <AbsoluteTime value={w.openUntil} size="sm" span />
      </Text>
    );
  }
  if (w.status === 'scheduled' && w.nextStartsAt) {
    return (
      <Text size="sm" component="div">
        from <AbsoluteTime value={w.nextStartsAt} size="sm" span />
        {w.endsAt && (
          <>
            {' '}
            to <AbsoluteTime value={w.endsAt} size="sm" span />
          </>
        )}
      </Text>
    );
  }
  return w.endsAt ? (
    <Text size="sm" component="div">
      ended <AbsoluteTime value={w.closedUntil && w.closedUntil < w.endsAt ? w.closedUntil : w.endsAt} size="sm" span />
    </Text>
  ) : null;
}

function WindowRow({ w, canWrite }: { w: MaintenanceWindowView; canWrite: boolean }) {
  const end = useEndMaintenanceWindow();
  const scope = [
    ...w.scope.services.map((s) => `service ${s}`),
    ...w.scope.modules.map((m) => `module ${m}`),
    ...w.scope.businessLines.map((b) => `business line ${b}`),
    ...w.scope.matchers,
  ];
  return (
    <Table.Tr data-testid="window-row" data-window-id={w.id} style={{ verticalAlign: 'top' }}>
      <Table.Td>
        <Badge color={STATUS_COLOR[w.status]} variant="light" size="sm">
          {w.status}
        </Badge>
      </Table.Td>
      <Table.Td>
        <Text size="sm" fw={500}>
          {w.name}
        </Text>
        <Text size="xs" c="dimmed">
          {w.effect} · {w.timeIntervals ? 'recurring' : 'one-off'}
          {w.source === 'config' ? ' · config file' : ` · ${w.createdBy}`}
        </Text>
      </Table.Td>
      <Table.Td>
        <Stack gap={2}>
          {scope.map((x) => (
            <Text key={x} size="xs" ff="monospace">
              {x}
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td>
        <When w={w} />
      </Table.Td>
      <Table.Td>
        {canWrite && w.source === 'api' && w.status === 'in-progress' && (
          <Button
            size="xs"
            variant="default"
            loading={end.isPending}
            onClick={() => end.mutate(w.id)}
            aria-label={`End maintenance window ${w.name}`}
          >
            End now
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * `/maintenance`: every maintenance window (in progress, scheduled, completed; stored and from the config),
 * times in the viewer's zone, and a form to create a one-off window.
 */
export function MaintenancePage() {
  const { can } = usePermissions();
  const canWrite = can('incident:respond');
  const list = useMaintenanceWindows();
  const windows = list.data ?? [];
  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Stack gap={4}>
        <Title order={1} size="h2">
          Maintenance
        </Title>
        <Text size="sm" c="dimmed">
          While a window is open, alerts in its scope are recorded but do not page (or, with pause escalations, open
          incidents stop escalating). When it ends, what still fires pages once.
        </Text>
      </Stack>
      {canWrite && <NewWindowForm />}
      {list.isPending ? (
        <LoadingState label="Loading maintenance windows…" />
      ) : list.isError ? (
        <ErrorState title="Cannot load maintenance windows" error={list.error} onRetry={() => void list.refetch()} />
      ) : windows.length === 0 ? (
        <Text c="dimmed" data-testid="windows-empty">
          No maintenance window.
        </Text>
      ) : (
        <Card withBorder padding={0}>
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Maintenance windows" verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={110}>Status</Table.Th>
                  <Table.Th>Window</Table.Th>
                  <Table.Th>Scope</Table.Th>
                  <Table.Th w={300}>When</Table.Th>
                  <Table.Th w={100}>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {windows.map((w) => (
                  <WindowRow key={w.id} w={w} canWrite={canWrite} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
    </Stack>
  );
}
