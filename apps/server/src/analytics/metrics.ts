/**
 * The review's counts and durations as Prometheus gauges on `/metrics` (docs/analytics.md#prometheus-metrics),
 * read from the database at each scrape over the last 30 days (UTC dates: from the day 30 days ago to the end
 * of today), for every incident (a scrape is the server's view, not a person's). Label sets are bounded:
 * `level` is a level of sequence P (`P1`…`P9`) or `none`; `metric` and `stat` are fixed lists.
 */
import { Gauge } from 'prom-client';
import type { DurationMetricId } from '@faultline/contracts';
import { registry } from '../http/index.ts';
import type { Clock } from '../lib/index.ts';
import { periodOf } from './buckets.ts';
import { countIncidents, selectIncidents } from './counts.ts';
import { DURATION_METRICS, durationMetric } from './durations.ts';
import type { IncidentFacts } from './facts.ts';

/** The window the gauges cover. */
export const METRICS_WINDOW_DAYS = 30;

/** What the gauges read: every incident detected since `from` (the composition root hands it in). */
export type IncidentSource = (from: Date) => Promise<readonly IncidentFacts[]>;

let source: IncidentSource | null = null;
let clock: Clock | null = null;

/** Makes the gauges read from `next`, at the time of `now`, from now on. */
export function serveAnalyticsMetrics(next: IncidentSource, now: Clock): void {
  source = next;
  clock = now;
}

/** One scrape's values: incident counts per level, and duration stats per metric and level (seconds). */
export interface AnalyticsGauges {
  incidents: Array<{ level: string; value: number }>;
  open: Array<{ level: string; value: number }>;
  durations: Array<{
    metric: DurationMetricId;
    level: string;
    stat: 'median' | 'p90' | 'mean' | 'count';
    value: number;
  }>;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const OPEN = new Set(['triggered', 'acknowledged', 'mitigated']);

/** The gauges' values for `incidents` at `now` (pure). */
export function analyticsGauges(incidents: readonly IncidentFacts[], now: Date): AnalyticsGauges {
  const day = 86_400_000;
  const period = periodOf(
    isoDay(now.getTime() - METRICS_WINDOW_DAYS * day),
    isoDay(now.getTime() + day),
    'UTC',
    'quarter',
  );
  const selection = selectIncidents(incidents, period, { sequence: 'P' });
  const counts = countIncidents(selection, period, 'level', 'P');
  const open = new Map<string, number>();
  for (const { f } of selection.counted)
    if (OPEN.has(f.status)) {
      const level = f.levels.P === undefined ? 'none' : `P${f.levels.P}`;
      open.set(level, (open.get(level) ?? 0) + 1);
    }
  const durations: AnalyticsGauges['durations'] = [];
  for (const metric of DURATION_METRICS)
    for (const { level, stat } of durationMetric(metric, selection, period, 'P').byLevel) {
      durations.push({ metric, level, stat: 'count', value: stat.n });
      for (const s of ['median', 'p90', 'mean'] as const)
        if (stat[s] !== null) durations.push({ metric, level, stat: s, value: stat[s] / 1000 });
    }
  return {
    incidents: Object.entries(counts.totals).map(([level, value]) => ({ level, value })),
    open: [...open].map(([level, value]) => ({ level, value })),
    durations,
  };
}

let pending: Promise<AnalyticsGauges | null> | null = null;
/** One read per scrape, shared by the three gauges. */
async function read(): Promise<AnalyticsGauges | null> {
  if (!source || !clock) return null;
  pending ??= (async () => {
    try {
      const now = clock!.now();
      return analyticsGauges(await source!(new Date(now.getTime() - (METRICS_WINDOW_DAYS + 1) * 86_400_000)), now);
    } finally {
      setTimeout(() => (pending = null), 0);
    }
  })();
  return pending;
}

new Gauge({
  name: 'faultline_incidents_30d',
  help: 'Incidents detected in the last 30 days (cancelled ones and risks left out), by level of sequence P',
  labelNames: ['level'],
  registers: [registry],
  async collect() {
    const g = await read();
    if (!g) return;
    this.reset();
    for (const x of g.incidents) this.set({ level: x.level }, x.value);
  },
});

new Gauge({
  name: 'faultline_incidents_open_30d',
  help: 'Of the incidents detected in the last 30 days, those still open (triggered, acknowledged, mitigated), by level',
  labelNames: ['level'],
  registers: [registry],
  async collect() {
    const g = await read();
    if (!g) return;
    this.reset();
    for (const x of g.open) this.set({ level: x.level }, x.value);
  },
});

new Gauge({
  name: 'faultline_incident_duration_30d_seconds',
  help: 'Durations between key times of the incidents detected in the last 30 days (docs/analytics.md dictionary): metric mttd|mtta|time_to_locate|mttr|time_to_resolve, stat median|p90|mean (seconds) or count (N), by level',
  labelNames: ['metric', 'level', 'stat'],
  registers: [registry],
  async collect() {
    const g = await read();
    if (!g) return;
    this.reset();
    for (const x of g.durations) this.set({ metric: x.metric, level: x.level, stat: x.stat }, x.value);
  },
});
