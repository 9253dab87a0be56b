import type { AnalyticsDimension, AnalyticsReview, MetricDefinition, Share } from '@faultline/contracts';
import { BarChart } from '@mantine/charts';
import { Group, SimpleGrid, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { csvHref, type Drill } from '../api/analytics.ts';
import { plural } from '../ui/plural.ts';
import { MetricCard, DefinitionButton } from './metric-card.tsx';
import { formatDuration, formatRate } from './review-query.ts';

const PALETTE = [
  'red.6',
  'orange.6',
  'yellow.6',
  'teal.6',
  'blue.6',
  'indigo.6',
  'grape.6',
  'gray.6',
  'cyan.6',
  'lime.6',
];
const color = (i: number) => PALETTE[i % PALETTE.length]!;
const minutes = (ms: number | null) => (ms === null ? 0 : Math.round((ms / 60_000) * 10) / 10);

export type Dictionary = ReadonlyMap<string, MetricDefinition>;

/**
 * The bar props that make every bar of a series drill into the incidents behind it: `drillOf` turns the
 * clicked row and series into the drill-down (null: that series is not made of incidents).
 */
function drillBars<T>(
  onDrill: (d: Drill) => void,
  drillOf: (row: T, series: string) => Drill | null,
  drillable: (series: string) => boolean = () => true,
) {
  return (s: { name: string }) =>
    drillable(s.name)
      ? {
          cursor: 'pointer',
          onClick: (d: { payload?: T }) => {
            const drill = d.payload ? drillOf(d.payload, s.name) : null;
            if (drill) onDrill(drill);
          },
        }
      : {};
}

/** What each card of the review takes: the review, the dictionary, the query (for its CSV) and the drill-down. */
interface CardProps {
  review: AnalyticsReview;
  dict: Dictionary;
  query: string;
  onDrill: (d: Drill) => void;
}

export const DIMENSION_LABEL: Record<AnalyticsDimension, string> = {
  level: 'level',
  team: 'team',
  service: 'service',
  businessLine: 'business line',
  causeClass: 'root-cause class',
  detectionSource: 'detection source',
  recoveryMethod: 'recovery method',
};

/** A share as `33.3% (1 of 3)`. */
function ShareText({ share, label, dict }: { share: Share; label: string; dict: Dictionary }) {
  return (
    <Group gap={4} wrap="nowrap" data-testid={`share-${share.metric}`}>
      <Text size="sm">
        {label}: <b>{formatRate(share.rate)}</b>{' '}
        <Text span c="dimmed" size="xs">
          ({share.count} of N={share.n})
        </Text>
      </Text>
      <DefinitionButton metric={dict.get(share.metric)} />
    </Group>
  );
}

/** Incident counts per bucket by a dimension; a bar (or a table cell) drills into its incidents. */
export function CountsCard({
  review,
  dimension,
  dict,
  query,
  onDrill,
}: {
  review: AnalyticsReview;
  dimension: AnalyticsDimension;
  dict: Dictionary;
  query: string;
  onDrill: (bucket: string, key: string) => void;
}) {
  const t = review.counts.find((c) => c.dimension === dimension)!;
  const data = t.rows.map((r) => ({ bucket: r.bucket, ...r.counts }));
  const excluded = t.excluded.map((e) => `${e.reason} ${e.count}`).join(', ');
  return (
    <MetricCard
      id="counts"
      title={`Incidents by ${review.period.bucket} and ${DIMENSION_LABEL[dimension]}`}
      metric={dict.get(t.metric)}
      n={`N = ${t.n}${excluded ? ` · excluded: ${excluded}` : ''}`}
      csv={csvHref(query, 'counts', dimension)}
      chart={
        <BarChart
          h={280}
          data={data}
          dataKey="bucket"
          type="stacked"
          withLegend
          series={t.keys.map((k, i) => ({ name: k, color: color(i) }))}
          barProps={(s) => ({
            cursor: 'pointer',
            onClick: (d: { payload?: { bucket?: string } }) => {
              if (d.payload?.bucket) onDrill(d.payload.bucket, s.name);
            },
          })}
        />
      }
      table={
        <Table striped withTableBorder data-testid="counts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{review.period.bucket}</Table.Th>
              {t.keys.map((k) => (
                <Table.Th key={k}>{k}</Table.Th>
              ))}
              <Table.Th>total</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {t.rows.map((r) => (
              <Table.Tr key={r.bucket}>
                <Table.Td>{r.bucket}</Table.Td>
                {t.keys.map((k) => (
                  <Table.Td key={k}>
                    {r.counts[k] ? (
                      <UnstyledButton
                        onClick={() => onDrill(r.bucket, k)}
                        aria-label={`${r.counts[k]} incidents, ${k}, ${r.bucket}: show them`}
                        data-testid={`cell-${r.bucket}-${k}`}
                        style={{ textDecoration: 'underline' }}
                      >
                        {r.counts[k]}
                      </UnstyledButton>
                    ) : (
                      0
                    )}
                  </Table.Td>
                ))}
                <Table.Td>{r.total}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

const DURATION_LABEL: Record<string, string> = {
  mttd: 'MTTD',
  mtta: 'MTTA',
  time_to_locate: 'Time to locate',
  mttr: 'MTTR',
  time_to_resolve: 'Time to resolve',
};

/** Median, p90 and mean of each duration (minutes in the chart), each with its N and definition. */
export function DurationsCard({ review, dict, query, onDrill }: CardProps) {
  const data = review.durations.map((d) => ({
    id: d.metric,
    metric: `${DURATION_LABEL[d.metric]} (N=${d.overall.n})`,
    median: minutes(d.overall.median),
    p90: minutes(d.overall.p90),
    mean: minutes(d.overall.mean),
  }));
  return (
    <MetricCard
      id="durations"
      title="Durations (minutes)"
      metric={undefined}
      n={review.durations.map((d) => `${DURATION_LABEL[d.metric]} N=${d.overall.n}`).join(' · ')}
      csv={csvHref(query, 'durations')}
      extra={
        <Group gap="md" mb="xs">
          {review.durations.map((d) => (
            <Group key={d.metric} gap={2}>
              <Text size="xs">{DURATION_LABEL[d.metric]}</Text>
              <DefinitionButton metric={dict.get(d.metric)} />
            </Group>
          ))}
        </Group>
      }
      chart={
        <BarChart
          h={260}
          data={data}
          dataKey="metric"
          unit=" min"
          withLegend
          series={[
            { name: 'median', color: 'blue.6' },
            { name: 'p90', color: 'orange.6' },
            { name: 'mean', color: 'gray.6' },
          ]}
          barProps={drillBars<(typeof data)[number]>(onDrill, (row) => ({
            card: 'durations',
            label: `${row.metric}: the incidents it counts`,
            params: { metric: row.id },
          }))}
        />
      }
      table={
        <Table striped withTableBorder data-testid="durations-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>metric</Table.Th>
              <Table.Th>N</Table.Th>
              <Table.Th>median</Table.Th>
              <Table.Th>p90</Table.Th>
              <Table.Th>mean</Table.Th>
              <Table.Th>excluded</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {review.durations.map((d) => (
              <Table.Tr key={d.metric} data-testid={`duration-${d.metric}`}>
                <Table.Td>{DURATION_LABEL[d.metric]}</Table.Td>
                <Table.Td>{d.overall.n}</Table.Td>
                <Table.Td>{formatDuration(d.overall.median)}</Table.Td>
                <Table.Td>{formatDuration(d.overall.p90)}</Table.Td>
                <Table.Td>{formatDuration(d.overall.mean)}</Table.Td>
                <Table.Td>
                  <Text size="xs">{d.excluded.map((e) => `${e.reason} ${e.count}`).join(', ') || '—'}</Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

/** 1-5-10 compliance per stage and level. */
export function ComplianceCard({ review, dict, query, onDrill }: CardProps) {
  const data = review.compliance.rows.map((r) => ({
    stage: r.stage,
    level: r.level,
    cell: `${r.stage} ${r.level} (${formatRate(r.rate)})`,
    met: r.met,
    breached: r.breached,
  }));
  const n = review.compliance.rows.reduce((a, r) => a + r.n, 0);
  return (
    <MetricCard
      id="compliance"
      title="1-5-10 compliance"
      metric={dict.get('clock_compliance')}
      n={`N = ${n} stage readings`}
      csv={csvHref(query, 'compliance')}
      chart={
        <BarChart
          h={240}
          data={data}
          dataKey="cell"
          type="stacked"
          withLegend
          series={[
            { name: 'met', color: 'teal.6' },
            { name: 'breached', color: 'red.6' },
          ]}
          barProps={drillBars<(typeof data)[number]>(onDrill, (row, state) => ({
            card: 'compliance',
            label: `1-5-10 ${row.stage} ${state} · level ${row.level}`,
            params: { stage: row.stage, state, dimension: 'level', key: row.level },
          }))}
        />
      }
      table={
        <Table striped withTableBorder data-testid="compliance-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>stage</Table.Th>
              <Table.Th>level</Table.Th>
              <Table.Th>met</Table.Th>
              <Table.Th>breached</Table.Th>
              <Table.Th>N</Table.Th>
              <Table.Th>rate</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {review.compliance.rows.map((r) => (
              <Table.Tr key={`${r.stage}-${r.level}`}>
                <Table.Td>{r.stage}</Table.Td>
                <Table.Td>{r.level}</Table.Td>
                <Table.Td>{r.met}</Table.Td>
                <Table.Td>{r.breached}</Table.Td>
                <Table.Td>{r.n}</Table.Td>
                <Table.Td>{formatRate(r.rate)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

/** Changes and deploys against incidents per bucket, both counts shown; the change shares below. */
export function ReleasesCard({ review, dict, query, onDrill }: CardProps) {
  const r = review.releases;
  return (
    <MetricCard
      id="releases"
      title="Releases against faults"
      metric={dict.get(r.metric)}
      n={`${plural(
        r.rows.reduce((a, x) => a + x.changes, 0),
        'change',
      )} · ${plural(
        r.rows.reduce((a, x) => a + x.incidents, 0),
        'incident',
      )}`}
      csv={csvHref(query, 'releases')}
      extra={
        <Stack gap={2} mb="xs">
          <ShareText share={r.changeInducedShare} label="Change-induced share" dict={dict} />
          <ShareText share={r.changeFailureRate} label="Change failure rate" dict={dict} />
          <ShareText share={r.rollbackShare} label="Recovered by rollback" dict={dict} />
        </Stack>
      }
      chart={
        <BarChart
          h={260}
          data={r.rows}
          dataKey="bucket"
          withLegend
          series={[
            { name: 'deploys', color: 'blue.6' },
            { name: 'changes', color: 'indigo.3' },
            { name: 'incidents', color: 'red.6' },
            { name: 'changeInduced', label: 'change-induced', color: 'orange.6' },
          ]}
          barProps={drillBars<(typeof r.rows)[number]>(
            onDrill,
            (row, series) =>
              // Changes and deploys are not incidents: their bars list nothing.
              series === 'incidents' || series === 'changeInduced'
                ? {
                    card: 'releases',
                    label: `${row.bucket} · ${series === 'incidents' ? 'incidents' : 'change-induced incidents'}`,
                    params: { bucketKey: row.bucket, ...(series === 'changeInduced' ? { changeInduced: 'true' } : {}) },
                  }
                : null,
            (series) => series === 'incidents' || series === 'changeInduced',
          )}
        />
      }
      table={
        <Table striped withTableBorder data-testid="releases-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{review.period.bucket}</Table.Th>
              <Table.Th>changes</Table.Th>
              <Table.Th>deploys</Table.Th>
              <Table.Th>incidents</Table.Th>
              <Table.Th>change-induced</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {r.rows.map((x) => (
              <Table.Tr key={x.bucket}>
                <Table.Td>{x.bucket}</Table.Td>
                <Table.Td>{x.changes}</Table.Td>
                <Table.Td>{x.deploys}</Table.Td>
                <Table.Td>{x.incidents}</Table.Td>
                <Table.Td>{x.changeInduced}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

/** Postmortem timeliness by level, and action discipline. */
export function DisciplineCard({ review, dict, query, onDrill }: CardProps) {
  const p = review.postmortems;
  const a = review.actions;
  const n = p.rows.reduce((s, r) => s + r.n, 0);
  return (
    <MetricCard
      id="postmortems"
      title="Postmortems and actions"
      metric={dict.get(p.metric)}
      n={`N = ${n} postmortems · ${p.withoutPostmortem} incidents without one · ${a.n} actions`}
      csv={csvHref(query, 'postmortems')}
      extra={
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={2} mb="xs">
          <ShareText share={a.completion} label="Actions completed" dict={dict} />
          <ShareText share={a.overdue} label="Actions overdue" dict={dict} />
          <ShareText share={a.verified} label="Completed and verified" dict={dict} />
          <ShareText share={a.closedWithoutVerification} label="Closed without verification" dict={dict} />
          <ShareText
            share={review.repeats.share}
            label={`Repeats within ${review.repeats.windowDays} days`}
            dict={dict}
          />
        </SimpleGrid>
      }
      chart={
        <BarChart
          h={220}
          data={p.rows}
          dataKey="level"
          type="stacked"
          withLegend
          series={[
            { name: 'onTime', label: 'on time', color: 'teal.6' },
            { name: 'late', color: 'yellow.6' },
            { name: 'overdue', color: 'red.6' },
            { name: 'pending', color: 'gray.5' },
          ]}
          barProps={drillBars<(typeof p.rows)[number]>(onDrill, (row, state) => ({
            card: 'postmortems',
            label: `Postmortems ${state} · opened at ${row.level}`,
            params: { postmortem: state, postmortemLevel: row.level },
          }))}
        />
      }
      table={
        <Table striped withTableBorder data-testid="postmortems-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>level</Table.Th>
              <Table.Th>on time</Table.Th>
              <Table.Th>late</Table.Th>
              <Table.Th>overdue</Table.Th>
              <Table.Th>pending</Table.Th>
              <Table.Th>N</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.rows.map((r) => (
              <Table.Tr key={r.level}>
                <Table.Td>{r.level}</Table.Td>
                <Table.Td>{r.onTime}</Table.Td>
                <Table.Td>{r.late}</Table.Td>
                <Table.Td>{r.overdue}</Table.Td>
                <Table.Td>{r.pending}</Table.Td>
                <Table.Td>{r.n}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

/** Pages per person by business, off and sleep hours in each person's zone. */
export function OncallLoadCard({ review, dict, query, onDrill }: CardProps) {
  const o = review.oncallLoad;
  return (
    <MetricCard
      id="oncall"
      title="On-call load"
      metric={dict.get(o.metric)}
      n={`N = ${plural(o.n, 'page')} · ${plural(o.rows.length, 'person', 'people')}`}
      csv={csvHref(query, 'oncall')}
      chart={
        <BarChart
          h={Math.max(160, 40 * o.rows.length + 60)}
          data={o.rows}
          dataKey="person"
          orientation="vertical"
          type="stacked"
          withLegend
          series={[
            { name: 'business', label: 'business hours', color: 'teal.6' },
            { name: 'off', label: 'off hours', color: 'yellow.6' },
            { name: 'sleep', label: 'sleep hours', color: 'red.6' },
          ]}
          barProps={drillBars<(typeof o.rows)[number]>(onDrill, (row, band) => ({
            card: 'oncall',
            label: `Pages to ${row.person} in ${band} hours`,
            params: { userId: String(row.userId), band },
          }))}
        />
      }
      table={
        <Table striped withTableBorder data-testid="oncall-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>person</Table.Th>
              <Table.Th>zone</Table.Th>
              <Table.Th>pages</Table.Th>
              <Table.Th>business</Table.Th>
              <Table.Th>off</Table.Th>
              <Table.Th>sleep</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {o.rows.map((r) => (
              <Table.Tr key={r.person}>
                <Table.Td>{r.person}</Table.Td>
                <Table.Td>{r.zone}</Table.Td>
                <Table.Td>{r.pages}</Table.Td>
                <Table.Td>{r.business}</Table.Td>
                <Table.Td>{r.off}</Table.Td>
                <Table.Td>{r.sleep}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      }
    />
  );
}

/** A noise-share table (per source or per rule): key, marked noise, N, share. */
function NoiseTable({
  rows,
  keyLabel,
  testId,
}: {
  rows: AnalyticsReview['noise']['bySource'];
  keyLabel: string;
  testId: string;
}) {
  return (
    <Table striped withTableBorder data-testid={testId}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{keyLabel}</Table.Th>
          <Table.Th>noise</Table.Th>
          <Table.Th>N</Table.Th>
          <Table.Th>share</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.key}>
            <Table.Td>{r.key}</Table.Td>
            <Table.Td>{r.count}</Table.Td>
            <Table.Td>{r.n}</Table.Td>
            <Table.Td>{formatRate(r.rate)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** Incidents marked as noise: the share overall, per source (integration) and per rule. */
export function NoiseCard({ review, dict, query, onDrill }: CardProps) {
  const v = review.noise;
  const excluded = v.excluded.map((e) => `${e.count} ${e.reason}`).join(', ');
  const pct = (rate: number | null) => (rate === null ? 0 : Math.round(rate * 1000) / 10);
  return (
    <MetricCard
      id="noise"
      title="Noise"
      metric={dict.get(v.metric)}
      n={`N = ${plural(v.share.n, 'incident')}${excluded ? ` · left out: ${excluded}` : ''}`}
      csv={csvHref(query, 'noise')}
      extra={<ShareText share={v.share} label="Marked as noise" dict={dict} />}
      chart={
        <BarChart
          h={Math.max(160, 40 * v.bySource.length + 60)}
          data={v.bySource.map((r) => ({ source: r.key, share: pct(r.rate) }))}
          dataKey="source"
          orientation="vertical"
          unit="%"
          series={[{ name: 'share', label: 'noise share (%)', color: 'gray.6' }]}
          barProps={drillBars<{ source: string }>(onDrill, (row) => ({
            card: 'noise',
            label: `Marked as noise · source ${row.source}`,
            params: { noiseSource: row.source },
          }))}
        />
      }
      table={
        <Stack gap="sm">
          <NoiseTable rows={v.bySource} keyLabel="source" testId="noise-by-source" />
          <NoiseTable rows={v.byRule} keyLabel="rule" testId="noise-by-rule" />
        </Stack>
      }
    />
  );
}
