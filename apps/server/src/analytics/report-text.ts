/**
 * The review as plain text: what `faultline analytics review` prints and what the monthly report's PDF holds.
 * Every block names its dictionary id and N.
 */
import type { AnalyticsBucket, AnalyticsReview, DurationMetricId, DurationStat, Share } from '@faultline/contracts';

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

export const pct = (s: Share) =>
  `${s.rate === null ? '—' : `${Math.round(s.rate * 1000) / 10}%`} (${s.count} of N=${s.n})`;
export const stat = (d: DurationStat) =>
  `median ${formatDuration(d.median)} · p90 ${formatDuration(d.p90)} · mean ${formatDuration(d.mean)} (N=${d.n})`;

/**
 * The words of the monthly report's charts (titles, axes, legends, captions), for `locale`. The seam for the
 * report's translation: only English exists yet, and any other locale gets it.
 * @param locale a BCP 47 tag (`en`, `zh-CN`…)
 */
export function reportStrings(locale = 'en') {
  void locale;
  return {
    bucket: { week: 'week', month: 'month', quarter: 'quarter' } as Record<AnalyticsBucket, string>,
    countsTitle: (bucket: string) => `Incidents by ${bucket} and level`,
    durationsTitle: 'Durations: median and p90 (minutes)',
    complianceTitle: '1-5-10 compliance per stage (% met)',
    releasesTitle: 'Deployments against faults',
    oncallTitle: 'On-call load (pages per person)',
    duration: {
      mttd: 'MTTD',
      mtta: 'MTTA',
      time_to_locate: 'Time to locate',
      mttr: 'MTTR',
      time_to_resolve: 'Time to resolve',
    } as Record<DurationMetricId, string>,
    stage: { detect: 'detect', locate: 'locate', recover: 'recover' },
    band: { business: 'business hours', off: 'off hours', sleep: 'sleep hours' },
    incidents: 'incidents',
    level: 'level',
    metric: 'metric',
    minutes: 'minutes',
    statistic: 'statistic',
    stageAxis: 'stage',
    metPercent: '% met',
    deploys: 'deploys',
    changeInduced: 'change-induced',
    count: 'count',
    person: 'person',
    pages: 'pages',
    people: 'people',
    hours: 'hours',
    excluded: 'excluded',
    noData: 'no data in this period',
    charts: 'Charts',
  };
}
/** The words of the report in one language (`reportStrings`). */
export type ReportStrings = ReturnType<typeof reportStrings>;

/**
 * The review as plain text: one block per metric, each naming its dictionary id and N.
 * @param locale the report's language (only `en` yet: the seam for its translation, as `reportStrings`)
 */
export function formatReview(r: AnalyticsReview, dimension: string, locale = 'en'): string {
  void locale;
  const lines: string[] = [];
  const p = r.period;
  lines.push(`Fault review ${p.from} to ${p.to} (${p.timeZone}, by ${p.bucket}; levels of sequence ${p.sequence})`);
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
    `This period vs ${r.previous.from} to ${r.previous.to}: incidents ${r.current.incidents} vs ${r.previous.incidents}; MTTR median ${formatDuration(r.current.durations.mttr.median)} vs ${formatDuration(r.previous.durations.mttr.median)}`,
  );
  return lines.join('\n');
}
