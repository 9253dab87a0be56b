/**
 * The monthly fault review (issue 11) on a small history built through the API with the injected clock:
 * declared incidents with their key times, acknowledgements, mitigations, resolutions and a cancellation,
 * changes with a `caused` verdict. The review is asked in New York, where 03:30Z on 1 November is still
 * 31 October, and every number is checked against values worked out by hand below. Filters, the drill-down,
 * the CSV and bad queries too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { extractText } from 'unpdf';
import { stringify } from 'yaml';
import type { AnalyticsIncidents, AnalyticsReview, IncidentDetail, MetricDictionary } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { rows } from '../../apps/server/src/db/index.ts';
import { loadFacts, loadFactsDirect } from '../../apps/server/src/analytics/store.ts';

const MIN = 60_000;
const ANA = { name: 'Ana', email: 'ana@example.com' };
const SAM = { name: 'Sam', email: 'sam@example.com' };

const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [{ id: 'checkout', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
      },
      {
        id: 'discovery',
        modules: [{ id: 'search', tier: 'core', volume: 'high', services: [{ id: 'search-api', team: 'search' }] }],
      },
    ],
  },
  teams: [
    { id: 'payments', members: [{ ...ANA, timeZone: 'America/New_York' }], escalationPolicy: 'payments' },
    { id: 'search', members: [{ ...SAM, timeZone: 'Asia/Tokyo' }], escalationPolicy: 'search' },
  ],
  escalationPolicies: [
    { id: 'payments', name: 'Payments', steps: [{ targets: [{ user: ANA.email }] }] },
    { id: 'search', name: 'Search', steps: [{ targets: [{ user: SAM.email }] }] },
  ],
  levels: {
    templates: false,
    rules: [
      { id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } },
      { id: 'major', sequence: 'P', level: 2, alert: { matchers: ['severity="major"'] } },
    ],
  },
});

describe('analytics: the monthly fault review', () => {
  const clock = new FakeClock('2026-10-05T13:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
  const call = async (path: string, body?: unknown, method = 'POST') => {
    const res = await s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    expect(res.status, `${method} ${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json() as Promise<unknown>;
  };
  /** Declares an incident and runs the engine, so its page reaches the on-call person now. */
  const declare = async (body: Record<string, unknown>) => {
    const id = ((await call('/api/v1/incidents', body)) as IncidentDetail).id;
    await s.engine!.drain();
    return id;
  };
  const Q = 'from=2026-10-01&to=2026-12-01&timeZone=America/New_York';
  const review = async (query = Q) => {
    const res = await s.api(`/api/v1/analytics/review?${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as AnalyticsReview;
  };

  const ids: Record<string, number> = {};

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config });

    // A — P1 on pay-api, Monday 5 Oct: impact 13:55Z, detected (declared) 14:00, acknowledged 14:03, cause
    // located 14:06, restored 14:09, resolved 14:20. A deploy at 13:50 caused it.
    at('2026-10-05T13:53:00Z');
    const deploy = (await call('/api/v1/changes', {
      kind: 'deploy',
      summary: 'pay-api v42',
      services: ['pay-api'],
      startedAt: '2026-10-05T13:50:00Z',
      endedAt: '2026-10-05T13:52:00Z',
    })) as { id: number };
    at('2026-10-05T14:00:00Z');
    ids.A = await declare({
      title: 'Card payments fail',
      service: 'pay-api',
      level: 1,
      source: 'monitoring',
      impactStartedAt: '2026-10-05T13:55:00Z',
    });
    at('2026-10-05T14:03:00Z');
    await call(`/api/v1/incidents/${ids.A}/acknowledge`);
    at('2026-10-05T14:07:00Z');
    await call(
      `/api/v1/incidents/${ids.A}/key-times`,
      { milestones: { cause_located_at: '2026-10-05T14:06:00Z' }, reason: 'bad deploy found' },
      'PATCH',
    );
    await call(`/api/v1/incidents/${ids.A}/suspect-changes/${deploy.id}/verdict`, {
      verdict: 'caused',
      why: 'the error started with v42',
    });
    at('2026-10-05T14:09:00Z');
    await call(`/api/v1/incidents/${ids.A}/mitigate`, { reason: 'rolled back' });
    at('2026-10-05T14:20:00Z');
    await call(`/api/v1/incidents/${ids.A}/resolve`);

    // B — P2 on search-api reported by a customer at 03:30Z on 1 Nov = 23:30 EDT on 31 Oct: October in New
    // York. Impact 03:00Z; acknowledged 03:40, restored 04:10, resolved 04:30.
    at('2026-11-01T03:30:00Z');
    ids.B = await declare({
      title: 'Search returns nothing',
      service: 'search-api',
      level: 2,
      source: 'customer',
      impactStartedAt: '2026-11-01T03:00:00Z',
    });
    at('2026-11-01T03:40:00Z');
    await call(`/api/v1/incidents/${ids.B}/acknowledge`);
    at('2026-11-01T04:10:00Z');
    await call(`/api/v1/incidents/${ids.B}/mitigate`, { reason: 'index rebuilt' });
    at('2026-11-01T04:30:00Z');
    await call(`/api/v1/incidents/${ids.B}/resolve`);

    // A second deploy on pay-api in November that caused nothing.
    at('2026-11-03T10:00:00Z');
    await call('/api/v1/changes', { kind: 'deploy', summary: 'pay-api v43', services: ['pay-api'] });

    // C — P2 on pay-api, 10 Nov, still open, impact start unknown.
    at('2026-11-10T15:00:00Z');
    ids.C = await declare({ title: 'Slow refunds', service: 'pay-api', level: 2, source: 'internal' });

    // D — a false alarm on 12 Nov, cancelled: counts nowhere.
    at('2026-11-12T15:00:00Z');
    ids.D = await declare({ title: 'Checkout looks down', service: 'pay-api', level: 2, source: 'internal' });
    at('2026-11-12T15:05:00Z');
    await call(`/api/v1/incidents/${ids.D}/cancel`, { reason: 'the probe was broken' });

    at('2026-12-02T12:00:00Z');
  });
  afterAll(() => s.dispose());

  it('counts incidents by New York month and level, with the cancelled one excluded and counted', async () => {
    const r = await review();
    expect(r.period.buckets.map((b) => [b.key, b.start, b.end])).toEqual([
      ['2026-10', '2026-10-01T04:00:00.000Z', '2026-11-01T04:00:00.000Z'],
      ['2026-11', '2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z'],
    ]);
    const byLevel = r.counts.find((c) => c.dimension === 'level')!;
    expect(byLevel.rows).toEqual([
      { bucket: '2026-10', counts: { P1: 1, P2: 1 }, total: 2 },
      { bucket: '2026-11', counts: { P1: 0, P2: 1 }, total: 1 },
    ]);
    expect(byLevel.n).toBe(3);
    expect(byLevel.excluded).toEqual([{ reason: 'cancelled', count: 1 }]);
    expect(r.counts.find((c) => c.dimension === 'team')!.totals).toEqual({ payments: 2, search: 1 });
    expect(r.counts.find((c) => c.dimension === 'businessLine')!.totals).toEqual({ commerce: 2, discovery: 1 });
    expect(r.counts.find((c) => c.dimension === 'detectionSource')!.totals).toEqual({
      customer: 1,
      internal: 1,
      monitoring: 1,
    });
  });

  it('in UTC the same history puts B in November', async () => {
    const r = await review('from=2026-10-01&to=2026-12-01&timeZone=UTC');
    expect(r.counts.find((c) => c.dimension === 'level')!.rows.map((x) => x.total)).toEqual([1, 2]);
  });

  it('computes MTTD, MTTA, time to locate, MTTR and time to resolve from the key times', async () => {
    const d = Object.fromEntries((await review()).durations.map((x) => [x.metric, x]));
    // MTTD: A 5 min, B 30 min; C has no impact start.
    expect(d.mttd!.overall).toEqual({ n: 2, median: 17.5 * MIN, p90: 27.5 * MIN, mean: 17.5 * MIN });
    expect(d.mttd!.excluded).toEqual([
      { reason: 'cancelled', count: 1 },
      { reason: 'no impact_started_at', count: 1 },
    ]);
    // MTTA: A 3 min, B 10 min; C not acknowledged.
    expect(d.mtta!.overall).toMatchObject({ n: 2, median: 6.5 * MIN, mean: 6.5 * MIN });
    // Time to locate: A 11 min (13:55 → 14:06).
    expect(d.time_to_locate!.overall).toMatchObject({ n: 1, median: 11 * MIN });
    // MTTR (impact → restored): A 14 min, B 70 min.
    expect(d.mttr!.overall).toMatchObject({ n: 2, median: 42 * MIN, mean: 42 * MIN });
    expect(d.mttr!.byLevel).toEqual([
      { level: 'P1', stat: { n: 1, median: 14 * MIN, p90: 14 * MIN, mean: 14 * MIN } },
      { level: 'P2', stat: { n: 1, median: 70 * MIN, p90: 70 * MIN, mean: 70 * MIN } },
    ]);
    // Time to resolve: A 25 min, B 90 min.
    expect(d.time_to_resolve!.overall).toMatchObject({ n: 2, median: 57.5 * MIN });
  });

  it('reads 1-5-10 compliance with the room’s clock', async () => {
    const r = await review();
    const row = (stage: string, level: string) => r.compliance.rows.find((x) => x.stage === stage && x.level === level);
    // A (P1, built-in targets 1/5/10 min): detected after 5 min, located after 11, restored after 14: all breached.
    expect(row('detect', 'P1')).toMatchObject({ met: 0, breached: 1, n: 1 });
    expect(row('recover', 'P1')).toMatchObject({ met: 0, breached: 1, n: 1 });
    // C is anchored on detection: its detect stage is not applicable and says so.
    expect(r.compliance.excluded).toEqual(
      expect.arrayContaining([{ stage: 'detect', reason: 'anchored-on-detection', count: 1 }]),
    );
  });

  it('sets releases against faults per month and reads the change failure rate from verdicts', async () => {
    const r = await review();
    expect(r.releases.rows).toEqual([
      { bucket: '2026-10', deploys: 1, changes: 1, incidents: 2, changeInduced: 1 },
      { bucket: '2026-11', deploys: 1, changes: 1, incidents: 1, changeInduced: 0 },
    ]);
    expect(r.releases.changeFailureRate).toMatchObject({ count: 1, n: 2, rate: 0.5 });
    expect(r.releases.changeInducedShare).toMatchObject({ count: 1, n: 3 });
    // Every counted incident either has a postmortem or is counted without one.
    const pms = r.postmortems.rows.reduce((a, x) => a + x.n, 0);
    expect(pms + r.postmortems.withoutPostmortem).toBe(3);
  });

  it('filters by team and compares with the previous period', async () => {
    const r = await review(`${Q}&team=search`);
    expect(r.current.incidents).toBe(1);
    expect(r.releases.rows.map((x) => x.changes)).toEqual([0, 0]);
    const all = await review();
    expect(all.previous).toMatchObject({ from: '2026-08-01', to: '2026-10-01', incidents: 0 });
    expect(all.current.durations.mttr).toMatchObject({ n: 2, median: 42 * MIN });
  });

  it('counts pages per person by business, off and sleep hours in each person’s own zone', async () => {
    const r = await review();
    // Ana (New York) was paged for A (10:00 EDT Monday), C (10:00 EST Tuesday) and D (10:00 EST Thursday:
    // cancelled later, it still paged her); Sam (Tokyo) for B at 12:30 on Sunday.
    expect(r.oncallLoad.rows).toEqual([
      { userId: expect.any(Number), person: 'Ana', zone: 'America/New_York', pages: 3, business: 3, off: 0, sleep: 0 },
      { userId: expect.any(Number), person: 'Sam', zone: 'Asia/Tokyo', pages: 1, business: 0, off: 1, sleep: 0 },
    ]);
    expect(r.oncallLoad.n).toBe(4);
    expect((await review(`${Q}&team=search`)).oncallLoad.n).toBe(1);
  });

  it('drills down from a bar to the incidents behind it', async () => {
    const res = await s.api(`/api/v1/analytics/incidents?${Q}&bucketKey=2026-10&dimension=level&key=P2`);
    expect(res.status).toBe(200);
    const list = (await res.json()) as AnalyticsIncidents;
    expect(list.incidents.map((i) => [i.id, i.bucket])).toEqual([[ids.B, '2026-10']]);
  });

  it('drills down from every chart: a duration, a 1-5-10 reading, the on-call load, changes, postmortems', async () => {
    const drill = async (extra: string) => {
      const res = await s.api(`/api/v1/analytics/incidents?${Q}&${extra}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return ((await res.json()) as AnalyticsIncidents).incidents.map((i) => i.id);
    };
    // MTTR's N=2: A and B; C has no impact start, D was cancelled.
    expect(await drill('metric=mttr')).toEqual([ids.A, ids.B]);
    expect(await drill('metric=time_to_locate')).toEqual([ids.A]);
    expect(await drill('metric=mttr&bucketKey=2026-11')).toEqual([]);
    // 1-5-10: A's recover stage breached (14 min > 10) at P1; B's at P2 too (70 min), and C's, still open weeks
    // past its target.
    expect(await drill('stage=recover&state=breached&dimension=level&key=P1')).toEqual([ids.A]);
    expect(await drill('stage=recover&state=breached')).toEqual([ids.A, ids.B, ids.C]);
    expect(await drill('stage=recover&state=met')).toEqual([]);
    // The on-call load: Ana was paged for A, C and D (cancelled later: it still paged her); Sam for B.
    const r = await review();
    const ana = r.oncallLoad.rows.find((x) => x.person === 'Ana')!.userId;
    const sam = r.oncallLoad.rows.find((x) => x.person === 'Sam')!.userId;
    expect(await drill(`userId=${ana}`)).toEqual([ids.A, ids.C, ids.D]);
    expect(await drill(`userId=${sam}&band=off`)).toEqual([ids.B]);
    expect(await drill(`userId=${sam}&band=sleep`)).toEqual([]);
    expect(await drill(`userId=${ana}&team=search`)).toEqual([]);
    // Releases against faults: the change-induced bar of October.
    expect(await drill('bucketKey=2026-10&changeInduced=true')).toEqual([ids.A]);
    // Postmortems: the counted incidents without one, against the review's count.
    expect((await drill('postmortem=none')).length).toBe(r.postmortems.withoutPostmortem);
    // A narrowing without what it narrows is refused, naming the field.
    for (const [extra, field] of [
      ['state=met', 'querystring.state'],
      ['band=sleep', 'querystring.band'],
      ['metric=mttx', 'querystring.metric'],
      ['userId=0', 'querystring.userId'],
      ['dimension=level', 'querystring.key'],
    ] as const) {
      const res = await s.api(`/api/v1/analytics/incidents?${Q}&${extra}`);
      expect(res.status, extra).toBe(400);
      const body = (await res.json()) as { error: { fields: Array<{ path: string }> } };
      expect(body.error.fields.map((f) => f.path)).toContain(field);
    }
  });

  it('exports a table as CSV equal to the review’s table', async () => {
    const res = await s.api(`/api/v1/analytics/review.csv?${Q}&table=counts&dimension=level`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await res.text()).toBe('bucket,P1,P2,total\r\n2026-10,1,1,2\r\n2026-11,0,1,1\r\n');
    const noise = await s.api(`/api/v1/analytics/review.csv?${Q}&table=noise`);
    expect(await noise.text()).toBe(
      'by,key,noise,n,rate\r\nall,all,0,3,0\r\nsource,declared,0,3,0\r\nrule,manual,0,3,0\r\n',
    );
  });

  it('prints the monthly report as a PDF with the month’s counts and notable faults', async () => {
    const res = await s.api(`/api/v1/analytics/report.pdf?from=2026-10-01&to=2026-11-01&timeZone=America/New_York`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { text } = await extractText(new Uint8Array(await res.arrayBuffer()), { mergePages: true });
    expect(text).toContain('Fault review 2026-10-01 to 2026-11-01 (America/New_York, by month');
    expect(text).toContain('Incidents by level [incident_count] N=2');
    expect(text).toMatch(/2026-10\s+1\s+1\s+2/);
    expect(text).toContain('Card payments fail');
    expect(text).toContain('Search returns nothing');
    expect(text).not.toContain('Slow refunds');
    // The charts, drawn by Vega: each with its dictionary ids and N, its axis titles and labels.
    const charts = text.slice(text.indexOf('Incidents by month and level'));
    expect(charts).toContain('[incident_count] N=2');
    expect(charts).toMatch(/2026-10\s+month/);
    expect(charts).toContain('Durations: median and p90 (minutes)');
    expect(charts).toContain('MTTR [mttr] N=2');
    expect(charts).toContain('minutes');
    expect(charts).toContain('[clock_compliance] detect N=2 · locate N=2 · recover N=2');
    expect(charts).toContain('% met');
    expect(charts).toContain('[releases_vs_faults] deploys N=1 · incidents N=2 · [change_induced_share] 1 of N=2');
    expect(charts).toContain('[oncall_load] N=2 pages · 2 people');
    for (const label of ['MTTD', 'MTTA', 'p90', 'recover', 'change-induced', 'Ana', 'Sam', 'off hours', 'P1', 'P2'])
      expect(charts).toContain(label);
    expect(charts).not.toContain('no data');

    // A month without incidents: every chart says it has no data.
    const empty = await s.api(`/api/v1/analytics/report.pdf?from=2026-08-01&to=2026-09-01&timeZone=America/New_York`);
    const none = (await extractText(new Uint8Array(await empty.arrayBuffer()), { mergePages: true })).text;
    expect(none).toContain('[incident_count] N=0 · no data in this period');
    expect(none).toContain('[oncall_load] N=0 pages · 0 people · no data in this period');
    expect(none.replace(/\s+/g, ' ').match(/no data in this period/g)).toHaveLength(5);
  });

  it('publishes the last 30 days’ counts on /metrics', async () => {
    const text = await (await s.api('/metrics')).text();
    // From 2 November: C (P2, open); D was cancelled; A and B are older.
    expect(text).toContain('faultline_incidents_30d{level="P2"} 1');
    expect(text).toContain('faultline_incidents_open_30d{level="P2"} 1');
    expect(text).not.toContain('faultline_incidents_30d{level="P1"}');
  });

  it('explains every metric the review names', async () => {
    const d = (await (await s.api('/api/v1/analytics/dictionary')).json()) as MetricDictionary;
    const ids = d.metrics.map((m) => m.id);
    const r = await review();
    for (const m of [...r.durations.map((x) => x.metric), r.compliance.metric, r.releases.changeFailureRate.metric])
      expect(ids).toContain(m);
    expect(d.metrics.find((m) => m.id === 'mttr')!.formula).toContain('mitigated_at − impact_started_at');
  });

  it('refuses a bad query naming the field', async () => {
    const fields = async (query: string) => {
      const res = await s.api(`/api/v1/analytics/review?${query}`);
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path);
    };
    expect(await fields('from=2026-10-01&to=2026-12-01&timeZone=Mars/Olympus')).toEqual(['querystring.timeZone']);
    expect(await fields('from=2026-12-01&to=2026-10-01')).toEqual(['querystring.to']);
    expect(await fields('from=2026-13-01&to=2026-12-01')).toContain('querystring.from');
    expect(await fields(`${Q}&bucket=fortnight`)).toEqual(['querystring.bucket']);
    expect(await fields(`${Q}&team=%00x`)).toEqual(['querystring.team']);
  });

  it('reads the same facts from the derived rows as straight from the owning tables, before and after changes', async () => {
    // A seeded history in 2024 (clear of the months above), written with SQL so every table analytics reads
    // has varied rows: statuses, drills, noise, risks, levels in two sequences, room edits that move or clear
    // key times, declarations, postmortems, executed and pending recovery steps, verdicts that change, alerts.
    const db = s.rt.db;
    await db.execute(sql`
      insert into incidents (title, status, group_key, service, team, levels, level_explanation, risk, created_at,
        updated_at, impact_started_at, detected_at, acknowledged_at, mitigated_at, resolved_at, closed_at, drill, noise)
      select 'seeded ' || g, (array['resolved','closed','cancelled','triggered','acknowledged'])[1 + g % 5],
        'seed:' || g, case when g % 7 = 0 then null else (array['pay-api','search-api','other'])[1 + g % 3] end,
        case when g % 11 = 0 then null else (array['payments','search'])[1 + g % 2] end,
        case when g % 13 = 0 then '{}'::jsonb when g % 4 = 0 then jsonb_build_object('P', 1 + g % 4, 'R', 1 + g % 2)
          else jsonb_build_object('P', 1 + g % 4) end,
        case when g % 3 = 0 then jsonb_build_array(jsonb_build_object('sequence', 'P', 'ruleId', 'rule-' || g % 3))
          else '[]'::jsonb end,
        g % 17 = 0, t, t, case when g % 6 = 0 then null else t - (g % 9) * interval '1 minute' end,
        case when g % 19 = 0 then null else t end, t + (g % 23) * interval '1 minute',
        case when g % 5 in (0, 1) then t + (30 + g % 40) * interval '1 minute' end,
        case when g % 5 in (0, 1) then t + (90 + g % 200) * interval '1 minute' end,
        case when g % 5 in (1, 2) then t + interval '1 day' end,
        case when g % 29 = 0 then '{"by":"seed"}'::jsonb end, case when g % 31 = 0 then '{"by":"seed"}'::jsonb end
      from (select g, timestamptz '2024-01-01T00:00:00Z' + g * interval '29 hours 7 minutes' as t
            from generate_series(1, 300) g) x`);
    const seeded = sql`(select id, row_number() over (order by id) as g, created_at as t from incidents
      where group_key like 'seed:%') s`;
    await db.execute(sql`insert into response_key_times (incident_id, code, at, set_by, updated_at)
      select id, (array['detected_at','cause_located_at','impact_started_at','mitigated_at'])[1 + g % 4],
        case when g % 10 = 3 then null else t + (g % 37 - 18) * interval '1 hour' end, 'seed', t
      from ${seeded} where g % 3 = 0`);
    await db.execute(sql`insert into response_declarations (incident_id, source, reporter, description, declared_by, declared_at)
      select id, (array['customer','internal','monitoring'])[1 + g % 3], 'seed', 'seed', 'seed', t
      from ${seeded} where g % 2 = 0`);
    await db.execute(sql`insert into postmortems (incident_id, status, level, classification, detection_source,
        calendar, due_at, opened_by, created_at, updated_at, published_at)
      select id, case when g % 3 = 0 then 'published' else 'draft' end, 'P' || (1 + g % 4),
        case when g % 4 = 0 then null else (array['code','config','capacity'])[1 + g % 3] end,
        case when g % 5 = 0 then null else 'monitoring' end, 'default', t + interval '5 days', 'seed', t, t,
        case when g % 3 = 0 then t + interval '3 days' end
      from ${seeded} where g % 4 <> 1`);
    await db.execute(sql`insert into recovery_steps (incident_id, playbook_id, step_id, method, targets, status,
        requested_by, requested_at, approvals_needed, started_at)
      select id, 'pb', 'step-' || k, (array['rollback','restart','scale-out'])[1 + (g + k) % 3], '[]'::jsonb, 'done',
        'seed', t, 0, case when (g + k) % 4 = 0 then null else t + k * interval '1 minute' end
      from ${seeded} cross join generate_series(1, 2) k where g % 3 <> 2`);
    const change = (
      await rows<{ id: number }>(
        db,
        sql`insert into changes (kind, summary, services, started_at,
        ended_at, status, source, created_at) values ('deploy', 'seed', '["pay-api"]', '2024-03-01T00:00:00Z',
        '2024-03-01T00:00:00Z', 'succeeded', 'api', '2024-03-01T00:00:00Z') returning id`,
      )
    )[0]!.id;
    await db.execute(sql`insert into change_verdicts (change_id, incident_id, verdict, why, actor, at)
      select ${change}, id, v, 'seed', 'seed', t from ${seeded}
        cross join lateral (values ('suspect'), (case when g % 2 = 0 then 'caused' else 'dismissed' end)) x(v)
      where g % 5 = 2`);
    await db.execute(sql`insert into alerts (dedup_key, integration, source, status, summary, labels, annotations,
        starts_at, last_seen_at, incident_id, join_reason, created_at)
      select 'seed:' || g || ':' || k, (array['alertmanager','grafana','datadog'])[1 + (g * k) % 3], 'seed', 'firing',
        's', jsonb_build_object('alertname', 'A' || (g + k) % 4), '{}', t, t, id, 'seed', t
      from ${seeded} cross join generate_series(1, 1 + g % 3) k where g % 4 <> 0`);

    const catalog = s.rt.config().catalog;
    const windows = [
      { lo: '2024-01-01T00:00:00Z', hi: '2025-01-01T00:00:00Z', teams: null },
      { lo: '2024-03-10T05:00:00Z', hi: '2024-07-01T00:00:00Z', teams: ['payments'] },
      { lo: '2024-02-01T00:00:00Z', hi: '2024-12-01T00:00:00Z', teams: [] },
    ];
    const same = async () => {
      for (const w of windows) {
        const opts = { lo: new Date(w.lo), hi: new Date(w.hi), changesFrom: new Date(w.lo), teams: w.teams, catalog };
        const derived = await loadFacts(db, opts);
        expect(derived).toEqual(await loadFactsDirect(db, opts));
        if (w.teams === null) expect(derived.incidents.length).toBeGreaterThan(250);
      }
    };
    await same();
    const year = '/api/v1/analytics/review?from=2024-01-01&to=2025-01-01&timeZone=Europe/Berlin&bucket=quarter';
    const before = (await review(year.slice('/api/v1/analytics/review?'.length))).counts;

    // Changes through each table the triggers watch: the derived rows follow.
    const first = sql`(select min(id) from incidents where group_key like 'seed:%')`;
    await db.execute(
      sql`update incidents set title = 'renamed', levels = '{"P": 1}', team = 'search' where id = ${first}`,
    );
    await db.execute(sql`update incidents set alert_count = alert_count + 1 where group_key like 'seed:%'`);
    await db.execute(sql`insert into response_key_times (incident_id, code, at, set_by, updated_at)
      values (${first}, 'detected_at', '2024-06-15T10:00:00Z', 'seed', now())
      on conflict (incident_id, code) do update set at = excluded.at`);
    await db.execute(sql`update alerts set incident_id = ${first}, integration = 'zabbix'
      where id = (select max(id) from alerts where dedup_key like 'seed:%')`);
    await db.execute(sql`update postmortems set classification = 'network' where incident_id in
      (select id from incidents where group_key like 'seed:%' and id % 8 = 2)`);
    await db.execute(sql`delete from recovery_steps where incident_id in
      (select id from incidents where group_key like 'seed:%' and id % 5 = 0)`);
    await db.execute(sql`insert into change_verdicts (change_id, incident_id, verdict, why, actor, at)
      select ${change}, id, 'caused', 'seed', 'seed', created_at from incidents where group_key like 'seed:%' and id % 9 = 0`);
    await db.execute(sql`update response_declarations set source = 'public-opinion' where incident_id in
      (select id from incidents where group_key like 'seed:%' and id % 6 = 0)`);
    await same();
    expect((await review(year.slice('/api/v1/analytics/review?'.length))).counts).not.toEqual(before);
  });
});
