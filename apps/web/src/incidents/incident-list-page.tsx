import { Button, Code, EmptyState, Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconEar } from '@tabler/icons-react';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useIncidents } from '../api/incidents.ts';
import type { IncidentFilter } from '../api/query-keys.ts';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { IncidentTable } from './incident-table.tsx';
import { useNewIds } from './use-new-ids.ts';

function ListEmptyState({ filter }: { filter: IncidentFilter }) {
  return (
    <EmptyState
      py="xl"
      icon={<IconEar size={28} />}
      variant="light"
      color="teal"
      title={
        filter === 'open' ? 'No open incidents — Faultline is listening' : 'No incidents yet — Faultline is listening'
      }
      description={
        <Stack gap={6} align="center">
          <Text size="sm" c="dimmed">
            Send a test alert and it shows up here within a second:
          </Text>
          <Code>npm run faultline -- alert send --key quickstart</Code>
        </Stack>
      }
      data-testid="incidents-empty"
    />
  );
}

/** `/incidents`: open (or all) incidents, newest first, updated live. Filter in `?status=all`. */
export function IncidentListPage() {
  const [params, setParams] = useSearchParams();
  const filter: IncidentFilter = params.get('status') === 'all' ? 'all' : 'open';
  const incidents = useIncidents(filter);
  const ids = useMemo(() => incidents.data?.map((incident) => incident.id), [incidents.data]);
  const fresh = useNewIds(incidents.isPlaceholderData ? undefined : ids, filter);

  return (
    <Stack gap="md" maw={1280} mx="auto">
      <Group justify="space-between" align="center">
        <Group gap="sm" align="center">
          <Title order={1} size="h2">
            Incidents
          </Title>
          {incidents.data && (
            <Text c="dimmed" size="sm" aria-live="polite">
              {incidents.data.length}
              {incidents.hasNextPage ? '+' : ''} {filter === 'open' ? 'open' : 'in total'}
            </Text>
          )}
          {incidents.isFetching && !incidents.isPending && <Loader size="xs" aria-label="Refreshing" />}
        </Group>
        <Group gap="sm">
          <Button component={Link} to="/incidents/declare" color="red" size="xs">
            Declare incident
          </Button>
          <SegmentedControl
            aria-label="Which incidents to show"
            value={filter}
            onChange={(value) => setParams(value === 'all' ? { status: 'all' } : {}, { replace: true })}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'all', label: 'All' },
            ]}
            data-testid="incident-filter"
          />
        </Group>
      </Group>
      {incidents.isError && incidents.data && (
        <ErrorState
          title="Cannot refresh incidents; showing the last list"
          error={incidents.error}
          onRetry={() => void incidents.refetch()}
        />
      )}
      {incidents.isPending ? (
        <LoadingState label="Loading incidents…" />
      ) : incidents.isError && !incidents.data ? (
        <ErrorState title="Cannot load incidents" error={incidents.error} onRetry={() => void incidents.refetch()} />
      ) : incidents.data && incidents.data.length === 0 ? (
        <Paper withBorder>
          <ListEmptyState filter={filter} />
        </Paper>
      ) : (
        <Paper withBorder>
          <IncidentTable incidents={incidents.data ?? []} fresh={fresh} />
          {incidents.hasNextPage && (
            <Group p="sm" justify="center">
              <Button
                variant="default"
                loading={incidents.isFetchingNextPage}
                onClick={() => void incidents.fetchNextPage()}
                data-testid="incidents-more"
              >
                Older incidents
              </Button>
            </Group>
          )}
        </Paper>
      )}
    </Stack>
  );
}
