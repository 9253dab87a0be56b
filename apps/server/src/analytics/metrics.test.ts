/**
 * The review's metrics on a small hand-built history: every expectation below is worked out by hand from the
 * fixtures, including what each definition excludes.
 */
import { describe, expect, it } from 'vitest';
import { ResponseConfig } from '../response/index.ts';
import { periodOf } from './buckets.ts';
import { countIncidents, drillDown, selectIncidents } from './counts.ts';
import { clockCompliance } from './compliance.ts';
import { actionDiscipline, postmortemTimeliness, timeliness } from './discipline.ts';
import { durationMetric } from './durations.ts';
import type { ChangeFacts, IncidentFacts, PostmortemFacts } from './facts.ts';
import { releasesVsFaults } from './releases.ts';
import { repeatIncidents } from './repeats.ts';
import { buildReview } from './review.ts';
import { METRICS } from './dictionary.ts';
import { reviewCsv, toCsv } from './csv.ts';
import { analyticsGauges } from './metrics.ts';

const MIN = 60_000;
const at = (iso: string) => new Date(iso);
const plus = (iso: string, minutes: number) => new Date(Date.parse(iso) + minutes * MIN);

function incident(id: number, detected: string, over: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    id,
    title: `incident ${id}`,
    status: 'resolved',
    risk: false,
    levels: { P: 2 },
    team: 'payments',
    service: 'pay-api',
    businessLine: 'commerce',
    createdAt: at(detected),
    milestones: { detected_at: at(detected) },
    detectionSource: 'monitoring',
    causeClass: null,
    recoveryMethods: [],
    causedBy: [],
    noise: false,
    sources: [],
    gradedBy: {},
    alertname: null,
    ...over,
  };
}

// Berlin: March 2026 starts at 2026-02-28T23:00Z (CET), April at 2026-03-31T22:00Z (CEST).
const ZONE = 'Europe/Berlin';
const period = periodOf('2026-02-01', '2026-04-01', ZONE, 'month');
const scope = { sequence: 'P' };

/** #1 P1 in Feb: impact 10:00, detected +2, ack +5, located +8, mitigated +12, resolved +30. */
const i1 = incident(1, '2026-02-10T10:02:00Z', {
  levels: { P: 1 },
  causeClass: 'change',
  causedBy: [100],
  recoveryMethods: ['rollback'],
  milestones: {
    impact_started_at: at('2026-02-10T10:00:00Z'),
    detected_at: at('2026-02-10T10:02:00Z'),
    acknowledged_at: plus('2026-02-10T10:00:00Z', 5),
    cause_located_at: plus('2026-02-10T10:00:00Z', 8),
    mitigated_at: plus('2026-02-10T10:00:00Z', 12),
    resolved_at: plus('2026-02-10T10:00:00Z', 30),
  },
});
/** #2 P2 at 23:30Z on 28 Feb = 00:30 on 1 March in Berlin: a March incident. Impact 20 min before. */
const i2 = incident(2, '2026-02-28T23:30:00Z', {
  team: 'search',
  service: 'search-api',
  businessLine: null,
  detectionSource: 'customer',
  milestones: {
    impact_started_at: plus('2026-02-28T23:30:00Z', -20),
    detected_at: at('2026-02-28T23:30:00Z'),
    acknowledged_at: plus('2026-02-28T23:30:00Z', 10),
    mitigated_at: plus('2026-02-28T23:30:00Z', 40),
    resolved_at: plus('2026-02-28T23:30:00Z', 60),
  },
});
/** #3 P2 in March, open: detected only (no impact start). */
const i3 = incident(3, '2026-03-15T08:00:00Z', { status: 'triggered', causeClass: 'change' });
/** #4 cancelled, #5 a risk, #6 before the period: never counted. */
const i4 = incident(4, '2026-03-16T08:00:00Z', { status: 'cancelled' });
const i5 = incident(5, '2026-03-17T08:00:00Z', { risk: true, levels: {} });
const i6 = incident(6, '2026-01-20T08:00:00Z', { causeClass: 'change' });
/** #7 no level in P (an R1) in March; mitigated before it was acknowledged is fine, ack before detection is not. */
const i7 = incident(7, '2026-03-20T12:00:00Z', {
  levels: { R: 1 },
  milestones: {
    impact_started_at: at('2026-03-20T11:00:00Z'),
    detected_at: at('2026-03-20T12:00:00Z'),
    acknowledged_at: at('2026-03-20T11:59:00Z'),
  },
});
const history = [i1, i2, i3, i4, i5, i6, i7];
const now = at('2026-04-02T00:00:00Z');

