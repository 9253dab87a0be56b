/**
 * The alert list (issue 12, `GET /api/v1/alerts`): alerts rather than incidents, each with its incident and
 * what became of it (opened, joined, paged, muted, held, inhibited), filtered on the server by status, fate,
 * source, integration, service, alertname, incident and time, paged by cursor with a total; bad values are
 * 400s naming the parameter; only alerts of incidents the caller may read are listed (a stakeholder: 403).
 *
 * And the people directory (`GET /api/v1/people`): a person who is only a stakeholder server-wide and a viewer
 * of one team (no `oncall:read` server-wide, so `GET /api/v1/users` is 403) gets the names of that team's
 * members and their own — ids, emails and names, nothing else.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { AlertListItem, AlertPage, ApiError, PeopleDirectory, TokenCreated, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const ALEX = 'alex@example.com'; // payments
const SAM = 'sam@example.com'; // storefront
const VIV = 'viv@example.com'; // a stakeholder server-wide, a viewer of storefront

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'checkout-api': 'payments', 'promotions-api': 'storefront' }),
  teams: [
    { id: 'payments', members: [{ name: 'Alex Adams', email: ALEX }], oncall: [ALEX] },
    { id: 'storefront', members: [{ name: 'Sam Stone', email: SAM }], oncall: [SAM] },
  ],
  levels: {
    templates: false,
    rules: [
      { id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } },
      { id: 'warning', sequence: 'P', level: 3, alert: { matchers: ['severity="warning"'] } },
    ],
  },
  inhibitRules: [
    {
      name: 'critical-mutes-warning',
      source_matchers: ['severity="critical"'],
      target_matchers: ['severity="warning"'],
      equal: ['service'],
    },
  ],
  integrations: [
    { key: 'am-main-key', source: 'alertmanager', routeByLabel: 'service' },
    { key: 'am-other-key', source: 'alertmanager', routeByLabel: 'service' },
    { key: 'jobs-generic', source: 'generic', service: 'promotions-api' },
  ],
});

const am = (alertname: string, service: string, severity: string, instance = 'i-1', status = 'firing') => ({
  status,
  labels: { alertname, service, severity, instance },
  annotations: { summary: `${alertname} ${instance}` },
  startsAt: '2026-11-21T13:59:00Z',
  ...(status === 'resolved' ? { endsAt: '2026-11-21T14:09:00Z' } : {}),
});

describe('the alert list', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  const tokens: Record<string, string> = {};
  const fire = async (key: string, ...alerts: ReturnType<typeof am>[]) => {
    clock.advance(60_000);
    const res = await s.post(`/api/v1/intake/alertmanager/${key}`, { version: '4', status: 'firing', alerts });
    expect(res.status).toBe(202);
    await s.engine!.drain();
  };
  const list = async (query = '', token?: string) => {
    const res = await s.api(`/api/v1/alerts${query}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, body: (await res.json()) as AlertPage & ApiError };
  };
  const summaries = async (query: string) => (await list(query)).body.alerts.map((a) => a.summary).sort();

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: config,
    });
    // 14:01 Down on checkout opens its incident; 14:02 a second instance joins it; 14:03 a warning on the same
    // service is inhibited by the critical one.
    await fire('am-main-key', am('Down', 'checkout-api', 'critical'));
    await fire('am-main-key', am('Down', 'checkout-api', 'critical', 'i-2'));
    await fire('am-main-key', am('Slow', 'checkout-api', 'warning'));
    // A silence; 14:04 Noisy on promotions is muted by it and its page held.
    const silence = await s.api('/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify({ matchers: ['alertname="Noisy"'], endsAt: '2026-11-21T16:00:00Z', comment: 'known' }),
    });
    expect(silence.status).toBe(201);
    await fire('am-other-key', am('Noisy', 'promotions-api', 'critical'));
    // 14:05 a generic alert on promotions.
    clock.advance(60_000);
    const generic = await s.post('/api/v1/intake/generic/jobs-generic', {
      dedupKey: 'backup',
      title: 'Backup failed',
      severity: 'critical',
      labels: { alertname: 'BackupFailed' },
    });
    expect(generic.status).toBe(202);
    await s.engine!.drain();
    // 14:06 the first Down instance resolves.
    await fire('am-main-key', am('Down', 'checkout-api', 'critical', 'i-1', 'resolved'));

    for (const [email, name, role] of [[VIV, 'Viv Vance', 'stakeholder']] as const) {
      const u = await s.api('/api/v1/users', { method: 'POST', body: JSON.stringify({ email, name, role }) });
      expect(u.status).toBe(201);
      const t = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: 'laptop', role, user: email }),
      });
      expect(t.status).toBe(201);
      tokens[email] = ((await t.json()) as TokenCreated).token;
    }
    const m = await s.api('/api/v1/teams/storefront/members', {
      method: 'POST',
      body: JSON.stringify({ email: VIV, role: 'viewer' }),
    });
    expect(m.status).toBe(200);
  });
  afterAll(async () => {
    if (s) await s.dispose().catch(() => {});
  });

  it('lists every alert newest first, each with its incident, why it joined and why it is muted', async () => {
    const { status, body } = await list();
    expect(status).toBe(200);
    expect(body.total).toBe(5);
    expect(body.nextCursor).toBeNull();
    const by = (summary: string) => body.alerts.find((a) => a.summary === summary)!;
    expect(body.alerts.map((a) => a.summary)).toEqual([
      'Backup failed',
      'Noisy i-1',
      'Slow i-1',
      'Down i-2',
      'Down i-1',
    ]);
    expect(by('Down i-2').incident).toMatchObject({
      id: by('Down i-1').incident.id,
      team: 'payments',
      levels: { P: 'P2' },
    });
    expect(by('Down i-2').joinReason).toMatch(/^joined incident #\d+/);
    expect(by('Slow i-1').mutedBy.map((m) => m.kind)).toEqual(['inhibition']);
    expect(by('Noisy i-1').mutedBy[0]!.reason).toContain('silence');
    const fates = Object.fromEntries(body.alerts.map((a: AlertListItem) => [a.summary, a.fates]));
    expect(fates).toEqual({
      'Down i-1': ['opened', 'paged'],
      'Down i-2': ['joined', 'paged'],
      'Slow i-1': ['opened', 'held', 'inhibited'],
      'Noisy i-1': ['opened', 'muted', 'held'],
      'Backup failed': ['opened', 'paged'],
    });
  });

  it('filters on the server by status, fate, source, integration, service, alertname, incident and time', async () => {
    expect(await summaries('?status=resolved')).toEqual(['Down i-1']);
    expect(await summaries('?status=firing')).toHaveLength(4);
    expect(await summaries('?fate=joined')).toEqual(['Down i-2']);
    expect(await summaries('?fate=muted')).toEqual(['Noisy i-1']);
    expect(await summaries('?fate=inhibited')).toEqual(['Slow i-1']);
    expect(await summaries('?fate=held')).toEqual(['Noisy i-1', 'Slow i-1']);
    expect(await summaries('?fate=paged')).toEqual(['Backup failed', 'Down i-1', 'Down i-2']);
    expect(await summaries('?fate=muted,inhibited')).toEqual(['Noisy i-1', 'Slow i-1']);
    expect(await summaries('?source=generic')).toEqual(['Backup failed']);
    expect(await summaries('?integration=am-other-key')).toEqual(['Noisy i-1']);
    expect(await summaries('?service=promotions-api')).toEqual(['Backup failed', 'Noisy i-1']);
    expect(await summaries('?alertname=Down&status=firing')).toEqual(['Down i-2']);
    const down = (await list('?alertname=Down')).body.alerts[0]!.incident.id;
    expect(await summaries(`?incident=${down}`)).toEqual(['Down i-1', 'Down i-2']);
    expect(await summaries('?q=noisy')).toEqual(['Noisy i-1']);
    // Last received: Slow at 14:03, Noisy at 14:04, Backup at 14:05, Down i-1 (resolved) at 14:06.
    expect(
      await summaries(
        `?since=${encodeURIComponent('2026-11-21T14:04:00Z')}&until=${encodeURIComponent('2026-11-21T14:06:00Z')}`,
      ),
    ).toEqual(['Backup failed', 'Noisy i-1']);
    expect((await list('?fate=paged&service=checkout-api')).body.total).toBe(2);
  });

  it('pages by cursor, never repeating or skipping, with the total on every page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: AlertPage } = await list(
        `?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(5);
      expect(page.body.alerts.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.alerts.map((a) => a.summary));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Backup failed', 'Noisy i-1', 'Slow i-1', 'Down i-2', 'Down i-1']);
  });

  it('refuses bad values naming the parameter', async () => {
    for (const [query, field] of [
      ['?fate=lost', 'fate'],
      ['?status=open', 'status'],
      ['?since=yesterday', 'since'],
      ['?limit=0', 'limit'],
      ['?incident=-3', 'incident'],
      ['?source=Not%20A%20Source', 'source'],
      ['?cursor=garbage', 'cursor'],
    ]) {
      const { status, body } = await list(query);
      expect(status, query).toBe(400);
      const paths = body.error.fields?.map((f) => f.path) ?? [];
      expect(
        paths.some((p) => p === field || p.startsWith(`querystring.${field}`) || p === `querystring.${field}`),
        `${query}: ${JSON.stringify(body.error)}`,
      ).toBe(true);
    }
  });

  it("lists only alerts of the teams the caller may read; a stakeholder's own team's only", async () => {
    const viv = await list('', tokens[VIV]);
    expect(viv.status).toBe(200);
    expect(viv.body.alerts.map((a) => a.summary).sort()).toEqual(['Backup failed', 'Noisy i-1']);
    expect(viv.body.total).toBe(2);
  });

  it("the people directory gives names, ids and emails only, without oncall:read; a team token its team's", async () => {
    const as = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
    expect((await s.api('/api/v1/users', as(tokens[VIV]!))).status).toBe(403);
    const res = await s.api('/api/v1/people', as(tokens[VIV]!));
    expect(res.status).toBe(200);
    const dir = (await res.json()) as PeopleDirectory;
    // A stakeholder sees every team's incident headers, so every team's people.
    expect(dir.people.map((p) => [p.email, p.name])).toEqual([
      [ALEX, 'Alex Adams'],
      [SAM, 'Sam Stone'],
      [VIV, 'Viv Vance'],
    ]);
    for (const p of dir.people) expect(Object.keys(p).sort()).toEqual(['email', 'id', 'name']);
    const users = (await (await s.api('/api/v1/users')).json()) as { users: UserView[] };
    expect(dir.people[1]!.id).toBe(users.users.find((u) => u.email === SAM)!.id);

    // A token limited to storefront sees storefront's people only.
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'storefront-bot', role: 'viewer', team: 'storefront' }),
    });
    expect(t.status).toBe(201);
    const bot = (await (
      await s.api('/api/v1/people', as(((await t.json()) as TokenCreated).token))
    ).json()) as PeopleDirectory;
    expect(bot.people.map((p) => p.email)).toEqual([SAM, VIV]);

    const page = (await (await s.api('/api/v1/people?limit=2')).json()) as PeopleDirectory;
    expect(page.people.map((p) => p.email)).toEqual([ALEX, SAM]);
    const next = (await (
      await s.api(`/api/v1/people?limit=2&cursor=${encodeURIComponent(page.nextCursor!)}`)
    ).json()) as PeopleDirectory;
    expect(next.people.map((p) => p.email)).toEqual([VIV]);
  });
});
