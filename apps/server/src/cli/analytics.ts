/**
 * `faultline analytics review|metrics`: the monthly fault review in the terminal (docs/analytics.md). Every
 * number is printed with its N and the dictionary id that defines it (`faultline analytics metrics` prints the
 * definitions); `--csv <table>` prints one table as CSV, `--json` the whole review.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import type { AnalyticsReview, DurationStat, MetricDictionary, Share } from '@faultline/contracts';
import { call, callText, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

interface ReviewOptions extends ClientOptions {
  month?: string;
  from?: string;
  to?: string;
  timeZone: string;
  bucket: string;
  sequence: string;
  team?: string;
  service?: string;
  businessLine?: string;
  level?: string;
  dimension: string;
  csv?: string;
  json?: boolean;
}

/**
 * A duration for people: `45s`, `12m 30s`, `3h 05m`, `2d 4h`.
 * @param ms milliseconds; null prints `—`
 */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

const pct = (s: Share) => `${s.rate === null ? '—' : `${Math.round(s.rate * 1000) / 10}%`} (${s.count} of N=${s.n})`;
const stat = (d: DurationStat) =>
  `median ${formatDuration(d.median)} · p90 ${formatDuration(d.p90)} · mean ${formatDuration(d.mean)} (N=${d.n})`;

/** The review as plain text: one block per metric, each naming its dictionary id and N. */
export function formatReview(r: AnalyticsReview, dimension: string): string {
  const lines: string[] = [];
  const p = r.period;
  lines.push(`Fault review ${p.from} → ${p.to} (${p.timeZone}, by ${p.bucket}; levels of sequence ${p.sequence})`);
  const counts = r.counts.find((c) => c.dimension === dimension) ?? r.counts[0]!;
  lines.push('', `Incidents by ${counts.dimension} [incident_count] N=${counts.n}`);
  lines.push(['bucket', ...counts.keys, 'total'].join('\t'));
  for (const row of counts.rows)
    lines.push([row.bucket, ...counts.keys.map((k) => row.counts[k]), row.total].join('\t'));
  if (counts.excluded.length)
    lines.push(`  excluded: ${counts.excluded.map((e) => `${e.reason} ${e.count}`).join(', ')}`);
  lines.push('', 'Durations');
  for (const d of r.durations) lines.push(`  ${d.metric.padEnd(16)} ${stat(d.overall)}`);
  lines.push('', '1-5-10 compliance [clock_compliance]');
  for (const c of r.compliance.rows)
    lines.push(
      `  ${c.stage.padEnd(8)} ${c.level.padEnd(5)} ${pct({ metric: '', count: c.met, n: c.n, rate: c.rate })}`,
    );
  lines.push(
    '',
    'Releases against faults [releases_vs_faults]',
    ['bucket', 'changes', 'deploys', 'incidents', 'change-induced'].join('\t'),
  );
  for (const x of r.releases.rows)
    lines.push([x.bucket, x.changes, x.deploys, x.incidents, x.changeInduced].join('\t'));
  lines.push(`  change-induced share [change_induced_share] ${pct(r.releases.changeInducedShare)}`);
  lines.push(`  change failure rate [change_failure_rate] ${pct(r.releases.changeFailureRate)}`);
  lines.push(`  recovery by rollback [rollback_share] ${pct(r.releases.rollbackShare)}`);
  lines.push('', 'Postmortems [postmortem_timeliness]');
  for (const x of r.postmortems.rows)
    lines.push(
      `  ${x.level.padEnd(5)} on time ${x.onTime} · late ${x.late} · overdue ${x.overdue} · pending ${x.pending} (N=${x.n})`,
    );
  lines.push(`  incidents without a postmortem: ${r.postmortems.withoutPostmortem}`);
  lines.push(`Actions (N=${r.actions.n})`);
  lines.push(`  completed [action_completion] ${pct(r.actions.completion)}`);
  lines.push(`  overdue [action_overdue] ${pct(r.actions.overdue)}`);
  lines.push(`  verified [action_verified] ${pct(r.actions.verified)}`);
  lines.push(`  closed without verification [action_unverified] ${pct(r.actions.closedWithoutVerification)}`);
  lines.push('', `Repeat incidents within ${r.repeats.windowDays} days [repeat_incidents] ${pct(r.repeats.share)}`);
  lines.push(
    '',
    `This period vs ${r.previous.from} → ${r.previous.to}: incidents ${r.current.incidents} vs ${r.previous.incidents}; MTTR median ${formatDuration(r.current.durations.mttr.median)} vs ${formatDuration(r.previous.durations.mttr.median)}`,
  );
  return lines.join('\n');
}

