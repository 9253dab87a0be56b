/**
 * Live regrading (DESIGN §4): impact facts entered by a person upgrade an incident and re-page, reaching
 * P1 tells the business line's leadership, a person may downgrade with a reason, a duration rule upgrades
 * an incident that stays too long at P2 (a timer in the database, driven by a fake clock), and risks
 * (below every level) are listed, not paged, promotable and dismissable.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const LEADER = 'cto@example.com';
/** The quickstart plus leadership for commerce and two rules: an impact-fact rule and a duration rule. */
function testConfig(): string {
  const doc = parse(readFileSync(QUICKSTART_CONFIG, 'utf8'));
  doc.catalog.businessLines[0].leadership = [LEADER];
  doc.levels.rules.push(
    { id: 'many-users', sequence: 'P', level: 1, kind: 'generic', facts: { affectedUsers: 10000 } },
    { id: 'p2-too-long', sequence: 'P', level: 1, kind: 'generic', duration: { minutes: 30, atLevel: 2 } },
  );
  // Topology off: order-history-api depends on payments-db, and an incident open there would take the risk's
  // alert in (docs/convergence.md#topology); this test wants the risk on its own.
  doc.convergence.topologyDepth = 0;
  return stringify(doc);
}

function webhook(labels: Record<string, string>, fingerprint: string) {
  return {
    version: '4',
    status: 'firing',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: `${labels.alertname} on ${labels.service}` },
        startsAt: '2026-11-21T12:00:00Z',
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint,
      },
    ],
  };
}

