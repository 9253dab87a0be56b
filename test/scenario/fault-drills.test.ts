/**
 * Fault drills (issue 17 point 10), end to end through the API on a fake clock: a configured weekly drill fires
 * at its time (once, even when its job runs twice), pages only its participant — never the escalation policy's
 * first step nor the business line's leadership — with every message marked [DRILL], runs the room and the
 * 1-5-10 clock, yields a report with the times per stage, stays off the public status page and is excluded
 * from the fault metrics with reason `drill`. A drill run by hand and bad scenarios too. When a drill ends its
 * report is emailed to its participants, once, through a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { AnalyticsReview, DrillList, DrillReport, IncidentDetail, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { enqueueJob } from '../../apps/server/src/engine/index.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startSmtpServer, type TestSmtpServer } from '../../e2e/support/smtp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ANA, DAN, MIN, actingConfig, detail } from '../support/acting-fixtures.ts';

const LEAD = 'lead@example.com';

describe('fault drills', () => {
  // 12:00 in Berlin (CET) is 11:00 UTC; the drill is at 13:00 Berlin = 12:00 UTC.
  const clock = new FakeClock('2026-11-21T11:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
  const pagesTo = (id: number, to: string) =>
    email.sent.filter((m) => m.message.incidentId === id && m.recipient === to);
  const drills = async () => ((await (await s.api('/api/v1/drills')).json()) as DrillList).drills;

  beforeAll(async () => {
    const config = parse(actingConfig()) as Record<string, unknown> & {
      catalog: { businessLines: Array<Record<string, unknown>> };
    };
    config.catalog.businessLines[0]!.leadership = [LEAD];
    config.statusPage = { components: [{ id: 'payments', name: 'Payments', services: ['pay-api'] }] };
    config.response = {
      drills: [
        {
          id: 'pay-p1',
          scenario: {
            title: 'Card payments fail',
            service: 'pay-api',
            level: 1,
            participants: [DAN.email],
            alerts: [{ summary: 'PaymentErrors high', labels: { service: 'pay-api', severity: 'critical' } }],
            kpiDrop: 'successful payments/min −60 %',
          },
          schedule: { start: '2026-11-21T13:00', zone: 'Europe/Berlin', everyDays: 7 },
        },
      ],
    };
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: stringify(config) });
  });
  afterAll(() => s.dispose());

  let id: number;

  it('does not fire before its time', async () => {
    at('2026-11-21T11:59:59Z');
    await s.engine!.drain();
    expect(await drills()).toEqual([]);
  });

  it('fires at its time, once, marked as a drill everywhere', async () => {
    at('2026-11-21T12:00:00Z');
    // A second node's copy of the same due drill: the unique key declares it once.
    await enqueueJob(
      s.rt.db,
      'response.drill',
      { drillId: 'pay-p1', dueAt: '2026-11-21T12:00:00.000Z' },
      clock.now(),
      clock.now(),
    );
    await s.engine!.drain();
    const list = await drills();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      scheduleId: 'pay-p1',
      participants: [DAN.email],
      declaredAt: clock.now().toISOString(),
    });
    id = list[0]!.incidentId;
    const d = await detail(s, id);
    expect(d).toMatchObject({ drill: true, levels: { P: 'P1' }, title: 'Card payments fail' });
    const incidents = ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
    expect(incidents.find((i) => i.id === id)?.drill).toBe(true);
    const messages = d.timeline.map((t) => t.message);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DRILL declared by drill: pages only dan@example.com/),
        '[DRILL] injected alert: PaymentErrors high {service="pay-api", severity="critical"}',
        '[DRILL] injected KPI drop: successful payments/min −60 %',
      ]),
    );
    // Injected alerts are on the timeline only: no alert was sent through intake.
    expect(d.alerts).toEqual([]);
  });

  it('pages only the participant, marked [DRILL]; never the policy’s first step nor leadership', async () => {
    const toDan = pagesTo(id, DAN.email);
    expect(toDan).toHaveLength(1);
    expect(toDan[0]!.message).toMatchObject({ title: '[DRILL] Card payments fail' });
    expect(pagesTo(id, ANA.email)).toEqual([]);
    expect(pagesTo(id, LEAD)).toEqual([]);
    const notes = (await detail(s, id)).timeline.map((t) => t.message);
    expect(notes).toContain(`drill: ${LEAD} not paged (not a participant of the drill)`);
  });

  it('runs the room and the 1-5-10 clock; its report gives the times against the targets', async () => {
    at('2026-11-21T12:00:30Z');
    const ack = await s.api(`/api/v1/incidents/${id}/acknowledge`, { method: 'POST' });
    expect(ack.status).toBe(200);
    // Dan acknowledges through his page's link in real life; here the admin stands in, then Dan checks in.
    await s.engine!.drain();
    at('2026-11-21T12:01:00Z');
    const inv = await s.api(`/api/v1/incidents/${id}/group/invite`, {
      method: 'POST',
      body: JSON.stringify({ person: DAN.email }),
    });
    expect([200, 201]).toContain(inv.status);
    await s.engine!.drain();
    const role = await s.api(`/api/v1/incidents/${id}/roles`, {
      method: 'POST',
      body: JSON.stringify({ action: 'assign', role: 'responder', to: DAN.email }),
    });
    expect(role.status).toBe(200);
    // The locate target (5 min) passes with the cause not located: breached, on the timeline once.
    at('2026-11-21T12:06:00Z');
    await s.engine!.drain();
    // Service restored at 8 minutes: the recover target (10 min) is met.
    at('2026-11-21T12:08:00Z');
    const mit = await s.api(`/api/v1/incidents/${id}/mitigate`, { method: 'POST', body: JSON.stringify({}) });
    expect(mit.status).toBe(200);
    await s.engine!.drain();
    const res = await s.api(`/api/v1/drills/${id}/report`);
    expect(res.status).toBe(200);
    const r = (await res.json()) as DrillReport;
    expect(r).toMatchObject({ incidentId: id, level: 'P1', scheduleId: 'pay-p1', participants: [DAN.email] });
    expect(r.stages).toEqual([
      { stage: 'detect', targetMs: 1 * MIN, tookMs: 0, state: 'met' },
      // Restoring service locates the cause at the latest: 8 minutes, past the 5-minute target.
      { stage: 'locate', targetMs: 5 * MIN, tookMs: 8 * MIN, state: 'breached' },
      { stage: 'recover', targetMs: 10 * MIN, tookMs: 8 * MIN, state: 'met' },
    ]);
    expect(r.roles.find((x) => x.role === 'responder')).toEqual({
      role: 'responder',
      required: true,
      holder: DAN.email,
      filledAfterMs: 1 * MIN,
    });
    expect(r.rolesMissing).toEqual(expect.arrayContaining(['investigator', 'communicator']));
    expect(r.checkIns.find((c) => c.person === DAN.email)).toMatchObject({ state: 'pending', afterMs: null });
    const breaches = (await detail(s, id)).timeline.filter((t) => t.kind === 'clock_breached');
    expect(breaches.map((b) => b.data)).toEqual([expect.objectContaining({ stage: 'locate' })]);
    // Leadership heard of nothing, breach or role gap: it is not a participant.
    expect(pagesTo(id, LEAD)).toEqual([]);
    expect(pagesTo(id, ANA.email)).toEqual([]);
  });

  it('is never published on the public status page', async () => {
    const res = await s.api(`/api/v1/incidents/${id}/updates`, {
      method: 'POST',
      body: JSON.stringify({
        phase: 'monitoring',
        impact: 'payments recovered',
        audiences: ['public'],
        publicTitle: 'Payments degraded',
        components: { payments: 'degraded' },
      }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('audiences');
    const page = (await (await fetch(`${s.url}/api/v1/status`)).json()) as { incidents: unknown[] };
    expect(page.incidents).toEqual([]);
  });

  it('is excluded from the fault metrics with reason drill', async () => {
    const res = await s.api('/api/v1/analytics/review?from=2026-11-01&to=2026-12-01');
    expect(res.status).toBe(200);
    const review = (await res.json()) as AnalyticsReview;
    const count = review.counts[0]!;
    expect(count.n).toBe(0);
    expect(count.excluded).toContainEqual({ reason: 'drill', count: 1 });
    for (const d of review.durations) expect(d.overall.n).toBe(0);
  });

  it('runs by hand from the API, and the next scheduled one waits a week', async () => {
    const res = await s.api('/api/v1/drills', {
      method: 'POST',
      body: JSON.stringify({ title: 'Login slow', service: 'pay-api', level: 2, participants: [ANA.email] }),
    });
    expect(res.status).toBe(201);
    const d = (await res.json()) as IncidentDetail;
    expect(d.drill).toBe(true);
    await s.engine!.drain();
    expect(pagesTo(d.id, ANA.email)).toHaveLength(1);
    expect(pagesTo(d.id, DAN.email)).toEqual([]);
    expect((await drills()).map((x) => x.scheduleId)).toEqual([null, 'pay-p1']);
    // The next scheduled drill: 13:00 Berlin a week later, not before.
    at('2026-11-28T11:59:00Z');
    await s.engine!.drain();
    expect(await drills()).toHaveLength(2);
    at('2026-11-28T12:00:00Z');
    await s.engine!.drain();
    expect(await drills()).toHaveLength(3);
  });

  it('refuses a bad scenario naming the field, writing nothing', async () => {
    const before = (await drills()).length;
    for (const [body, field] of [
      [{ title: 'x', level: 1, participants: [] }, 'participants'],
      [{ title: 'x', level: 1, participants: ['not-an-email'] }, 'participants'],
      [{ title: 'x', level: 1, participants: [DAN.email], service: 'nope' }, 'service'],
      [{ title: '', level: 1, participants: [DAN.email] }, 'title'],
    ] as const) {
      const res = await s.api('/api/v1/drills', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
    expect(await drills()).toHaveLength(before);
  });
});

describe('a drill’s report by email', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let smtp: TestSmtpServer;
  let s: TestServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    s = await startTestServer({
      clock,
      engineLoop: false,
      configYaml: actingConfig(),
      env: { FAULTLINE_SMTP_URL: smtp.url },
    });
  });
  afterAll(async () => {
    await s?.dispose();
    await smtp?.stop();
  });
  const reports = () => smtp.messages.filter((m) => m.subject.includes('drill report'));

  it('goes to the participants once when the drill ends, with each stage against its target', async () => {
    const res = await s.api('/api/v1/drills', {
      method: 'POST',
      body: JSON.stringify({
        title: 'Card payments fail',
        service: 'pay-api',
        level: 1,
        participants: [DAN.email, ANA.email],
      }),
    });
    const id = ((await res.json()) as IncidentDetail).id;
    await s.engine!.drain();
    clock.advance(7 * MIN + 5_000);
    const post = (action: string, body: unknown = {}) =>
      s.api(`/api/v1/incidents/${id}/${action}`, { method: 'POST', body: JSON.stringify(body) });
    expect((await post('resolve')).status).toBe(200);
    await s.engine!.drain();
    // One message per participant (the mail job sends to each address on its own).
    expect(
      reports()
        .flatMap((m) => m.envelope.to)
        .sort(),
    ).toEqual([ANA.email, DAN.email]);
    const mail = reports()[0];
    expect(mail!.subject).toBe(`[DRILL] [Faultline] #${id} P1: drill report — Card payments fail`);
    expect(mail!.text).toContain(`[DRILL] Report of the drill #${id} P1: Card payments fail (resolved)`);
    // Resolving restores service and locates the cause at the latest: 7m 05s, nobody detected before it.
    expect(mail!.text).toContain('- Detect: 0m 00s (target 1m 00s) — met');
    expect(mail!.text).toContain('- Locate the cause: 7m 05s (target 5m 00s) — breached');
    expect(mail!.text).toContain('- Restore service: 7m 05s (target 10m 00s) — met');
    expect(mail!.text).toContain(`/drills/${id}`);

    // Reopened and resolved again: the drill ended once, its report is not sent again.
    expect((await post('reopen', { reason: 'one more try' })).status).toBe(200);
    expect((await post('resolve')).status).toBe(200);
    await s.engine!.drain();
    expect(reports()).toHaveLength(2);
  });
});
