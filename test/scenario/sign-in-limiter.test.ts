/**
 * The failed-sign-in limiter (docs/identity.md#password, docs/security.md): attempts are counted per account
 * and client (5 in 15 minutes) and per client across accounts (100 unsuccessful in an hour), in the database — so a flood
 * of invented emails cannot push an account's count out, a restart does not reset it, and nodes sharing a
 * PostgreSQL share it — and an attacker's failures never refuse the account's owner on another client.
 * Clients are told apart by their address (here several loopback addresses), or by X-Forwarded-For when
 * FAULTLINE_TRUST_PROXY names the proxy.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { postFrom, type Answer } from '../support/from-address.ts';

const PASSWORD = 'the right passphrase, at last';
const FLOOD = 10_001;

describe('failed sign-ins are limited per account and client, and per client', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let dataDir: string;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
    dataDir = s.dataDir;
    for (const name of ['ann', 'bob', 'cal', 'dot']) {
      const res = await s.api('/api/v1/users', {
        method: 'POST',
        body: JSON.stringify({ email: `${name}@example.com`, name, role: 'responder', password: PASSWORD }),
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await s.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (server: TestServer, from: string, email: string, password: string, headers = {}) =>
    postFrom(from, `${server.url}/api/v1/session`, { email, password }, headers);
  const code = (a: Answer) => (JSON.parse(a.body) as ApiError).error.code;
  const retryAfter = (a: Answer) => Number(a.headers['retry-after']);

  it('5 failures lock that client out of that account only: the owner signs in from elsewhere', async () => {
    const attacker = '127.0.0.2';
    for (let i = 0; i < 5; i++)
      expect((await signIn(s, attacker, 'ann@example.com', `guess ${i} wrong`)).status).toBe(401);
    const refused = await signIn(s, attacker, 'ann@example.com', PASSWORD);
    expect(refused.status).toBe(429);
    // The owner, on her own machine, is not locked out by someone else's guesses.
    expect((await signIn(s, '127.0.0.3', 'ann@example.com', PASSWORD)).status).toBe(200);
    expect(code(refused)).toBe('RATE_LIMITED');
    expect(retryAfter(refused)).toBeGreaterThan(14 * 60);
    expect(retryAfter(refused)).toBeLessThanOrEqual(15 * 60);
    // The attacker may still try other accounts (within the per-client budget).
    expect((await signIn(s, attacker, 'bob@example.com', 'not bob either')).status).toBe(401);
  });

  it('a success clears the count of that account and client', async () => {
    const laptop = '127.0.0.4';
    for (let i = 0; i < 4; i++) expect((await signIn(s, laptop, 'cal@example.com', `typo ${i} here`)).status).toBe(401);
    expect((await signIn(s, laptop, 'cal@example.com', PASSWORD)).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await signIn(s, laptop, 'cal@example.com', `typo ${i} again`)).status).toBe(401);
    expect((await signIn(s, laptop, 'cal@example.com', PASSWORD)).status).toBe(429);
  });

  it(`${FLOOD} sign-ins with invented emails do not flush an account's count; the client's budget runs out at 100`, async () => {
    const attacker = '127.0.0.5';
    for (let i = 0; i < 5; i++)
      expect((await signIn(s, attacker, 'dot@example.com', `guess ${i} wrong`)).status).toBe(401);
    expect((await signIn(s, attacker, 'dot@example.com', PASSWORD)).status).toBe(429);
    const statuses: Record<number, number> = {};
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < FLOOD) {
          const i = next++;
          const a = await signIn(s, attacker, `invented-${i}@example.com`, 'whatever it is');
          statuses[a.status] = (statuses[a.status] ?? 0) + 1;
        }
      }),
    );
    // 6 of the client's 100 unsuccessful attempts went on dot (5 failed, 1 refused).
    expect(statuses).toEqual({ 401: 94, 429: FLOOD - 94 });
    const still = await signIn(s, attacker, 'dot@example.com', PASSWORD);
    expect(still.status).toBe(429);
    const budget = await signIn(s, attacker, 'ann@example.com', PASSWORD);
    expect(budget.status).toBe(429);
    expect(retryAfter(budget)).toBeGreaterThan(50 * 60);
    expect(retryAfter(budget)).toBeLessThanOrEqual(60 * 60);
    // Another client is not affected by this one's budget.
    expect((await signIn(s, '127.0.0.6', 'invented-0@example.com', 'whatever it is')).status).toBe(401);
  }, 240_000); // a flood of 10,001 requests: give it time on a busy machine

  it('the counts are kept in the database: another node (or a restart) sees them', async () => {
    const attacker = '127.0.0.7';
    for (let i = 0; i < 5; i++)
      expect((await signIn(s, attacker, 'bob@example.com', `guess ${i} wrong`)).status).toBe(401);
    const databaseUrl = s.env.DATABASE_URL;
    if (databaseUrl) {
      // PostgreSQL: a second node on the same database.
      const other = await startTestServer({
        clock,
        databaseUrl,
        providers: { email: recordingProvider() },
        engineLoop: false,
      });
      try {
        expect((await signIn(other, attacker, 'bob@example.com', PASSWORD)).status).toBe(429);
        expect((await signIn(other, '127.0.0.8', 'bob@example.com', PASSWORD)).status).toBe(200);
      } finally {
        await other.stop();
      }
    } else {
      // Embedded: the same data folder after a restart.
      await s.stop();
      s = await startTestServer({ clock, dataDir, providers: { email: recordingProvider() }, engineLoop: false });
      expect((await signIn(s, attacker, 'bob@example.com', PASSWORD)).status).toBe(429);
      expect((await signIn(s, '127.0.0.8', 'bob@example.com', PASSWORD)).status).toBe(200);
    }
  });
});

describe('behind a reverse proxy (FAULTLINE_TRUST_PROXY)', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let proxied: TestServer;
  let direct: TestServer;

  beforeAll(async () => {
    proxied = await startTestServer({
      clock,
      env: { FAULTLINE_TRUST_PROXY: '127.0.0.9' },
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
    direct = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
    for (const server of [proxied, direct]) {
      const res = await server.api('/api/v1/users', {
        method: 'POST',
        body: JSON.stringify({ email: 'eva@example.com', name: 'Eva', role: 'responder', password: PASSWORD }),
      });
      expect(res.status).toBe(201);
    }
  });
  afterAll(async () => {
    await proxied.dispose();
    await direct.dispose();
  });

  const signIn = (server: TestServer, from: string, forwardedFor: string, password: string) =>
    postFrom(
      from,
      `${server.url}/api/v1/session`,
      { email: 'eva@example.com', password },
      {
        'x-forwarded-for': forwardedFor,
      },
    );

  it('the client is the address the trusted proxy forwards for', async () => {
    for (let i = 0; i < 5; i++)
      expect((await signIn(proxied, '127.0.0.9', '203.0.113.7', `guess ${i} wrong`)).status).toBe(401);
    expect((await signIn(proxied, '127.0.0.9', '203.0.113.7', PASSWORD)).status).toBe(429);
    expect((await signIn(proxied, '127.0.0.9', '198.51.100.20', PASSWORD)).status).toBe(200);
  });

  it('X-Forwarded-For from anyone else is ignored, so inventing it does not dodge the limiter', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await signIn(direct, '127.0.0.10', `203.0.113.${i}`, `guess ${i} wrong`)).status).toBe(401);
    }
    expect((await signIn(direct, '127.0.0.10', '198.51.100.20', PASSWORD)).status).toBe(429);
    // Nor on the proxied server, from an address that is not the proxy.
    for (let i = 0; i < 5; i++) {
      expect((await signIn(proxied, '127.0.0.11', `192.0.2.${i}`, `guess ${i} wrong`)).status).toBe(401);
    }
    expect((await signIn(proxied, '127.0.0.11', '192.0.2.200', PASSWORD)).status).toBe(429);
  });
});