describe('selectIncidents and incident_count', () => {
  const sel = selectIncidents(history, period, scope);

  it('counts by the zone’s month, leaving out cancelled incidents and risks with their reasons', () => {
    const t = countIncidents(sel, period, 'level', 'P');
    expect(t.keys).toEqual(['P1', 'P2', 'none']);
    expect(t.rows).toEqual([
      { bucket: '2026-02', counts: { P1: 1, P2: 0, none: 0 }, total: 1 },
      { bucket: '2026-03', counts: { P1: 0, P2: 2, none: 1 }, total: 3 },
    ]);
    expect(t.n).toBe(4);
    expect(t.excluded).toEqual([
      { reason: 'cancelled', count: 1 },
      { reason: 'risk', count: 1 },
    ]);
  });

  it('the same history in UTC puts #2 in February', () => {
    const utc = periodOf('2026-02-01', '2026-04-01', 'UTC', 'month');
    const t = countIncidents(selectIncidents(history, utc, scope), utc, 'level', 'P');
    expect(t.rows.map((r) => r.total)).toEqual([2, 2]);
  });

  it('gives absent values a key of their own', () => {
    expect(countIncidents(sel, period, 'causeClass', 'P').totals).toEqual({ change: 2, unclassified: 2 });
    expect(countIncidents(sel, period, 'detectionSource', 'P').totals).toEqual({ customer: 1, monitoring: 3 });
    expect(countIncidents(sel, period, 'businessLine', 'P').totals).toEqual({ commerce: 3, none: 1 });
    expect(countIncidents(sel, period, 'recoveryMethod', 'P').totals).toEqual({ rollback: 1, none: 3 });
  });

  it('filters by team, service and level', () => {
    expect(selectIncidents(history, period, { ...scope, team: 'search' }).counted.map((c) => c.f.id)).toEqual([2]);
    expect(selectIncidents(history, period, { ...scope, level: ['P1', 'R1'] }).counted.map((c) => c.f.id)).toEqual([
      1, 7,
    ]);
  });

  it('drills down from a bar to its incidents', () => {
    expect(drillDown(sel, { bucket: '2026-03', dimension: 'level', key: 'P2' }, 'P').map((c) => c.f.id)).toEqual([
      2, 3,
    ]);
  });
});

describe('durations', () => {
  const sel = selectIncidents(history, period, scope);

  it('MTTD: impact → detected over incidents with both, without falling back to another anchor', () => {
    const d = durationMetric('mttd', sel, period, 'P');
    // #1: 2 min, #2: 20 min, #7: 60 min; #3 has no impact start.
    expect(d.overall).toEqual({ n: 3, median: 20 * MIN, p90: 52 * MIN, mean: (82 / 3) * MIN });
    expect(d.excluded).toEqual(
      expect.arrayContaining([
        { reason: 'no impact_started_at', count: 1 },
        { reason: 'cancelled', count: 1 },
        { reason: 'risk', count: 1 },
      ]),
    );
    expect(d.byBucket).toEqual([
      { bucket: '2026-02', stat: { n: 1, median: 2 * MIN, p90: 2 * MIN, mean: 2 * MIN } },
      { bucket: '2026-03', stat: { n: 2, median: 40 * MIN, p90: 56 * MIN, mean: 40 * MIN } },
    ]);
  });

  it('MTTA leaves out an acknowledgement recorded before detection', () => {
    const d = durationMetric('mtta', sel, period, 'P');
    // #1: 3 min, #2: 10 min; #3 not acknowledged; #7 acknowledged a minute before detection.
    expect(d.overall).toMatchObject({ n: 2, median: 6.5 * MIN, mean: 6.5 * MIN });
    expect(d.excluded).toEqual(
      expect.arrayContaining([
        { reason: 'no acknowledged_at', count: 1 },
        { reason: 'acknowledged_at before detected_at', count: 1 },
      ]),
    );
  });

  it('MTTR is impact → mitigated, time to resolve impact → resolved, per level', () => {
    const mttr = durationMetric('mttr', sel, period, 'P');
    expect(mttr.overall).toMatchObject({ n: 2, median: 36 * MIN }); // 12 and 60 min
    expect(mttr.byLevel).toEqual([
      { level: 'P1', stat: { n: 1, median: 12 * MIN, p90: 12 * MIN, mean: 12 * MIN } },
      { level: 'P2', stat: { n: 1, median: 60 * MIN, p90: 60 * MIN, mean: 60 * MIN } },
    ]);
    expect(durationMetric('time_to_resolve', sel, period, 'P').overall).toMatchObject({ n: 2, median: 55 * MIN });
    expect(durationMetric('time_to_locate', sel, period, 'P').overall).toMatchObject({ n: 1, median: 8 * MIN });
  });
});

