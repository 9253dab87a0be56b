/**
 * The response room (issue 17; DESIGN §6–7), end to end through the API on a fake clock: a person declares
 * a P1, the paged on-call member is gathered and checks in by acknowledging, roles are held and handed over,
 * key times are recorded and edited, the 1-5-10 clock escalates once per breached stage, an empty required
 * role escalates, an overdue status update reminds the communicator, and a cancelled incident counts nowhere.
 * Bad input is refused with the field named and nothing written.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { ANA, DAN, MIN, VIC, actingConfig, detail } from '../support/acting-fixtures.ts';

const LEAD = 'lead@example.com';
/** Internal stakeholders: customer service of the business line, legal of every line. */
const CS = 'cs@example.com';
const LEGAL = 'legal@example.com';

describe('the response room', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
  const tokens: Record<string, string> = {};

  const as = (who: string | null, path: string, body?: unknown, method = 'POST') =>
    who === null
      ? s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) })
      : fetch(`${s.url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${tokens[who]}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
  const room = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
  const declare = async (body: Record<string, unknown>) => {
    const res = await s.api('/api/v1/incidents', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return (await res.json()) as IncidentDetail;
  };
  const kinds = async (id: number, kind: string) => (await detail(s, id)).timeline.filter((t) => t.kind === kind);
  const pagesTo = (id: number, to: string) =>
    email.sent.filter((m) => m.message.incidentId === id && m.recipient === to).length;

  beforeAll(async () => {
    // The business line's leadership hears of every escalation trigger (a 1-5-10 breach, an empty role).
    const config = parse(actingConfig()) as {
      catalog: { businessLines: Array<Record<string, unknown>> };
      response?: unknown;
    };
    config.catalog.businessLines[0]!.leadership = [LEAD];
    config.response = {
      stakeholders: {
        commerce: [{ name: 'Customer service', emails: [CS] }],
        '*': [{ name: 'Legal', emails: [LEGAL] }],
      },
    };
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: stringify(config) });
    for (const p of [ANA, DAN]) {
      const res = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: p.email, role: 'responder' }),
      });
      tokens[p.email] = ((await res.json()) as { token: string }).token;
    }
  });
  afterAll(() => s.dispose());

  let id: number;

  it('a declared P1 is paged like any other and its room forms with all four roles required', async () => {
    const d = await declare({
      title: 'Customers cannot pay',
      service: 'pay-api',
      level: 1,
      source: 'customer',
      reporter: 'Shop 42 support line',
      description: 'card payments fail at checkout',
      impactStartedAt: '2026-11-21T11:59:00Z',
    });
    id = d.id;
    expect(d.levels).toMatchObject({ P: 'P1' });
    await s.engine!.drain();
    expect(pagesTo(id, ANA.email)).toBe(1);
    const r = await room(id);
    expect(r.declaration).toEqual({
      source: 'customer',
      reporter: 'Shop 42 support line',
      description: 'card payments fail at checkout',
      declaredBy: 'admin',
    });
    expect(r.policy).toEqual({
      responseGroup: true,
      requiredRoles: ['coordinator', 'responder', 'investigator', 'communicator'],
      updateEveryMinutes: 30,
      warRoom: false,
    });
    expect(r.warRoom).toBeNull();
    expect(r.group).toEqual([expect.objectContaining({ person: ANA.email, state: 'pending', invitedVia: ['paged'] })]);
    const kt = Object.fromEntries(r.keyTimes.map((k) => [k.code, k.at]));
    expect(kt.impact_started_at).toBe('2026-11-21T11:59:00.000Z');
    expect(kt.detected_at).toBe('2026-11-21T12:00:00.000Z');
    // Detected one minute after impact: the 1-minute target is met exactly; locate and recover run.
    expect(r.clock.stages.map((x) => [x.stage, x.state])).toEqual([
      ['detect', 'met'],
      ['locate', 'running'],
      ['recover', 'running'],
    ]);
    expect(r.roles.find((x) => x.role === 'investigator')?.fillBy).toBe('2026-11-21T12:05:00.000Z');
  });

  it('acknowledging checks the acknowledger in and makes them coordinator', async () => {
    clock.advance(30_000);
    expect((await as(ANA.email, `/api/v1/incidents/${id}/acknowledge`)).status).toBe(200);
    await s.engine!.drain();
    const r = await room(id);
    expect(r.roles.find((x) => x.role === 'coordinator')?.holder).toBe(ANA.email);
    expect(r.group.find((m) => m.person === ANA.email)?.state).toBe('joined');
    expect(r.keyTimes.find((k) => k.code === 'acknowledged_at')?.at).toBe('2026-11-21T12:00:30.000Z');
  });

  it('roles: claim, assign by the coordinator, two-phase hand-over, history kept', async () => {
    expect(
      (await as(ANA.email, `/api/v1/incidents/${id}/roles`, { action: 'claim', role: 'communicator' })).status,
    ).toBe(200);
    const assigned = await as(ANA.email, `/api/v1/incidents/${id}/roles`, {
      action: 'assign',
      role: 'responder',
      to: DAN.email,
    });
    expect(assigned.status).toBe(200);
    const req = await as(ANA.email, `/api/v1/incidents/${id}/roles`, {
      action: 'request',
      role: 'communicator',
      to: DAN.email,
    });
    expect(req.status).toBe(200);
    expect((await room(id)).roles.find((x) => x.role === 'communicator')).toMatchObject({
      holder: ANA.email,
      pending: { to: DAN.email, by: ANA.email },
    });
    // Only the proposed person confirms.
    const wrong = await as(null, `/api/v1/incidents/${id}/roles`, { action: 'confirm', role: 'communicator' });
    expect(wrong.status).toBe(403);
    expect(
      (await as(DAN.email, `/api/v1/incidents/${id}/roles`, { action: 'confirm', role: 'communicator' })).status,
    ).toBe(200);
    const r = await room(id);
    expect(r.roles.find((x) => x.role === 'communicator')).toMatchObject({ holder: DAN.email, pending: null });
    expect(
      r.roleHistory.filter((t) => t.role === 'communicator').map((t) => [t.holder, t.via, t.renouncedAt !== null]),
    ).toEqual([
      [ANA.email, 'claim', true],
      [DAN.email, 'handover', false],
    ]);
  });

  it('refuses unknown roles and bad key times with the field named, writing nothing', async () => {
    const before = (await detail(s, id)).timeline.length;
    const unknown = await as(ANA.email, `/api/v1/incidents/${id}/roles`, { action: 'claim', role: 'scribe' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(await unknown.json())).toContain('role');
    const future = await s.api(`/api/v1/incidents/${id}/key-times`, {
      method: 'PATCH',
      body: JSON.stringify({ milestones: { cause_located_at: '2026-11-21T13:00:00Z' }, reason: 'typo' }),
    });
    expect(future.status).toBe(400);
    expect(((await future.json()) as { error: { fields: Array<{ path: string }> } }).error.fields).toEqual([
      expect.objectContaining({ path: 'milestones.cause_located_at' }),
    ]);
    const disorder = await s.api(`/api/v1/incidents/${id}/key-times`, {
      method: 'PATCH',
      body: JSON.stringify({ milestones: { change_introduced_at: '2026-11-21T12:00:10Z' }, reason: 'the deploy' }),
    });
    expect(disorder.status).toBe(400);
    expect(JSON.stringify(await disorder.json())).toContain('milestones.change_introduced_at');
    const noReason = await s.api(`/api/v1/incidents/${id}/key-times`, {
      method: 'PATCH',
      body: JSON.stringify({ milestones: { change_introduced_at: '2026-11-21T11:50:00Z' }, reason: ' ' }),
    });
    expect(noReason.status).toBe(400);
    expect((await detail(s, id)).timeline.length).toBe(before);
    expect((await room(id)).keyTimes.find((k) => k.code === 'change_introduced_at')?.at).toBeNull();
  });

  it('a breach of the 5-minute locate target escalates once; an empty investigator slot escalates', async () => {
    const told = pagesTo(id, LEAD); // leadership hears of a P1 at once (DESIGN §7)
    at('2026-11-21T12:04:30Z');
    await s.engine!.drain();
    const breaches = await kinds(id, 'clock_breached');
    expect(breaches.map((b) => b.data.stage)).toEqual(['locate']);
    // Escalated upward: leadership is paged; the acknowledged on-call is not paged again.
    expect(pagesTo(id, LEAD)).toBe(told + 1);
    expect(pagesTo(id, DAN.email)).toBe(0);
    at('2026-11-21T12:05:30Z');
    await s.engine!.drain();
    await s.engine!.drain();
    expect((await kinds(id, 'clock_breached')).length).toBe(1);
    const gaps = await kinds(id, 'role_unfilled');
    expect(gaps.map((g) => g.data.role)).toEqual(['investigator']);
    expect(pagesTo(id, LEAD)).toBe(told + 2);
    expect((await room(id)).clock.stages.find((x) => x.stage === 'locate')?.state).toBe('breached');
  });

  it('a tagged note records a key time; a pasted timeline adds several lines at once', async () => {
    at('2026-11-21T12:08:00Z');
    const noted = await as(DAN.email, `/api/v1/incidents/${id}/notes`, {
      text: 'bad config push on the card router',
      keyTime: 'cause_located_at',
      at: '2026-11-21T12:06:00Z',
    });
    expect(noted.status).toBe(200);
    const r = (await noted.json()) as ResponseRoom;
    expect(r.keyTimes.find((k) => k.code === 'cause_located_at')).toMatchObject({
      at: '2026-11-21T12:06:00.000Z',
      setBy: DAN.email,
    });
    const pasted = await as(ANA.email, `/api/v1/incidents/${id}/timeline/paste`, {
      text: '2026-11-21 12:06, [recovery_started] Dan rolled back the router config\n2026-11-21 12:07, Ana saw payments succeed',
    });
    expect(pasted.status).toBe(200);
    const after = (await pasted.json()) as ResponseRoom;
    expect(after.keyTimes.find((k) => k.code === 'recovery_started_at')?.at).toBe('2026-11-21T12:06:00.000Z');
    const notes = (await kinds(id, 'note')).map((n) => n.message);
    expect(notes.some((m) => m.includes('Ana saw payments succeed'))).toBe(true);
    // Invited by a person: pending, and chased once the check-in deadline (5 min) passes (next test).
    const invited = await as(ANA.email, `/api/v1/incidents/${id}/group/invite`, { person: VIC.email });
    expect(invited.status).toBe(200);
    expect(((await invited.json()) as ResponseRoom).group.find((m) => m.person === VIC.email)).toMatchObject({
      state: 'pending',
      invitedVia: ['person'],
    });
    const bad = await as(ANA.email, `/api/v1/incidents/${id}/timeline/paste`, { text: 'yesterday, something' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('text.0');
  });

  it('an overdue status update reminds the communicator; publishing one starts the next period', async () => {
    const before = pagesTo(id, DAN.email);
    at('2026-11-21T12:30:30Z');
    await s.engine!.drain();
    await s.engine!.drain();
    const overdue = await kinds(id, 'update_overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]!.data.to).toBe(DAN.email);
    expect(pagesTo(id, DAN.email)).toBe(before + 1);
    expect((await room(id)).cadence.state).toBe('overdue');
    const chased = await kinds(id, 'check_in_overdue');
    expect(chased.map((c) => c.data.person)).toEqual([VIC.email]);
    expect(pagesTo(id, VIC.email)).toBe(1);
    const published = await as(DAN.email, `/api/v1/incidents/${id}/updates`, {
      phase: 'monitoring',
      impact: 'card payments work again; some orders may show twice',
      actions: 'router config rolled back',
      audiences: ['group', 'internal', 'public'],
      publicTitle: 'Card payments failing',
    });
    expect(published.status).toBe(200);
    const r = (await published.json()) as ResponseRoom;
    expect(r.cadence).toMatchObject({ state: 'on-time', dueAt: '2026-11-21T13:00:30.000Z' });
    expect(r.updates.at(-1)).toMatchObject({ by: DAN.email, phase: 'monitoring' });
    // The internal audience is the business line's stakeholders and every line's, by email, once each.
    await s.engine!.drain();
    const told = email.notices.filter((n) => n.message.subject.startsWith(`[Faultline] #${id} P1 status update`));
    expect(told.map((n) => n.recipient).sort()).toEqual([CS, LEGAL]);
    expect(told[0]!.message.subject).toBe(`[Faultline] #${id} P1 status update (monitoring): Customers cannot pay`);
    expect(told[0]!.message.text).toContain('Impact: card payments work again; some orders may show twice');
    expect(told[0]!.message.text).toContain(`Published by ${DAN.email}`);
    // An update for the group alone tells no stakeholder.
    const noticesBefore = email.notices.length;
    const groupOnly = await as(DAN.email, `/api/v1/incidents/${id}/updates`, {
      phase: 'monitoring',
      impact: 'still watching',
      audiences: ['group'],
    });
    expect(groupOnly.status).toBe(200);
    await s.engine!.drain();
    expect(email.notices.length).toBe(noticesBefore);
  });

  it('mitigate, resolve, then close with a waiver; a closed incident takes no update', async () => {
    expect((await as(ANA.email, `/api/v1/incidents/${id}/close`, { waiver: 'drill' })).status).toBe(412);
    expect((await as(ANA.email, `/api/v1/incidents/${id}/mitigate`, {})).status).toBe(200);
    expect((await as(ANA.email, `/api/v1/incidents/${id}/resolve`)).status).toBe(200);
    expect((await as(ANA.email, `/api/v1/incidents/${id}/close`, { waiver: ' ' })).status).toBe(400);
    const closed = await as(ANA.email, `/api/v1/incidents/${id}/close`, { waiver: 'covered by the payments review' });
    expect(closed.status).toBe(200);
    expect((await detail(s, id)).status).toBe('closed');
    const rows = (await detail(s, id)).timeline.length;
    const late = await as(DAN.email, `/api/v1/incidents/${id}/updates`, { phase: 'resolved', impact: 'none' });
    expect(late.status).toBe(412);
    expect((await detail(s, id)).timeline.length).toBe(rows);
  });

  it('a cancelled incident counts nowhere: no clock, no breach, no reminder', async () => {
    at('2026-11-21T14:00:00Z');
    const d = await declare({ title: 'Maybe slow refunds', service: 'pay-api', level: 2, source: 'internal' });
    await s.engine!.drain();
    const res = await as(null, `/api/v1/incidents/${d.id}/cancel`, {
      reason: 'the refund queue was paused on purpose',
    });
    expect(res.status).toBe(200);
    const r = (await res.json()) as ResponseRoom;
    expect(r.clock.stages.every((x) => x.state === 'not-applicable' && x.reason === 'cancelled')).toBe(true);
    clock.advance(120 * MIN);
    await s.engine!.drain();
    for (const k of ['clock_breached', 'role_unfilled', 'update_overdue', 'check_in_overdue'])
      expect(await kinds(d.id, k)).toEqual([]);
    expect((await detail(s, d.id)).status).toBe('cancelled');
    expect((await as(null, `/api/v1/incidents/${d.id}/updates`, { phase: 'resolved', impact: 'x' })).status).toBe(412);
  });

  it('refuses a declaration with an unknown service or source, naming the field', async () => {
    const bad = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'x', service: 'nope', level: 1, source: 'customer' }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('service');
    const src = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'x', level: 1, source: 'rumour' }),
    });
    expect(src.status).toBe(400);
    expect(JSON.stringify(await src.json())).toContain('source');
  });

  it('the CLI declares, takes a role, notes a key time, publishes an update and shows the room', async () => {
    const cli = async (...args: string[]) =>
      (
        await promisify(execFile)(
          'node_modules/.bin/node',
          ['apps/server/src/cli/main.ts', 'incident', ...args, '--url', s.url],
          {
            env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
          },
        )
      ).stdout;
    const out = await cli(
      'declare',
      '--title',
      'Refunds stuck',
      '--source',
      'internal',
      '--service',
      'pay-api',
      '--level',
      '2',
    );
    const cliId = Number(/declared #(\d+)/.exec(out)?.[1]);
    expect(cliId).toBeGreaterThan(0);
    expect(await cli('role', String(cliId), 'assign', 'communicator', '--to', DAN.email)).toContain(
      `Communicator  ${DAN.email}`,
    );
    expect(await cli('note', String(cliId), 'queue worker wedged', '--key-time', 'cause_located_at')).toContain(
      'Cause located',
    );
    expect(await cli('update', String(cliId), '--impact', 'refunds are delayed', '--phase', 'identified')).toContain(
      'last update',
    );
    const room = await cli('room', String(cliId));
    expect(room).toContain('1-5-10: detect');
    expect(room).toContain('(identified): refunds are delayed');
  });
});
