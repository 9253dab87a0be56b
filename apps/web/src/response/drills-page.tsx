import type { DrillReport, DrillScenario } from '@faultline/contracts';
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useModules } from '../api/level-rules.ts';
import { useDrillReport, useDrills, useRunDrill } from '../api/drills.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { AbsoluteTime } from '../ui/time.tsx';
import { ActionError } from './action-error.tsx';
import { drillDuration, injectedAlerts } from './drill-view.ts';

const STATE_COLOR = { met: 'green', breached: 'red', running: 'blue', 'not-applicable': 'gray' } as const;

/** The form: a scenario (service, level, title, participants, injected alerts, KPI drop) run as a drill. */
function RunDrillForm() {
  const run = useRunDrill();
  const navigate = useNavigate();
  const modules = useModules();
  const services = (modules.data ?? []).flatMap((m) =>
    m.services.map((s) => ({ value: s, label: `${s} (${m.name})` })),
  );
  const [title, setTitle] = useState('');
  const [service, setService] = useState('');
  const [level, setLevel] = useState('1');
  const [participants, setParticipants] = useState('');
  const [alerts, setAlerts] = useState('');
  const [kpiDrop, setKpiDrop] = useState('');
  return (
    <Card withBorder padding="lg">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const body: DrillScenario = {
            title,
            service: service || null,
            level: Number(level),
            participants: participants
              .split(/[\s,]+/)
              .map((p) => p.trim())
              .filter(Boolean),
            alerts: injectedAlerts(alerts),
            ...(kpiDrop ? { kpiDrop } : {}),
          };
          run.mutate(body, { onSuccess: (d) => void navigate(`/incidents/${d.id}`) });
        }}
      >
        <Stack gap="sm">
          <Title order={2} size="h4">
            Run a drill
          </Title>
          <TextInput label="Scenario" value={title} onChange={(e) => setTitle(e.currentTarget.value)} required />
          <Group grow gap="sm" wrap="wrap">
            <NativeSelect
              label="Service"
              value={service}
              onChange={(e) => setService(e.currentTarget.value)}
              data={[{ value: '', label: 'none' }, ...services]}
            />
            <NativeSelect
              label="Level"
              value={level}
              onChange={(e) => setLevel(e.currentTarget.value)}
              data={['1', '2', '3', '4'].map((n) => ({ value: n, label: `P${n}` }))}
            />
          </Group>
          <TextInput
            label="Participants"
            description="Emails, separated by commas: the only people the drill pages"
            value={participants}
            onChange={(e) => setParticipants(e.currentTarget.value)}
            required
          />
          <Textarea
            label="Injected alerts"
            description='One a line: "summary key=value …" (shown on the timeline, never sent through intake)'
            value={alerts}
            onChange={(e) => setAlerts(e.currentTarget.value)}
            autosize
            minRows={2}
          />
          <TextInput label="KPI drop" value={kpiDrop} onChange={(e) => setKpiDrop(e.currentTarget.value)} />
          <ActionError error={run.error} onClose={() => run.reset()} />
          <Group justify="flex-end">
            <Button type="submit" color="grape" loading={run.isPending}>
              Run drill
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/**
 * `/drills`: fault drills (issue 17 point 10) — run one from a scenario, and the drills so far with their
 * reports. A drill pages only its participants, marked [DRILL], and stays out of the metrics and the public page.
 */
export function DrillsPage() {
  const drills = useDrills();
  return (
    <Stack gap="md" maw={900} mx="auto">
      <Title order={1} size="h2">
        Fault drills
      </Title>
      <RunDrillForm />
      {drills.isPending ? (
        <LoadingState label="Loading drills…" />
      ) : drills.isError ? (
        <ErrorState title="Cannot load drills" error={drills.error} onRetry={() => void drills.refetch()} />
      ) : drills.data.drills.length === 0 ? (
        <Text c="dimmed">No drills yet.</Text>
      ) : (
        <Table data-testid="drills">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Drill</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th visibleFrom="sm">Declared</Table.Th>
              <Table.Th>Report</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {drills.data.drills.map((d) => (
              <Table.Tr key={d.incidentId}>
                <Table.Td>
                  <Anchor component={Link} to={`/incidents/${d.incidentId}`}>
                    #{d.incidentId} {d.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {d.scheduleId ? `schedule ${d.scheduleId}` : 'by hand'} · {d.participants.join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>{d.status}</Table.Td>
                <Table.Td visibleFrom="sm">
                  <AbsoluteTime value={d.declaredAt} size="sm" />
                </Table.Td>
                <Table.Td>
                  <Anchor component={Link} to={`/drills/${d.incidentId}`}>
                    Report
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Report({ r }: { r: DrillReport }) {
  return (
    <Stack gap="md">
      <Card withBorder padding="lg">
        <Text fw={600}>
          <Badge color="grape" variant="filled" mr="xs">
            DRILL
          </Badge>
          <Anchor component={Link} to={`/incidents/${r.incidentId}`}>
            #{r.incidentId} {r.title}
          </Anchor>{' '}
          ({r.level ?? 'no level'}, {r.status})
        </Text>
        <Text size="sm" c="dimmed">
          Declared by {r.declaredBy}
          {r.scheduleId ? ` (schedule ${r.scheduleId})` : ''} · participants: {r.participants.join(', ')}
        </Text>
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="xs">
          1-5-10
        </Title>
        <Table data-testid="drill-stages">
          <Table.Tbody>
            {r.stages.map((s) => (
              <Table.Tr key={s.stage} data-stage={s.stage}>
                <Table.Td>{s.stage}</Table.Td>
                <Table.Td>
                  {drillDuration(s.tookMs)} of {drillDuration(s.targetMs)}
                </Table.Td>
                <Table.Td>
                  <Badge color={STATE_COLOR[s.state]} variant="light">
                    {s.state}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
      <Card withBorder padding="lg">
        <Title order={2} size="h4" mb="xs">
          Roles and check-in
        </Title>
        {r.roles.map((role) => (
          <Text size="sm" key={role.role}>
            {role.role}:{' '}
            {role.holder
              ? `${role.holder} after ${drillDuration(role.filledAfterMs)}`
              : role.required
                ? 'never filled (required)'
                : 'not filled'}
          </Text>
        ))}
        {r.checkIns.map((c) => (
          <Text size="sm" key={c.person}>
            {c.person}: {c.state}
            {c.afterMs !== null ? ` after ${drillDuration(c.afterMs)}` : ''}
          </Text>
        ))}
      </Card>
    </Stack>
  );
}

/** `/drills/:id`: a drill's report — times per 1-5-10 stage against the targets, roles filled, check-ins. */
export function DrillReportPage() {
  const id = Number(useParams().id);
  const report = useDrillReport(id);
  return (
    <Stack gap="md" maw={900} mx="auto">
      <Title order={1} size="h2">
        Drill report
      </Title>
      {report.isPending ? (
        <LoadingState label="Loading the report…" />
      ) : report.isError ? (
        <ErrorState title="Cannot load the report" error={report.error} onRetry={() => void report.refetch()} />
      ) : (
        <Report r={report.data} />
      )}
    </Stack>
  );
}
