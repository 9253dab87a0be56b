import type { OncallView } from '@faultline/contracts';
import { Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { DateTimePicker } from '@mantine/dates';
import '@mantine/dates/styles.css';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useOncallNow } from '../api/oncall.ts';
import { formatAbsolute } from '../ui/format-time.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { PageShell } from './page-shell.tsx';
import { RecipientChips } from './recipient-chips.tsx';

function SchedulesNow({ schedules }: { schedules: OncallView['schedules'] }) {
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="now-schedules">
      <Title order={2} size="h4" id="now-schedules" mb="sm">
        Schedules
      </Title>
      {schedules.length === 0 ? (
        <Text size="sm" c="dimmed">
          No schedules yet.
        </Text>
      ) : (
        <Table aria-labelledby="now-schedules" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Schedule</Table.Th>
              <Table.Th>Time zone</Table.Th>
              <Table.Th>On call</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {schedules.map((s) => (
              <Table.Tr key={s.id} data-testid="now-schedule-row">
                <Table.Td>
                  <Anchor component={Link} to={`/oncall/schedules/${encodeURIComponent(s.id)}`} size="sm">
                    {s.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{s.timeZone}</Text>
                </Table.Td>
                <Table.Td>
                  {s.onCall.length === 0 ? (
                    <Text size="sm" c="red">
                      nobody (a gap)
                    </Text>
                  ) : (
                    <Text size="sm">{s.onCall.join(', ')}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

function TeamNow({ team }: { team: OncallView['teams'][number] }) {
  return (
    <Card withBorder padding="md" data-testid="now-team" aria-label={`Team ${team.name}`} component="section">
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>{team.name}</Text>
          <Text size="xs" c="dimmed">
            {team.escalationPolicy ? `policy ${team.escalationPolicy}` : 'no escalation policy'}
          </Text>
        </Group>
        <Text size="xs" c="dimmed">
          A new incident pages first
        </Text>
        <RecipientChips recipients={team.responders} />
        {team.steps.length > 1 &&
          team.steps.slice(1).map((step, i) => (
            <Stack key={i} gap={2}>
              <Text size="xs" c="dimmed">
                Step {i + 2} · after {step.delayMinutes} min{step.roundRobin ? ' · one of, in turn' : ''}
              </Text>
              <RecipientChips recipients={step.recipients} />
              {step.nobody.map((why) => (
                <Text key={why} size="xs" c="orange">
                  {why}
                </Text>
              ))}
            </Stack>
          ))}
      </Stack>
    </Card>
  );
}

/**
 * `/oncall`: who is on call now (or at a chosen time, in the viewer's zone): per schedule, and per team who a
 * new incident would page at each step of its policy.
 */
export function OncallNowPage() {
  const [at, setAt] = useState<string | null>(null);
  const iso = at ? dayjs(at).toISOString() : null;
  const oncall = useOncallNow(iso);
  return (
    <PageShell
      section="oncall"
      title="Who is on call"
      description={oncall.data ? `At ${formatAbsolute(oncall.data.at)}` : undefined}
      actions={
        <>
          <DateTimePicker
            label="At"
            placeholder="now"
            value={at}
            onChange={setAt}
            clearable
            w={220}
            valueFormat="DD MMM YYYY HH:mm"
          />
          {at && (
            <Button variant="default" onClick={() => setAt(null)} mt={24}>
              Now
            </Button>
          )}
        </>
      }
    >
      {oncall.isPending ? (
        <LoadingState label="Loading who is on call…" />
      ) : oncall.isError ? (
        <ErrorState title="Cannot load who is on call" error={oncall.error} onRetry={() => void oncall.refetch()} />
      ) : (
        <>
          <SchedulesNow schedules={oncall.data.schedules} />
          <Title order={2} size="h4">
            Teams
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
            {oncall.data.teams.map((team) => (
              <TeamNow key={team.id} team={team} />
            ))}
          </SimpleGrid>
        </>
      )}
    </PageShell>
  );
}
