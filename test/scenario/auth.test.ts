/**
 * Authentication (docs/api.md): the API needs a bearer token or the console's session cookie; sign-in
 * exchanges a token for an HttpOnly cookie, sign-out revokes it; the admin token is never echoed back;
 * `/healthz` is open to probes; `/metrics` needs a token with `metrics:read`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, IncidentList, IncidentPage, SessionInfo } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { SESSION_ABSOLUTE_MS } from '../../apps/server/src/auth/session-lifetime.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const SESSION_COOKIE = 'faultline_session';
const WRONG_TOKEN = 'fl_this-token-was-never-issued-by-this-server';
const diskFull = {
  version: '4',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'DiskFull', service: 'payments-db', severity: 'warning' },
      annotations: { summary: 'Disk almost full' },
    },
  ],
};

/** `faultline_intake_alerts_total{source="alertmanager"}` from a Prometheus text exposition (0 when absent). */
function intakeAlertsTotal(metrics: string): number {
  const line = metrics
    .split('\n')
    .find((l) => l.startsWith('faultline_intake_alerts_total{') && l.includes('source="alertmanager"'));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('authentication: bearer tokens, console sessions, open probes', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let cookie: string; // `faultline_session=<value>` as a browser would send it back
  /** Every response body seen in this file, to check the admin token never leaks. */
  const bodies: string[] = [];

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  async function call(path: string, init: RequestInit = {}): Promise<{ res: Response; text: string }> {
    const res = await fetch(`${s.url}${path}`, init);
    const text = await res.text();
    bodies.push(text);
    return { res, text };
  }
  function expectUnauthorized(r: { res: Response; text: string }): void {
    expect(r.res.status).toBe(401);
    expect((JSON.parse(r.text) as ApiError).error.code).toBe('UNAUTHORIZED');
  }

  it('no token → 401 UNAUTHORIZED on the incident list, the stream and sign-in info', async () => {
    for (const path of ['/api/v1/incidents', '/api/v1/incidents/1', '/api/v1/session', '/api/v1/stream']) {
      const r = await call(path);
      expectUnauthorized(r);
    }
    expectUnauthorized(await call('/api/v1/incidents/1/acknowledge', { method: 'POST' }));
    expectUnauthorized(await call('/api/v1/config/reload', { method: 'POST' }));
  });

  it('a wrong bearer token or a forged session cookie → 401', async () => {
    expectUnauthorized(await call('/api/v1/incidents', { headers: { authorization: `Bearer ${WRONG_TOKEN}` } }));
    expectUnauthorized(await call('/api/v1/incidents', { headers: { cookie: `${SESSION_COOKIE}=${WRONG_TOKEN}` } }));
    expectUnauthorized(await call('/api/v1/incidents', { headers: { authorization: ADMIN_TOKEN } })); // no "Bearer"
  });

  it('the admin bearer token works', async () => {
    const r = await call('/api/v1/incidents', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(r.res.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual<IncidentPage>({ incidents: [], nextCursor: null, total: 0 });
  });

  it('console sign-in (POST /api/v1/session {token}) sets an HttpOnly session cookie that is not the token', async () => {
    const r = await call('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: ADMIN_TOKEN }),
    });
    expect(r.res.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject<SessionInfo>({ name: 'admin', role: 'admin' });
    const setCookie = r.res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(setCookie).toBeDefined();
    const attrs = setCookie!.split(';').map((p) => p.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=lax');
    expect(attrs).toContain('path=/');
    expect(attrs.some((a) => a.startsWith('expires='))).toBe(true);
    // Max-Age, which browsers prefer, is the session's whole lifetime whatever the browser's clock says.
    expect(attrs).toContain(`max-age=${SESSION_ABSOLUTE_MS / 1000}`);
    cookie = setCookie!.split(';')[0]!;
    const value = cookie.slice(SESSION_COOKIE.length + 1);
    expect(value.length).toBeGreaterThanOrEqual(32);
    expect(decodeURIComponent(value)).not.toBe(ADMIN_TOKEN);
    expect(setCookie).not.toContain(ADMIN_TOKEN);
  });

  it('with the cookie, GET /api/v1/session and /api/v1/incidents work', async () => {
    const who = await call('/api/v1/session', { headers: { cookie } });
    expect(who.res.status).toBe(200);
    expect(JSON.parse(who.text)).toMatchObject<SessionInfo>({ name: 'admin', role: 'admin' });
    const list = await call('/api/v1/incidents', { headers: { cookie } });
    expect(list.res.status).toBe(200);
    expect(JSON.parse(list.text)).toHaveProperty('incidents');
  });

  it('DELETE /api/v1/session signs out: the cookie is cleared and no longer works', async () => {
    const out = await call('/api/v1/session', { method: 'DELETE', headers: { cookie } });
    expect(out.res.status).toBe(204);
    const cleared = out.res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
    expect(cleared).toBeDefined();
    expect(cleared!.toLowerCase()).toMatch(/expires=thu, 01 jan 1970|max-age=0/);
    expectUnauthorized(await call('/api/v1/session', { headers: { cookie } }));
    expectUnauthorized(await call('/api/v1/incidents', { headers: { cookie } }));
    // Signing out a session does not revoke the API token it came from.
    expect((await call('/api/v1/incidents', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).res.status).toBe(
      200,
    );
  });

  it('/healthz needs no auth', async () => {
    const r = await call('/healthz');
    expect(r.res.status).toBe(200);
    expect(JSON.parse(r.text)).toMatchObject({ status: 'ok' });
  });

  it("/metrics needs a token with metrics:read (a scraper's token), and counts accepted alerts", async () => {
    expectUnauthorized(await call('/metrics'));
    const created = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'prometheus', role: 'viewer', scopes: ['metrics:read'] }),
    });
    expect(created.status).toBe(201);
    const scraper = { authorization: `Bearer ${((await created.json()) as { token: string }).token}` };
    // The scraper's token opens nothing else.
    expect((await call('/api/v1/users', { headers: scraper })).res.status).toBe(403);

    const before = await call('/metrics', { headers: scraper });
    expect(before.res.status).toBe(200);
    expect(before.res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(before.text).toContain('# TYPE faultline_intake_alerts_total counter');
    expect((await s.post('/api/v1/intake/alertmanager/quickstart', diskFull)).status).toBe(202);
    const after = await call('/metrics', { headers: scraper });
    expect(intakeAlertsTotal(after.text)).toBe(intakeAlertsTotal(before.text) + 1);
    // A token without the scope (a team-limited one) is refused.
    const team = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'payments-bot', role: 'viewer', team: 'payments' }),
    });
    const teamToken = ((await team.json()) as { token: string }).token;
    expect((await call('/metrics', { headers: { authorization: `Bearer ${teamToken}` } })).res.status).toBe(403);
  });

  it('the API docs are served without auth', async () => {
    const r = await call('/api/docs/json');
    expect(r.res.status).toBe(200);
    expect(JSON.parse(r.text)).toHaveProperty('paths./api/v1/incidents');
  });

  it('the admin token never appears in any response body', async () => {
    await s.engine!.drain();
    const list = await call('/api/v1/incidents?status=all', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const [inc] = (JSON.parse(list.text) as IncidentList).incidents;
    await call(`/api/v1/incidents/${inc!.id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await call(`/api/v1/incidents/${inc!.id}/acknowledge`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    await call('/api/v1/session', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    await call('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: ADMIN_TOKEN }),
    });
    await call('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: `${ADMIN_TOKEN}x` }),
    });
    await call('/api/v1/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"token": "${ADMIN_TOKEN}`,
    });
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) expect(body).not.toContain(ADMIN_TOKEN);
  });
});
