/**
 * Password sign-in (docs/identity.md): an admin creates a person with a password (argon2id, at least 12
 * characters); the person signs in with email and password (any case of the email) and gets a session that
 * is theirs; wrong passwords and unknown emails get the same 401; after 5 attempts for an email from one client
 * the next one from there answers 429 (the limiter in full: sign-in-limiter.test.ts); a person changes their
 * own password; a disabled person cannot sign in and their open session stops.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, SessionInfo, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { postFrom } from '../support/from-address.ts';

const ANN = 'ann@example.com';
const PASSWORD = 'four correct horses on a battery';
const NEW_PASSWORD = 'an even longer passphrase for ann';

describe('password sign-in', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let ann: UserView;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
    const res = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({
        email: 'Ann@Example.com',
        name: 'Ann',
        role: 'responder',
        password: PASSWORD,
        timeZone: 'Europe/Berlin',
      }),
    });
    expect(res.status).toBe(201);
    ann = (await res.json()) as UserView;
  });
  afterAll(() => s.dispose());

  const signIn = (email: string, password: string) =>
    fetch(`${s.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
  const cookieOf = (res: Response) =>
    res.headers
      .getSetCookie()
      .find((c) => c.startsWith('faultline_session='))!
      .split(';')[0]!;

  it('stores the email lower-case and never returns the password or its hash', async () => {
    expect(ann).toMatchObject({ email: ANN, hasPassword: true, role: 'responder', source: 'api' });
    const text = await (await s.api(`/api/v1/users/${ann.id}`)).text();
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain('argon2');
  });

  it('refuses a password shorter than 12 characters, naming the field', async () => {
    const res = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'short@example.com', name: 'Short', password: 'eleven char' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ApiError).error.fields?.map((f) => f.path)).toContain('password');
  });

  it('signs in with email (any case) and password; the session is the person, with their team roles', async () => {
    const res = await signIn('ANN@example.com', PASSWORD);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: ANN, role: 'responder', userId: ann.id });
    const cookie = cookieOf(res);
    const who = (await (await fetch(`${s.url}/api/v1/session`, { headers: { cookie } })).json()) as SessionInfo;
    expect(who).toMatchObject({ name: ANN, role: 'responder', userId: ann.id, tokenTeam: null, scopes: null });
    expect(who.permissions).toContain('incident:respond');
    expect(who.permissions).not.toContain('people:admin');
    const me = (await (await fetch(`${s.url}/api/v1/users/me`, { headers: { cookie } })).json()) as UserView;
    expect(me).toMatchObject({ id: ann.id, timeZone: 'Europe/Berlin' });
  });

  it('a wrong password and an unknown email get the same 401', async () => {
    const wrong = await signIn(ANN, 'not the password at all');
    const unknown = await signIn('nobody@example.com', 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(((await wrong.json()) as ApiError).error.message).toBe(((await unknown.json()) as ApiError).error.message);
  });

  it('after 5 attempts for an email from one client, the next answers 429 there, even with the right password', async () => {
    const from = '127.0.0.2';
    const attempt = (email: string, password: string) => postFrom(from, `${s.url}/api/v1/session`, { email, password });
    for (let i = 0; i < 5; i++) expect((await attempt(ANN, `wrong guess number ${i}`)).status).toBe(401);
    const limited = await attempt(ANN, PASSWORD);
    expect(limited.status).toBe(429);
    expect((JSON.parse(limited.body) as ApiError).error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another email from that client, and the same email from another client, are not affected.
    expect((await attempt('nobody@example.com', 'whatever it may be')).status).toBe(401);
    expect((await signIn(ANN, PASSWORD)).status).toBe(200);
  });

  it('a person changes their own password; the old one stops working', async () => {
    const cookie = cookieOf(await signIn(ANN, PASSWORD));
    const res = await fetch(`${s.url}/api/v1/users/${ann.id}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ password: NEW_PASSWORD }),
    });
    expect(res.status).toBe(200);
    expect((await signIn(ANN, PASSWORD)).status).toBe(401);
    expect((await signIn(ANN, NEW_PASSWORD)).status).toBe(200);
    // …but may not make themselves admin.
    const up = await fetch(`${s.url}/api/v1/users/${ann.id}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin' }),
    });
    expect(up.status).toBe(403);
  });

  it('a disabled person cannot sign in, and their open session stops at once', async () => {
    const cookie = cookieOf(await signIn(ANN, NEW_PASSWORD));
    const off = await s.api(`/api/v1/users/${ann.id}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) });
    expect(off.status).toBe(200);
    expect((await fetch(`${s.url}/api/v1/session`, { headers: { cookie } })).status).toBe(401);
    expect((await signIn(ANN, NEW_PASSWORD)).status).toBe(401);
    await s.api(`/api/v1/users/${ann.id}`, { method: 'PATCH', body: JSON.stringify({ disabled: false }) });
    expect((await signIn(ANN, NEW_PASSWORD)).status).toBe(200);
  });
});