/** The period of the options: `--month`, else `--from`/`--to`, else last month in the zone. */
function periodOf(o: ReviewOptions): { from: string; to: string } {
  if (o.month) {
    const m = DateTime.fromFormat(o.month, 'yyyy-MM', { zone: 'UTC' });
    if (!m.isValid) {
      process.stderr.write(`--month ${o.month}: use YYYY-MM, e.g. 2026-03\n`);
      process.exit(1);
    }
    return { from: m.toISODate()!, to: m.plus({ months: 1 }).toISODate()! };
  }
  if (o.from && o.to) return { from: o.from, to: o.to };
  const start = DateTime.now().setZone(o.timeZone).startOf('month').minus({ months: 1 });
  return { from: o.from ?? start.toISODate()!, to: o.to ?? start.plus({ months: 1 }).toISODate()! };
}

export function registerAnalyticsCommands(program: Command): void {
  const analytics = program.command('analytics').description('the monthly fault review (docs/analytics.md)');

  withServer(
    analytics
      .command('review')
      .description('counts, durations, 1-5-10 compliance, releases and postmortem discipline of a period')
      .option('--month <YYYY-MM>', 'one calendar month (default: last month)')
      .option('--from <YYYY-MM-DD>', 'first day of the period, in --time-zone')
      .option('--to <YYYY-MM-DD>', 'the day after the period, in --time-zone')
      .option('--time-zone <zone>', 'IANA zone whose months count', Intl.DateTimeFormat().resolvedOptions().timeZone)
      .option('--bucket <size>', 'week, month or quarter', 'month')
      .option('--sequence <id>', 'the sequence whose levels break counts down', 'P')
      .option('--team <id>')
      .option('--service <id>')
      .option('--business-line <id>')
      .option('--level <labels>', 'comma list, e.g. P1,P2')
      .option(
        '--dimension <name>',
        'counts by level, team, service, businessLine, causeClass, detectionSource, recoveryMethod',
        'level',
      )
      .option(
        '--csv <table>',
        'print one table as CSV: counts, durations, compliance, releases, postmortems, actions, repeats',
      )
      .option('--json', 'print the whole review as JSON'),
  ).action(async (o: ReviewOptions) => {
    const q = new URLSearchParams({
      ...periodOf(o),
      timeZone: o.timeZone,
      bucket: o.bucket,
      sequence: o.sequence,
      ...(o.team ? { team: o.team } : {}),
      ...(o.service ? { service: o.service } : {}),
      ...(o.businessLine ? { businessLine: o.businessLine } : {}),
      ...(o.level ? { level: o.level } : {}),
    });
    if (o.csv) {
      q.set('table', o.csv);
      q.set('dimension', o.dimension);
      process.stdout.write(await callText(o, 'GET', `/api/v1/analytics/review.csv?${q}`));
      return;
    }
    const review = await call<AnalyticsReview>(o, 'GET', `/api/v1/analytics/review?${q}`);
    out(o.json ? JSON.stringify(review, null, 2) : formatReview(review, o.dimension));
  });

  withServer(analytics.command('metrics').description('the metric dictionary: what every number means')).action(
    async (o: ClientOptions) => {
      const d = await call<MetricDictionary>(o, 'GET', '/api/v1/analytics/dictionary');
      for (const m of d.metrics) {
        out(`${m.id} — ${m.name} (${m.unit})`);
        out(`  formula: ${m.formula}`);
        out(`  anchors: ${m.anchors}`);
        out(`  includes: ${m.includes.join('; ')}`);
        out(`  excludes: ${m.excludes.join('; ')}`);
        out(`  needs: ${m.needs.join('; ')}\n`);
      }
    },
  );
}
