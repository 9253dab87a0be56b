/**
 * A stakeholder from the config file sees what docs/identity.md promises (issue 15 item 6): incident lists
 * and headers — title, status, level, service, team, times — and no alerts, level evidence, facts, timeline
 * or deliveries, on their own team's incidents and on every other team's. People the config lists with a
 * stronger role keep reading everything, as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentDetail, IncidentList, SessionInfo, TokenCreated, UserList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const STELLA = 'stella@example.com'; // stakeholder of payments
const RITA = 'rita@example.com'; // responder of payments
const INTAKE = '/api/v1/intake/alertmanager/stakeholder-test';

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'pay-api': 'payments', 'shop-api': 'storefront' }),
  teams: [
    {
      id: 'payments',
      members: [
        { name: 'Stella', email: STELLA, role: 'stakeholder' },
        { name: 'Rita', email: RITA },
      ],
      oncall: [RITA],
    },
    { id: 'storefront', members: [{ name: 'Sid', email: 'sid@example.com' }], oncall: ['sid@example.com'] },
  ],
  levels: {
    templates: false,
    rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [{ key: 'stakeholder-test', source: 'alertmanager', routeByLabel: 'service' }],
});

describe('a stakeholder from the config file sees incident headers only', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let s: TestServer;
  const ids: Record<string, number> = {};
  const tokens: Record<string, string> = {};

  const as = async <T>(who: string, path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      configYaml: config,
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
    for (const [service, alertname] of [
      ['pay-api', 'PayDown'],
      ['shop-api', 'ShopDown'],
    ] as const) {
      const res = await s.post(INTAKE, {
        version: '4',
        alerts: [{ status: 'firing', labels: { alertname, service, severity: 'critical' } }],
      });
      expect(res.status).toBe(202);
    }
    await s.engine!.drain();
    const { incidents } = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    for (const i of incidents) ids[i.team!] = i.id;
    // Personal tokens as an admin would make them for a dashboard: role viewer, acting as the person (a
    // token never acts above its person).
    for (const email of [STELLA, RITA]) {
      const t = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: `${email} dashboard`, role: 'viewer', user: email }),
      });
      expect(t.status).toBe(201);
      tokens[email] = ((await t.json()) as TokenCreated).token;
    }
  });
  afterAll(() => s.dispose());

  it('is a stakeholder server-wide, not a viewer', async () => {
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    expect(users.find((u) => u.email === STELLA)).toMatchObject({
      role: 'stakeholder',
      teams: [{ team: 'payments', role: 'stakeholder' }],
    });
    const who = await as<SessionInfo>(STELLA, '/api/v1/session');
    expect(who.body.role).toBe('stakeholder');
    expect(who.body.permissions).not.toContain('incident:read');
  });

  it("gets the header only of her own team's incident and of another team's", async () => {
    for (const team of ['payments', 'storefront']) {
      const { status, body } = await as<IncidentDetail>(STELLA, `/api/v1/incidents/${ids[team]}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ id: ids[team], team, status: 'triggered' });
      expect(body.levels).toEqual({ P: 'P2' });
      expect(body.alerts).toEqual([]);
      expect(body.timeline).toEqual([]);
      expect(body.notifications).toEqual([]);
      expect(body.levelExplanation).toEqual([]);
    }
    // The full incident is there to be read by those who may.
    const full = await as<IncidentDetail>(RITA, `/api/v1/incidents/${ids.payments}`);
    expect(full.body.alerts.length).toBeGreaterThan(0);
    expect(full.body.timeline.length).toBeGreaterThan(0);
  });

  it('still lists every incident, and may not read on-call data', async () => {
    const list = await as<IncidentList>(STELLA, '/api/v1/incidents');
    expect(list.body.incidents.map((i) => i.team).sort()).toEqual(['payments', 'storefront']);
    expect((await as(STELLA, '/api/v1/oncall')).status).toBe(403);
    expect((await as(STELLA, '/api/v1/users')).status).toBe(403);
  });

  it('a config member with a stronger role stays a viewer server-wide', async () => {
    const { users } = (await (await s.api('/api/v1/users')).json()) as UserList;
    expect(users.find((u) => u.email === RITA)!.role).toBe('viewer');
    const other = await as<IncidentDetail>(RITA, `/api/v1/incidents/${ids.storefront}`);
    expect(other.body.alerts.length).toBeGreaterThan(0);
  });
});