describe('1-5-10 compliance', () => {
  const sel = selectIncidents(history, period, scope);
  // Built-in targets: P1 and P2 detect 1, locate 5, recover 10 minutes (response config defaults).
  const config = ResponseConfig.parse({ roleNames: {}, defaults: {}, levels: {} });

  it('reads each incident with the room’s clock and counts met and breached per stage and level', () => {
    const c = clockCompliance(sel, config, 'P', now);
    const row = (stage: string, level: string) => c.rows.find((r) => r.stage === stage && r.level === level);
    // #1 P1: detected in 2 (breached), located in 8 (breached), restored in 12 (breached).
    expect(row('detect', 'P1')).toMatchObject({ met: 0, breached: 1, n: 1, rate: 0 });
    // #2 P2: detect 20 (breached), locate ends at mitigation 60 (breached); #3 P2 open: anchored on detection,
    // running for weeks → breached; its detect is not applicable.
    expect(row('locate', 'P2')).toMatchObject({ met: 0, breached: 2, n: 2 });
    expect(c.excluded).toEqual(
      expect.arrayContaining([{ stage: 'detect', reason: 'anchored-on-detection', count: 1 }]),
    );
  });

  it('a stage within target is met; one still running within target is excluded as running', () => {
    const fast = incident(10, '2026-03-01T10:00:30Z', {
      levels: { P: 1 },
      milestones: {
        impact_started_at: at('2026-03-01T10:00:00Z'),
        detected_at: at('2026-03-01T10:00:30Z'),
        cause_located_at: at('2026-03-01T10:03:00Z'),
      },
    });
    const s = selectIncidents([fast], period, scope);
    const c = clockCompliance(s, config, 'P', at('2026-03-01T10:05:00Z'));
    expect(c.rows).toEqual([
      { stage: 'detect', level: 'P1', met: 1, breached: 0, n: 1, rate: 1 },
      { stage: 'locate', level: 'P1', met: 1, breached: 0, n: 1, rate: 1 },
    ]);
    expect(c.excluded).toEqual([{ stage: 'recover', reason: 'running', count: 1 }]);
  });
});

describe('releases against faults', () => {
  const sel = selectIncidents(history, period, scope);
  const changes: ChangeFacts[] = [
    { id: 100, kind: 'deploy', services: ['pay-api'], startedAt: at('2026-02-10T09:50:00Z'), caused: [1] },
    { id: 101, kind: 'deploy', services: ['pay-api'], startedAt: at('2026-02-11T09:00:00Z'), caused: [] },
    { id: 102, kind: 'config', services: ['search-api'], startedAt: at('2026-03-05T09:00:00Z'), caused: [] },
    { id: 103, kind: 'deploy', services: ['pay-api'], startedAt: at('2026-01-05T09:00:00Z'), caused: [6] },
  ];

  it('shows both counts per bucket and reads the failure rate from caused verdicts', () => {
    const r = releasesVsFaults(sel, changes, period, { services: null });
    expect(r.rows).toEqual([
      { bucket: '2026-02', deploys: 2, changes: 2, incidents: 1, changeInduced: 1 },
      { bucket: '2026-03', deploys: 0, changes: 1, incidents: 3, changeInduced: 0 },
    ]);
    expect(r.changeFailureRate).toEqual({ metric: 'change_failure_rate', count: 1, n: 3, rate: 1 / 3 });
    expect(r.changeInducedShare).toEqual({ metric: 'change_induced_share', count: 1, n: 4, rate: 0.25 });
    // Restored: #1 (rollback) and #2.
    expect(r.rollbackShare).toEqual({ metric: 'rollback_share', count: 1, n: 2, rate: 0.5 });
  });

  it('counts only the changes on the scope’s services', () => {
    const r = releasesVsFaults(sel, changes, period, { services: new Set(['search-api']) });
    expect(r.rows.map((x) => x.changes)).toEqual([0, 1]);
  });
});

