/**
 * CSV of the review's tables (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma,
 * quote or line break, quotes doubled). A field starting with `=`, `+`, `-` or `@` is prefixed with `'` so a
 * spreadsheet does not run it as a formula (OWASP "CSV injection").
 */
import type { AnalyticsDimension, AnalyticsReview } from '@faultline/contracts';

type Cell = string | number | null;

function field(v: Cell): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows (the first one the header) as CSV text. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** The CSV table of a review: the same rows the console's table view shows. */
export function reviewCsv(review: AnalyticsReview, table: string, dimension: AnalyticsDimension): string {
  switch (table) {
    case 'counts': {
      const t = review.counts.find((c) => c.dimension === dimension)!;
      return toCsv([
        ['bucket', ...t.keys, 'total'],
        ...t.rows.map((r) => [r.bucket, ...t.keys.map((k) => r.counts[k] ?? 0), r.total]),
      ]);
    }
    case 'durations':
      return toCsv([
        ['metric', 'bucket', 'n', 'median_ms', 'p90_ms', 'mean_ms'],
        ...review.durations.flatMap((d) => [
          [d.metric, 'all', d.overall.n, d.overall.median, d.overall.p90, d.overall.mean],
          ...d.byBucket.map((b) => [d.metric, b.bucket, b.stat.n, b.stat.median, b.stat.p90, b.stat.mean]),
        ]),
      ]);
    case 'compliance':
      return toCsv([
        ['stage', 'level', 'met', 'breached', 'n', 'rate'],
        ...review.compliance.rows.map((r) => [r.stage, r.level, r.met, r.breached, r.n, r.rate]),
      ]);
    case 'releases':
      return toCsv([
        ['bucket', 'changes', 'deploys', 'incidents', 'change_induced'],
        ...review.releases.rows.map((r) => [r.bucket, r.changes, r.deploys, r.incidents, r.changeInduced]),
      ]);
    case 'postmortems':
      return toCsv([
        ['level', 'on_time', 'late', 'overdue', 'pending', 'n'],
        ...review.postmortems.rows.map((r) => [r.level, r.onTime, r.late, r.overdue, r.pending, r.n]),
      ]);
    case 'actions': {
      const a = review.actions;
      return toCsv([
        ['metric', 'count', 'n', 'rate'],
        ...[a.completion, a.overdue, a.verified, a.closedWithoutVerification].map((s) => [
          s.metric,
          s.count,
          s.n,
          s.rate,
        ]),
      ]);
    }
    case 'oncall':
      return toCsv([
        ['person', 'zone', 'pages', 'business_hours', 'off_hours', 'sleep_hours'],
        ...review.oncallLoad.rows.map((r) => [r.person, r.zone, r.pages, r.business, r.off, r.sleep]),
      ]);
    case 'noise': {
      const v = review.noise;
      const row = (by: string) => (r: (typeof v.bySource)[number]) => [by, r.key, r.count, r.n, r.rate];
      return toCsv([
        ['by', 'key', 'noise', 'n', 'rate'],
        ['all', 'all', v.share.count, v.share.n, v.share.rate],
        ...v.bySource.map(row('source')),
        ...v.byRule.map(row('rule')),
      ]);
    }
    default:
      return toCsv([
        ['incident', 'previous', 'bucket'],
        ...review.repeats.pairs.map((p) => [p.incidentId, p.previousId, p.bucket]),
      ]);
  }
}