describe('live regrading by facts, people, duration; risks', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const detail = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const openIncident = async (labels: Record<string, string>, fp: string) => {
    expect((await s.post('/api/v1/intake/alertmanager/quickstart', webhook(labels, fp))).status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    return list.incidents.find((i) => i.title === `${labels.alertname} on ${labels.service}`)!.id;
  };
  const pagesTo = (who: string, id: number) =>
    email.sent.filter((m) => m.recipient === who && m.message.incidentId === id);

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: testConfig() });
  });
  afterAll(() => s.dispose());

  let usersIncident: number;
  it('impact facts entered by a person upgrade P3 → P1, re-page on-call and tell leadership', async () => {
    usersIncident = await openIncident({ alertname: 'SlowPages', service: 'checkout', severity: 'warning' }, 'slow-1');
    expect((await detail(usersIncident)).levels).toEqual({ P: 'P3' });
    expect(pagesTo('oncall@example.com', usersIncident)).toHaveLength(1);

    const res = await s.api(`/api/v1/incidents/${usersIncident}/facts`, {
      method: 'POST',
      body: JSON.stringify({ facts: { affectedUsers: 12000 }, note: 'support tickets' }),
    });
    expect(res.status).toBe(200);
    const d = (await res.json()) as IncidentDetail;
    expect(d.levels.P).toBe('P1');
    expect(d.facts).toMatchObject({ affectedUsers: 12000 });
    const p = d.levelExplanation.find((e) => e.sequence === 'P')!;
    expect(p).toMatchObject({ ruleId: 'many-users', actor: 'rule' });
    expect(p.evidence.join(' ')).toContain('12000');
    expect(d.levelHistory.map((h) => [h.from, h.to])).toEqual([
      [null, 'P3'],
      ['P3', 'P1'],
    ]);
    expect(d.timeline.map((t) => t.kind)).toContain('facts_updated');

    await s.engine!.drain();
    expect(pagesTo('oncall@example.com', usersIncident)).toHaveLength(2);
    expect(pagesTo(LEADER, usersIncident)).toHaveLength(1);
  });

  it('more facts that grade lower never downgrade', async () => {
    const d = (await (
      await s.api(`/api/v1/incidents/${usersIncident}/facts`, {
        method: 'POST',
        body: JSON.stringify({ facts: { affectedUsers: 50 } }),
      })
    ).json()) as IncidentDetail;
    expect(d.levels.P).toBe('P1');
  });

  it('a person downgrades with a reason; nobody is paged for it', async () => {
    const before = email.sent.length;
    const noReason = await s.api(`/api/v1/incidents/${usersIncident}/level`, {
      method: 'POST',
      body: JSON.stringify({ sequence: 'P', level: 2 }),
    });
    expect(noReason.status).toBe(400);
    const res = await s.api(`/api/v1/incidents/${usersIncident}/level`, {
      method: 'POST',
      body: JSON.stringify({ sequence: 'P', level: 2, reason: 'only a test tenant was affected' }),
    });
    expect(res.status).toBe(200);
    const d = (await res.json()) as IncidentDetail;
    expect(d.levels.P).toBe('P2');
    expect(d.levelExplanation.find((e) => e.sequence === 'P')).toMatchObject({ actor: 'admin', ruleId: 'manual' });
    expect(d.timeline.at(-1)).toMatchObject({ kind: 'level_changed', actor: 'admin' });
    await s.engine!.drain();
    expect(email.sent.length).toBe(before);
  });

  it('a duration rule upgrades an incident that stays at P2 for 30 minutes (a durable timer)', async () => {
    const id = await openIncident({ alertname: 'DbDown', service: 'payments-db', severity: 'critical' }, 'db-1');
    expect((await detail(id)).levels.P).toBe('P2');
    clock.advance(29 * 60_000);
    await s.engine!.drain();
    expect((await detail(id)).levels.P).toBe('P2');
    clock.advance(2 * 60_000);
    await s.engine!.drain();
    const d = await detail(id);
    expect(d.levels.P).toBe('P1');
    expect(d.levelExplanation.find((e) => e.sequence === 'P')).toMatchObject({ ruleId: 'p2-too-long' });
    // Leadership heard at P2 (on opening) and again at P1 (and of the room's 1-5-10 breaches: response.md).
    expect(
      pagesTo(LEADER, id)
        .map((m) => m.message.step)
        .filter((step) => step.startsWith('leadership-')),
    ).toEqual(['leadership-P2', 'leadership-P1']);
    // The incident a person downgraded to P2 earlier has also been at P2 for 30 minutes by now.
    expect((await detail(usersIncident)).levels.P).toBe('P1');
  });

  let riskId: number;
  it('a warning on a non-core module is a risk: listed, not paged', async () => {
    riskId = await openIncident(
      { alertname: 'SlowHistory', service: 'order-history-api', severity: 'warning' },
      'hist-1',
    );
    const d = await detail(riskId);
    expect(d.risk).toBe(true);
    expect(d.levels).toEqual({});
    expect(d.notifications).toHaveLength(0);
    const risks = (await (await s.api('/api/v1/risks')).json()) as IncidentList;
    expect(risks.incidents.map((i) => i.id)).toContain(riskId);
  });

  it('promoting a risk gives it a level and pages it like a new incident', async () => {
    const res = await s.api(`/api/v1/risks/${riskId}/promote`, {
      method: 'POST',
      body: JSON.stringify({ level: 3, reason: 'customers noticed' }),
    });
    expect(res.status).toBe(200);
    const d = (await res.json()) as IncidentDetail;
    expect(d).toMatchObject({ risk: false, levels: { P: 'P3' } });
    expect(d.timeline.map((t) => t.kind)).toEqual(expect.arrayContaining(['risk_promoted', 'level_changed']));
    await s.engine!.drain();
    expect(pagesTo('storefront@example.com', riskId)).toHaveLength(1);
    expect(
      (
        await s.api(`/api/v1/risks/${riskId}/promote`, {
          method: 'POST',
          body: JSON.stringify({ level: 2, reason: 'again' }),
        })
      ).status,
    ).toBe(412);
  });

  it('dismissing a risk closes it with the reason', async () => {
    const id = await openIncident(
      { alertname: 'SlowExport', service: 'order-history-api', severity: 'warning' },
      'hist-2',
    );
    const res = await s.api(`/api/v1/risks/${id}/dismiss`, {
      method: 'POST',
      body: JSON.stringify({ reason: 'known batch job' }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as IncidentDetail).toMatchObject({ status: 'closed', closeReason: 'known batch job' });
    const risks = (await (await s.api('/api/v1/risks')).json()) as IncidentList;
    expect(risks.incidents.map((i) => i.id)).not.toContain(id);
  });

  it('bad input names the field and changes nothing', async () => {
    const before = await detail(usersIncident);
    const r1 = await s.api(`/api/v1/incidents/${usersIncident}/facts`, {
      method: 'POST',
      body: JSON.stringify({ facts: { affectedUsers: 'many' } }),
    });
    expect(r1.status).toBe(400);
    expect(JSON.stringify(await r1.json())).toContain('facts.affectedUsers');
    const r2 = await s.api(`/api/v1/incidents/${usersIncident}/level`, {
      method: 'POST',
      body: JSON.stringify({ sequence: 'X', level: 1, reason: 'typo' }),
    });
    expect(r2.status).toBe(400);
    expect(JSON.stringify(await r2.json())).toContain('sequence');
    const r3 = await s.api(`/api/v1/incidents/${usersIncident}/level`, {
      method: 'POST',
      body: JSON.stringify({ sequence: 'P', level: 9, reason: 'too far' }),
    });
    expect(r3.status).toBe(400);
    const after = await detail(usersIncident);
    expect(after.levels).toEqual(before.levels);
    expect(after.timeline).toHaveLength(before.timeline.length);
  });
});