describe('postmortem and action discipline', () => {
  const sel = selectIncidents(history, period, scope);
  const action = (state: string, due: string) => ({ state, dueAt: at(due), doneAt: null, verifiedAt: null });
  const pms: PostmortemFacts[] = [
    {
      incidentId: 1,
      level: 'P1',
      status: 'published',
      dueAt: at('2026-02-12T00:00:00Z'),
      publishedAt: at('2026-02-11T12:00:00Z'),
      actions: [action('verified', '2026-03-01T00:00:00Z'), action('done', '2026-03-01T00:00:00Z')],
    },
    {
      incidentId: 2,
      level: 'P2',
      status: 'published',
      dueAt: at('2026-03-04T00:00:00Z'),
      publishedAt: at('2026-03-05T00:00:00Z'),
      actions: [action('open', '2026-03-20T00:00:00Z'), action('in_progress', '2026-05-01T00:00:00Z')],
    },
    { incidentId: 3, level: 'P2', status: 'draft', dueAt: at('2026-03-20T00:00:00Z'), publishedAt: null, actions: [] },
    // The cancelled incident's postmortem is not part of the review.
    { incidentId: 4, level: 'P2', status: 'draft', dueAt: at('2026-03-20T00:00:00Z'), publishedAt: null, actions: [] },
  ];

  it('sorts postmortems into on time, late, overdue and pending by level', () => {
    const v = postmortemTimeliness(sel, pms, now);
    expect(v.rows).toEqual([
      { level: 'P1', onTime: 1, late: 0, overdue: 0, pending: 0, n: 1 },
      { level: 'P2', onTime: 0, late: 1, overdue: 1, pending: 0, n: 2 },
    ]);
    expect(v.withoutPostmortem).toBe(1);
    expect(timeliness(pms[2]!, at('2026-03-19T00:00:00Z'))).toBe('pending');
  });

  it('rates action completion, overdue, verification and closing without verification', () => {
    const a = actionDiscipline(sel, pms, now);
    expect(a.n).toBe(4);
    expect(a.completion).toMatchObject({ count: 2, n: 4, rate: 0.5 });
    expect(a.overdue).toMatchObject({ count: 1, n: 4, rate: 0.25 });
    expect(a.verified).toMatchObject({ count: 1, n: 2, rate: 0.5 });
    expect(a.closedWithoutVerification).toMatchObject({ count: 1, n: 2, rate: 0.5 });
  });
});

describe('repeat incidents', () => {
  it('finds an earlier incident of the same service and cause class within the window, even before the period', () => {
    const sel = selectIncidents(history, period, scope);
    // #6 (20 Jan) → #1 (10 Feb): 21 days; #1 → #3 (15 Mar): 33 days.
    expect(repeatIncidents(sel, history, 30).pairs).toEqual([{ incidentId: 1, previousId: 6, bucket: '2026-02' }]);
    const wide = repeatIncidents(sel, history, 40);
    expect(wide.pairs.map((p) => [p.incidentId, p.previousId])).toEqual([
      [1, 6],
      [3, 1],
    ]);
    expect(wide.share).toMatchObject({ count: 2, n: 2 });
  });
});

describe('buildReview', () => {
  it('assembles every metric, names each one in the dictionary, and compares with the previous period', () => {
    const review = buildReview({
      from: '2026-02-01',
      to: '2026-04-01',
      zone: ZONE,
      bucket: 'month',
      scope,
      repeatDays: 30,
      incidents: history,
      changes: [],
      postmortems: [],
      pages: [],
      changeScope: { services: null },
      response: ResponseConfig.parse({ roleNames: {}, defaults: {}, levels: {} }),
      now,
    });
    const ids = new Set(METRICS.map((m) => m.id));
    for (const id of [
      ...review.counts.map((c) => c.metric),
      ...review.durations.map((d) => d.metric),
      review.compliance.metric,
      review.releases.metric,
      review.releases.changeFailureRate.metric,
      review.postmortems.metric,
      review.actions.completion.metric,
      review.repeats.metric,
    ])
      expect(ids).toContain(id);
    expect(review.period.start).toBe('2026-01-31T23:00:00.000Z');
    expect(review.current.incidents).toBe(4);
    // Previous period: December and January (Berlin); #6 is in it.
    expect(review.previous).toMatchObject({ from: '2025-12-01', to: '2026-02-01', incidents: 1 });
    expect(reviewCsv(review, 'counts', 'level')).toBe(
      'bucket,P1,P2,none,total\r\n2026-02,1,0,0,1\r\n2026-03,0,2,1,3\r\n',
    );
  });
});

describe('toCsv', () => {
  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    expect(toCsv([['a,b', 'say "hi"', 'x\ny', '=SUM(A1)', 3, null]])).toBe(
      '"a,b","say ""hi""","x\ny",\'=SUM(A1),3,\r\n',
    );
  });
});

describe('Prometheus gauges', () => {
  it('count the last 30 days by level and give durations in seconds with their N', () => {
    // Window: 3 March → 3 April (UTC dates): #3 (P2, open), #7 (no P level); #4 cancelled and #5 a risk.
    const g = analyticsGauges(history, now);
    expect(g.incidents).toEqual([
      { level: 'P2', value: 1 },
      { level: 'none', value: 1 },
    ]);
    expect(g.open).toEqual([{ level: 'P2', value: 1 }]);
    expect(g.durations.filter((d) => d.metric === 'mttd')).toEqual([
      { metric: 'mttd', level: 'none', stat: 'count', value: 1 },
      { metric: 'mttd', level: 'none', stat: 'median', value: 3600 },
      { metric: 'mttd', level: 'none', stat: 'p90', value: 3600 },
      { metric: 'mttd', level: 'none', stat: 'mean', value: 3600 },
    ]);
  });
});
