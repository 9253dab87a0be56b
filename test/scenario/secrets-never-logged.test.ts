/**
 * Tokens and passwords never appear in logs or API answers (docs/identity.md). A real `faultline serve` child
 * process logs at debug level while people sign in with passwords (right and wrong), tokens are created, used
 * as bearer tokens and session cookies, and revoked; then everything it printed, and every answer it gave
 * (token list, users, audit log included), is searched for each secret.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCreated, UserView } from '@faultline/contracts';
import { freePort, spawnServer, stopChild, waitHealthy, type ServerChild } from '../support/child-server.ts';
import { freshDatabaseUrl } from '../support/server.ts';

const ADMIN_TOKEN = 'secrets-test-admin-token-0123456789';
const PASSWORD = 'my very secret passphrase 4711';
const WRONG_PASSWORD = 'a wrong but also secret guess 0815';
const NEW_PASSWORD = 'the next very secret passphrase 42';

describe('secrets are never logged nor returned', () => {
  let dataDir: string;
  let child: ServerChild;
  /** Every answer body and Set-Cookie header seen. */
  const answers: string[] = [];
  /** Every secret made or used. */
  const secrets = new Set<string>([ADMIN_TOKEN, PASSWORD, WRONG_PASSWORD, NEW_PASSWORD]);
  /** Secrets that are legitimately in one answer: a token in the answer that created it, a cookie in its Set-Cookie. */
  const shownOnce = new Map<string, number>();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'faultline-secrets-'));
    const databaseUrl = await freshDatabaseUrl();
    child = spawnServer(await freePort(), {
      FAULTLINE_DATA_DIR: dataDir,
      FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      FAULTLINE_LOG_LEVEL: 'debug',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    await waitHealthy(child);
  });
  afterAll(async () => {
    if (child) await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(path: string, init: { method?: string; body?: unknown; auth?: string; cookie?: string } = {}) {
    const res = await fetch(`${child.url}${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.auth ? { authorization: `Bearer ${init.auth}` } : {}),
        ...(init.cookie ? { cookie: init.cookie } : {}),
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await res.text();
    answers.push(text, ...res.headers.getSetCookie());
    return { res, text };
  }
  const admin = (path: string, method = 'GET', body?: unknown) => call(path, { method, body, auth: ADMIN_TOKEN });

  it('signs in, makes and uses tokens, and revokes them at debug level', async () => {
    const u = await admin('/api/v1/users', 'POST', {
      email: 'eve@example.com',
      name: 'Eve',
      role: 'manager',
      password: PASSWORD,
    });
    expect(u.res.status).toBe(201);
    const eve = JSON.parse(u.text) as UserView;

    expect(
      (await call('/api/v1/session', { method: 'POST', body: { email: 'eve@example.com', password: WRONG_PASSWORD } }))
        .res.status,
    ).toBe(401);
    const signedIn = await call('/api/v1/session', {
      method: 'POST',
      body: { email: 'eve@example.com', password: PASSWORD },
    });
    expect(signedIn.res.status).toBe(200);
    const cookie = signedIn.res.headers.getSetCookie()[0]!.split(';')[0]!;
    const session = cookie.split('=')[1]!;
    secrets.add(session);
    shownOnce.set(session, 1);

    expect(
      (await call(`/api/v1/users/${eve.id}`, { method: 'PATCH', cookie, body: { password: NEW_PASSWORD } })).res.status,
    ).toBe(200);
    const personal = await call('/api/v1/tokens', {
      method: 'POST',
      cookie,
      body: { name: 'eve cli', role: 'manager' },
    });
    expect(personal.res.status).toBe(201);
    const service = await admin('/api/v1/tokens', 'POST', { name: 'ci', role: 'viewer', scopes: ['incident:read'] });
    const limited = await admin('/api/v1/tokens', 'POST', { name: 'pay-bot', role: 'responder', team: 'payments' });
    const made = [personal, service, limited].map((r) => JSON.parse(r.text) as TokenCreated);
    for (const t of made) {
      secrets.add(t.token);
      shownOnce.set(t.token, 1);
    }
    for (const t of made) expect((await call('/api/v1/session', { auth: t.token })).res.status).toBe(200);
    expect((await call('/api/v1/incidents', { auth: made[0]!.token })).res.status).toBe(200);
    expect((await call('/api/v1/users', { auth: made[2]!.token })).res.status).toBe(403);
    // A token sign-in to the console: its cookie is a new secret.
    const viaToken = await call('/api/v1/session', { method: 'POST', body: { token: made[1]!.token } });
    const cookie2 = viaToken.res.headers.getSetCookie()[0]!.split(';')[0]!.split('=')[1]!;
    secrets.add(cookie2);
    shownOnce.set(cookie2, 1);
    expect((await call('/api/v1/session', { auth: `${made[1]!.token}x` })).res.status).toBe(401);
    expect((await admin(`/api/v1/tokens/${made[1]!.id}`, 'DELETE')).res.status).toBe(200);

    const tokens = await admin('/api/v1/tokens');
    const users = await admin('/api/v1/users');
    const audit = await admin('/api/v1/audit?limit=500');
    expect(JSON.parse(audit.text).entries.length).toBeGreaterThan(4);
    for (const r of [tokens, users, audit]) for (const secret of secrets) expect(r.text).not.toContain(secret);
    expect(users.text).not.toContain('$argon2');
    expect(audit.text).not.toContain('$argon2');
    await call('/api/v1/session', { method: 'DELETE', cookie });
  });

  it('no secret appears in the log; the log did record the activity', async () => {
    const log = child.output();
    expect(log).toContain('"level":20'); // debug lines were written
    expect(log).toContain('password sign-in failed');
    expect(log).toContain('eve@example.com');
    for (const secret of secrets)
      expect(log, `a secret of ${secret.length} characters is in the log`).not.toContain(secret);
    expect(log).not.toContain('$argon2');
  });

  it('no API answer holds a secret, except the one answer that handed it out', async () => {
    for (const secret of secrets) {
      const seen = answers.filter((a) => a.includes(secret)).length;
      expect(seen, `a secret of ${secret.length} characters was returned ${seen} times`).toBe(
        shownOnce.get(secret) ?? 0,
      );
    }
  });
});
