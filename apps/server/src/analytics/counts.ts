/**
 * Incident counts per bucket by a dimension (dictionary `incident_count`), and the selection every incident
 * metric starts from.
 */
import type { AnalyticsDimension, CountTable } from '@faultline/contracts';
import { bucketOf, type Period } from './buckets.ts';
import {
  anchorOf,
  exclusionOf,
  exclusions,
  keysOf,
  matchesFilters,
  tally,
  type IncidentFacts,
  type Scope,
} from './facts.ts';

/** An incident that counts, with its bucket. */
export interface Counted {
  f: IncidentFacts;
  bucket: string;
}

/** The incidents a metric reads, and those left out (by reason). */
export interface Selection {
  counted: Counted[];
  excluded: Map<string, number>;
}

/**
 * The incidents whose anchor (`detected_at`, else creation) falls in the period and that pass the filters,
 * less the cancelled ones and the risks (tallied by reason). Incidents outside the period or the filters are
 * not tallied: they are not part of the question.
 */
export function selectIncidents(all: readonly IncidentFacts[], period: Period, scope: Scope): Selection {
  const counted: Counted[] = [];
  const excluded = new Map<string, number>();
  for (const f of all) {
    const bucket = bucketOf(period, anchorOf(f));
    if (bucket === null || !matchesFilters(f, scope)) continue;
    const why = exclusionOf(f);
    if (why) tally(excluded, why);
    else counted.push({ f, bucket });
  }
  return { counted, excluded };
}

/** Natural order of keys: level labels by number, `none`/`unknown`/`unclassified` last, the rest by name. */
function keyOrder(a: string, b: string): number {
  const absent = (k: string) => (k === 'none' || k === 'unknown' || k === 'unclassified' ? 1 : 0);
  return absent(a) - absent(b) || a.localeCompare(b, 'en', { numeric: true });
}

/**
 * `incident_count`: per bucket, how many selected incidents have each key of `dimension`.
 * Every bucket of the period has a row (zero when empty). With `recoveryMethod` an incident may count under
 * several keys, so a row's `total` is the number of incidents, not the sum of its cells.
 */
export function countIncidents(
  selection: Selection,
  period: Period,
  dimension: AnalyticsDimension,
  sequence: string,
): CountTable {
  const cells = new Map<string, Map<string, number>>(period.buckets.map((b) => [b.key, new Map()]));
  const totalsPerBucket = new Map<string, number>();
  const totals = new Map<string, number>();
  for (const { f, bucket } of selection.counted) {
    totalsPerBucket.set(bucket, (totalsPerBucket.get(bucket) ?? 0) + 1);
    for (const key of keysOf(f, dimension, sequence)) {
      tally(cells.get(bucket)!, key);
      tally(totals, key);
    }
  }
  const keys = [...totals.keys()].sort(keyOrder);
  return {
    metric: 'incident_count',
    dimension,
    keys,
    rows: period.buckets.map((b) => ({
      bucket: b.key,
      counts: Object.fromEntries(keys.map((k) => [k, cells.get(b.key)!.get(k) ?? 0])),
      total: totalsPerBucket.get(b.key) ?? 0,
    })),
    totals: Object.fromEntries(keys.map((k) => [k, totals.get(k)!])),
    n: selection.counted.length,
    excluded: exclusions(selection.excluded),
  };
}

/** The selected incidents of one bucket and key (a bar's drill-down); all buckets / keys when omitted. */
export function drillDown(
  selection: Selection,
  filter: { bucket?: string | undefined; dimension?: AnalyticsDimension | undefined; key?: string | undefined },
  sequence: string,
): Counted[] {
  return selection.counted.filter(
    (c) =>
      (filter.bucket === undefined || c.bucket === filter.bucket) &&
      (filter.dimension === undefined ||
        filter.key === undefined ||
        keysOf(c.f, filter.dimension, sequence).includes(filter.key)),
  );
}
