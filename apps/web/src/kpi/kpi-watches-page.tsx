import type { KpiWatchView } from '@faultline/contracts';
import {
  ActionIcon,
  Anchor,
  Badge,
  Code,
  EmptyState,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { IconChartLine, IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { plural } from '../ui/plural.ts';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { useKpiSamples, useKpiWatches } from '../api/kpi.ts';
import { useNow } from '../ui/now.tsx';
import { ErrorState, LoadingState } from '../ui/states.tsx';
import { RelativeTime } from '../ui/time.tsx';
import { ceilToMinute, floorToMinute, formatDropPct, formatKpiValue } from './chart-math.ts';
import { type ChartMarker, ChartLegend, KpiChart, Sparkline } from './kpi-chart.tsx';
import { WatchStatusBadge, watchStatusColor } from './watch-status-badge.tsx';

const HOUR = 3_600_000;
const SPARK_HOURS = 2;
const RANGES = [
  { value: '1', label: '1 h' },
  { value: '6', label: '6 h' },
  { value: '24', label: '24 h' },
];
const COLUMNS = 10;

/** The last `hours` up to now, in whole minutes (a stable query key for a minute). */
function lastHours(now: number, hours: number): { from: string; to: string } {
  return { from: floorToMinute(now - hours * HOUR), to: ceilToMinute(now) };
}

/** A watch's baseline in words: `the same time 1w earlier`, `median of 7 windows 1d apart`, `fixed 5,000`. */
function baselineInWords(baseline: Record<string, unknown>): string {
  switch (baseline.kind) {
    case 'offset':
      return `the same time ${String(baseline.offset)} earlier`;
    case 'median':
      return `median of ${String(baseline.windows)} windows ${String(baseline.period)} apart`;
    case 'static':
      return `fixed ${typeof baseline.value === 'number' ? formatKpiValue(baseline.value) : String(baseline.value)}`;
    default:
      return JSON.stringify(baseline);
  }
}

function Trend({ watch }: { watch: KpiWatchView }) {
  const now = useNow();
  const window = lastHours(now, SPARK_HOURS);
  const samples = useKpiSamples(watch.id, window.from, window.to);
  if (samples.isPending) return <Skeleton height={28} width={120} radius="sm" />;
  if (samples.isError && !samples.data) {
    return (
      <Text size="xs" c="dimmed">
        unavailable
      </Text>
    );
  }
  return (
    <Sparkline
      samples={samples.data ?? []}
      color={watchStatusColor(watch.status)}
      label={`${watch.id}, last ${SPARK_HOURS} hours: ${samples.data?.length ?? 0} samples, latest ${formatKpiValue(samples.data?.at(-1)?.value)}`}
    />
  );
}

function WatchDetail({ watch }: { watch: KpiWatchView }) {
  const now = useNow();
  const [hours, setHours] = useState('6');
  const window = lastHours(now, Number(hours));
  const samples = useKpiSamples(watch.id, window.from, window.to);
  const markers: ChartMarker[] = watch.breachStartedAt
    ? [{ at: watch.breachStartedAt, label: 'Breach started', color: 'var(--mantine-color-red-6)' }]
    : [];
  const baseline = baselineInWords(watch.baseline);
  return (
    <Stack gap="xs" p="sm">
      <Group justify="space-between" gap="xs">
        <Text size="xs" c="dimmed">
          {watch.query ? (
            <>
              Query <Code fz="xs">{watch.query}</Code>
            </>
          ) : (
            'Samples are pushed to the API'
          )}{' '}
          · baseline: {baseline} · evaluated every {watch.everySeconds} s
        </Text>
        <Group gap="xs">
          {samples.isFetching && <Loader size={12} aria-label="Loading samples" />}
          <SegmentedControl size="xs" data={RANGES} value={hours} onChange={setHours} aria-label="Chart period" />
        </Group>
      </Group>
      {samples.isError && !samples.data ? (
        <ErrorState title="Cannot load the samples" error={samples.error} onRetry={() => void samples.refetch()} />
      ) : (
        <KpiChart
          samples={samples.data ?? []}
          from={window.from}
          to={window.to}
          markers={markers}
          height={240}
          label={`KPI ${watch.id}, value against baseline over the last ${hours} hours`}
        />
      )}
      <ChartLegend markers={markers} />
    </Stack>
  );
}

function WatchRow({ watch, expanded, onToggle }: { watch: KpiWatchView; expanded: boolean; onToggle: () => void }) {
  return (
    <Fragment>
      <Table.Tr
        data-testid="kpi-watch-row"
        data-status={watch.status}
        data-watch-id={watch.id}
        style={{ verticalAlign: 'top' }}
      >
        <Table.Td>
          <Tooltip label={expanded ? 'Hide chart' : 'Show chart'} withArrow>
            <ActionIcon
              variant="subtle"
              size="sm"
              onClick={onToggle}
              aria-expanded={expanded}
              aria-label={`${expanded ? 'Hide' : 'Show'} the chart of ${watch.id}`}
              data-testid="kpi-watch-expand"
            >
              {expanded ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
            </ActionIcon>
          </Tooltip>
        </Table.Td>
        <Table.Td>
          <Text size="sm" fw={500} ff="monospace">
            {watch.id}
          </Text>
          <Text size="xs" c="dimmed">
            {watch.source}
            {watch.service ? ` · ${watch.service}` : ''}
          </Text>
        </Table.Td>
        <Table.Td>
          <Anchor component={Link} to={`/modules/${encodeURIComponent(watch.module)}/levels`} size="sm">
            {watch.module}
          </Anchor>
        </Table.Td>
        <Table.Td>
          <WatchStatusBadge status={watch.status} />
          <Text size="xs" c="dimmed" mt={2}>
            <RelativeTime value={watch.lastEvaluatedAt} size="xs" span />
          </Text>
        </Table.Td>
        <Table.Td ta="right">
          <Text size="sm" ff="monospace">
            {formatKpiValue(watch.lastValue)}
          </Text>
        </Table.Td>
        <Table.Td ta="right">
          <Text size="sm" ff="monospace" c="dimmed">
            {formatKpiValue(watch.lastBaseline)}
          </Text>
        </Table.Td>
        <Table.Td ta="right">
          <Text
            size="sm"
            ff="monospace"
            fw={watch.status === 'breach' ? 600 : undefined}
            c={watch.status === 'breach' ? 'red' : undefined}
          >
            {formatDropPct(watch.lastDropPct)}
          </Text>
        </Table.Td>
        <Table.Td>
          <Trend watch={watch} />
        </Table.Td>
        <Table.Td maw={240}>
          {watch.lastError ? (
            <Tooltip label={watch.lastError} multiline maw={420} withArrow>
              <Text size="xs" c="orange.8" lineClamp={2} data-testid="kpi-watch-error">
                {watch.lastError}
              </Text>
            </Tooltip>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
        </Table.Td>
        <Table.Td>
          {watch.incidentId !== null ? (
            <Anchor component={Link} to={`/incidents/${watch.incidentId}`} size="sm" data-testid="kpi-watch-incident">
              #{watch.incidentId}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          )}
          {watch.breachStartedAt && (
            <Text size="xs" c="dimmed">
              breach since <RelativeTime value={watch.breachStartedAt} size="xs" span />
            </Text>
          )}
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={COLUMNS} p={0}>
            <WatchDetail watch={watch} />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

const STATUS_ORDER: Record<KpiWatchView['status'], number> = { breach: 0, error: 1, 'no-data': 2, pending: 3, ok: 4 };

/** `/kpi`: every KPI watch with its last evaluation, a trend of the last two hours, and a chart on expand. */
export function KpiWatchesPage() {
  const watches = useKpiWatches();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (id: string): void =>
    setExpanded((previous) => {
      const next = new Set(previous);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const sorted = [...(watches.data ?? [])].sort(
    (a, b) =>
      STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.module.localeCompare(b.module) || a.id.localeCompare(b.id),
  );
  const breaching = sorted.filter((watch) => watch.status === 'breach').length;

  return (
    <Stack gap="md" maw={1400} mx="auto">
      <Group gap="sm" align="center">
        <Title order={1} size="h2">
          KPI watches
        </Title>
        {watches.data && (
          <Text c="dimmed" size="sm" aria-live="polite">
            {plural(watches.data.length, 'watch', 'watches')}
          </Text>
        )}
        {breaching > 0 && (
          <Badge color="red" variant="light">
            {breaching} in breach
          </Badge>
        )}
        {watches.isFetching && !watches.isPending && <Loader size="xs" aria-label="Refreshing" />}
      </Group>
      <Text size="sm" c="dimmed" maw={760}>
        Faultline evaluates each module’s business KPI against its baseline. A drop grades the module’s incident with
        its KPI-drop rules; a smaller drop opens a risk.
      </Text>
      {watches.isError && watches.data && (
        <ErrorState
          title="Cannot refresh; showing the last values"
          error={watches.error}
          onRetry={() => void watches.refetch()}
        />
      )}
      {watches.isPending ? (
        <LoadingState label="Loading KPI watches…" />
      ) : watches.isError && !watches.data ? (
        <ErrorState title="Cannot load KPI watches" error={watches.error} onRetry={() => void watches.refetch()} />
      ) : sorted.length === 0 ? (
        <Paper withBorder>
          <EmptyState
            py="xl"
            icon={<IconChartLine size={28} />}
            title="No KPI watches"
            description="Add kpiWatches to the config file to have Faultline grade from business metrics."
            data-testid="kpi-empty"
          />
        </Paper>
      ) : (
        <Paper withBorder>
          <Table.ScrollContainer minWidth={1180}>
            <Table verticalSpacing="sm" aria-label="KPI watches">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={36}>
                    <VisuallyHidden>Chart</VisuallyHidden>
                  </Table.Th>
                  <Table.Th>Watch</Table.Th>
                  <Table.Th w={130}>Module</Table.Th>
                  <Table.Th w={120}>Status</Table.Th>
                  <Table.Th w={90} ta="right">
                    Value
                  </Table.Th>
                  <Table.Th w={90} ta="right">
                    Baseline
                  </Table.Th>
                  <Table.Th w={80} ta="right">
                    Drop
                  </Table.Th>
                  <Table.Th w={140}>Last {SPARK_HOURS} h</Table.Th>
                  <Table.Th w={220}>Last error</Table.Th>
                  <Table.Th w={130}>Incident</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sorted.map((watch) => (
                  <WatchRow
                    key={watch.id}
                    watch={watch}
                    expanded={expanded.has(watch.id)}
                    onToggle={() => toggle(watch.id)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
