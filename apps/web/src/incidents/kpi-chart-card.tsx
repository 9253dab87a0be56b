import type { IncidentDetail, KpiWatchView } from '@faultline/contracts';
import { Alert, Anchor, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useKpiSamples, useKpiWatches } from '../api/kpi.ts';
import { incidentChartWindow, formatDropPct, formatKpiValue } from '../kpi/chart-math.ts';
import { type ChartMarker, ChartLegend, KpiChart } from '../kpi/kpi-chart.tsx';
import { WatchStatusBadge } from '../kpi/watch-status-badge.tsx';
import { ErrorState } from '../ui/states.tsx';
import { useNow } from '../ui/now.tsx';
import { RelativeTime } from '../ui/time.tsx';

function WatchChart({
  watchId,
  watch,
  window,
  markers,
}: {
  watchId: string;
  watch: KpiWatchView | undefined;
  window: { from: string; to: string };
  markers: ChartMarker[];
}) {
  const samples = useKpiSamples(watchId, window.from, window.to);
  return (
    <Stack gap={6} data-testid="kpi-chart-watch" data-watch-id={watchId}>
      <Group justify="space-between" gap="xs">
        <Group gap="xs">
          <Text size="sm" fw={600} ff="monospace">
            {watchId}
          </Text>
          {watch && <WatchStatusBadge status={watch.status} />}
          {samples.isFetching && <Loader size={12} aria-label="Loading samples" />}
        </Group>
        {watch && (
          <Text size="xs" c="dimmed">
            last {formatKpiValue(watch.lastValue)} · baseline {formatKpiValue(watch.lastBaseline)}
            {watch.lastDropPct !== null ? ` · drop ${formatDropPct(watch.lastDropPct)}` : ''}
            {watch.lastEvaluatedAt ? ' · evaluated ' : ''}
            {watch.lastEvaluatedAt && <RelativeTime value={watch.lastEvaluatedAt} size="xs" span />}
          </Text>
        )}
      </Group>
      {watch?.lastError && (
        <Alert
          color="orange"
          variant="light"
          p="xs"
          icon={<IconAlertTriangle size={16} />}
          title="Last evaluation failed"
        >
          <Text size="xs" style={{ wordBreak: 'break-word' }}>
            {watch.lastError}
          </Text>
        </Alert>
      )}
      {samples.isError && !samples.data ? (
        <ErrorState title="Cannot load the KPI samples" error={samples.error} onRetry={() => void samples.refetch()} />
      ) : (
        <KpiChart
          samples={samples.data ?? []}
          from={window.from}
          to={window.to}
          markers={markers}
          label={`KPI ${watchId}: value against baseline around incident`}
        />
      )}
    </Stack>
  );
}

/**
 * The KPIs of the incident's module, value against baseline from an hour before the incident opened to now
 * (or 30 minutes after it was mitigated), with the incident's start (and mitigation) marked.
 */
export function KpiChartCard({ incident }: { incident: IncidentDetail }) {
  const now = useNow();
  const watches = useKpiWatches();
  const window = incidentChartWindow(incident, now);
  const markers: ChartMarker[] = [
    { at: incident.createdAt, label: 'Incident opened', color: 'var(--mantine-color-red-6)' },
    ...(incident.mitigatedAt
      ? [{ at: incident.mitigatedAt, label: 'Mitigated', color: 'var(--mantine-color-teal-6)' }]
      : []),
  ];
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="kpi-heading">
      <Group justify="space-between" align="baseline" mb="sm">
        <Group gap="xs" align="baseline">
          <Title order={2} size="h4" id="kpi-heading">
            KPI
          </Title>
          {incident.module && (
            <Text size="sm" c="dimmed">
              module {incident.module}
            </Text>
          )}
        </Group>
        <Anchor component={Link} to="/kpi" size="sm">
          All KPI watches
        </Anchor>
      </Group>
      <Stack gap="lg">
        {incident.kpiWatches.map((watchId) => (
          <WatchChart
            key={watchId}
            watchId={watchId}
            watch={watches.data?.find((watch) => watch.id === watchId)}
            window={window}
            markers={markers}
          />
        ))}
      </Stack>
      <ChartLegend markers={markers} />
    </Card>
  );
}
