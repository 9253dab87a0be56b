/**
 * Sessions end with what made them (docs/identity.md#sessions, docs/security.md): a console session is bound
 * to the API token it was started from by that token's id, and to its person; revoking the token, disabling
 * the person or changing the password ends it — open live streams included, which the server closes at once —
 * and a session can neither start another session nor outlive its idle (24 h) and absolute (7 days) lifetimes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo, TokenCreated, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { openStream } from '../support/live-stream.ts';
import { waitFor } from '../support/wait.ts';

const HOUR = 3_600_000;
const IDLE_MS = 24 * HOUR;
const ABSOLUTE_MS = 7 * 24 * HOUR;
const PASSWORD = 'a long enough passphrase';

describe('sessions end with the credential that made them', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let people = 0;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  /** A fresh person with a password; their user. */
  async function person(role = 'responder'): Promise<UserView> {
    const res = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({
        email: `person-${++people}@example.com`,
        name: `Person ${people}`,
        role,
        password: PASSWORD,
      }),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as UserView;
  }
  /** A token made by the admin (`user` makes it personal); its id and secret. */
  async function token(body: { name: string; role: string; user?: string }): Promise<TokenCreated> {
    const res = await s.api('/api/v1/tokens', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    return (await res.json()) as TokenCreated;
  }
  const cookieOf = (res: Response) => res.headers.getSetCookie()[0]!.split(';')[0]!;
  async function signIn(body: { token: string } | { email: string; password: string }): Promise<Response> {
    return fetch(`${s.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
  async function sessionFrom(body: { token: string } | { email: string; password: string }): Promise<string> {
    const res = await signIn(body);
    expect(res.status).toBe(200);
    return cookieOf(res);
  }
  const whoAmI = (cookie: string) => fetch(`${s.url}/api/v1/session`, { headers: { cookie } });
  const revoke = async (id: number) =>
    expect((await s.api(`/api/v1/tokens/${id}`, { method: 'DELETE' })).status).toBe(200);
  const patchUser = async (id: number, body: object) =>
    expect((await s.api(`/api/v1/users/${id}`, { method: 'PATCH', body: JSON.stringify(body) })).status).toBe(200);

  it('a session started from a personal token ends when that token is revoked', async () => {
    const ann = await person();
    const t = await token({ name: 'ann laptop', role: 'responder', user: ann.email });
    const cookie = await sessionFrom({ token: t.token });
    expect(((await (await whoAmI(cookie)).json()) as SessionInfo).name).toBe(ann.email);
    await revoke(t.id);
    expect((await whoAmI(cookie)).status).toBe(401);
    expect((await fetch(`${s.url}/api/v1/incidents`, { headers: { cookie } })).status).toBe(401);
  });

  it("an admin token's session ends when it is revoked, even though someone else made a token of the same name", async () => {
    const ops = await token({ name: 'ops', role: 'admin' });
    const cookie = await sessionFrom({ token: ops.token });
    const bob = await person();
    await token({ name: 'ops', role: 'responder', user: bob.email });
    await revoke(ops.id);
    expect((await whoAmI(cookie)).status).toBe(401);
  });

  it('revoking a token ends only the sessions started from it', async () => {
    const cat = await person();
    const first = await token({ name: 'cat desktop', role: 'responder', user: cat.email });
    const second = await token({ name: 'cat desktop', role: 'responder', user: cat.email });
    const fromFirst = await sessionFrom({ token: first.token });
    const fromSecond = await sessionFrom({ token: second.token });
    const byPassword = await sessionFrom({ email: cat.email, password: PASSWORD });
    await revoke(first.id);
    expect((await whoAmI(fromFirst)).status).toBe(401);
    expect((await whoAmI(fromSecond)).status).toBe(200);
    expect((await whoAmI(byPassword)).status).toBe(200);
  });

  it('a session cannot start another session (a stolen cookie cannot renew itself)', async () => {
    const dee = await person();
    const cookie = await sessionFrom({ email: dee.email, password: PASSWORD });
    const secret = decodeURIComponent(cookie.split('=')[1]!);
    const renewed = await signIn({ token: secret });
    expect(renewed.status).toBe(401);
    expect(renewed.headers.getSetCookie()).toEqual([]);
    const ops = await token({ name: 'renewal check', role: 'admin' });
    const fromToken = await sessionFrom({ token: ops.token });
    expect((await signIn({ token: decodeURIComponent(fromToken.split('=')[1]!) })).status).toBe(401);
  });

  it('a session unused for longer than the idle lifetime (24 h) ends', async () => {
    const eve = await person();
    const cookie = await sessionFrom({ email: eve.email, password: PASSWORD });
    const active = await sessionFrom({ email: eve.email, password: PASSWORD });
    clock.advance(IDLE_MS - 60_000);
    expect((await whoAmI(active)).status).toBe(200); // used: its idle lifetime starts again
    clock.advance(2 * 60_000);
    expect((await whoAmI(cookie)).status).toBe(401);
    expect((await whoAmI(active)).status).toBe(200);
  });

  it('a session used every few hours still ends at its absolute lifetime (7 days), cookie included', async () => {
    const fay = await person();
    const res = await signIn({ email: fay.email, password: PASSWORD });
    const cookie = cookieOf(res);
    const expires = /expires=([^;]+)/i.exec(res.headers.getSetCookie()[0]!)![1]!;
    expect(new Date(expires).getTime()).toBe(Math.floor((clock.now().getTime() + ABSOLUTE_MS) / 1000) * 1000);
    const end = clock.now().getTime() + ABSOLUTE_MS;
    while (clock.now().getTime() + 12 * HOUR < end) {
      clock.advance(12 * HOUR);
      expect((await whoAmI(cookie)).status).toBe(200);
    }
    clock.advance(end - clock.now().getTime());
    expect((await whoAmI(cookie)).status).toBe(401);
  });

  it('disabling a person ends their sessions for good: enabling them again does not bring them back', async () => {
    const gus = await person();
    const cookie = await sessionFrom({ email: gus.email, password: PASSWORD });
    await patchUser(gus.id, { disabled: true });
    expect((await whoAmI(cookie)).status).toBe(401);
    await patchUser(gus.id, { disabled: false });
    expect((await whoAmI(cookie)).status).toBe(401);
    expect((await signIn({ email: gus.email, password: PASSWORD })).status).toBe(200);
  });

  it("changing one's password ends one's other sessions and keeps the one that changed it", async () => {
    const hal = await person();
    const here = await sessionFrom({ email: hal.email, password: PASSWORD });
    const elsewhere = await sessionFrom({ email: hal.email, password: PASSWORD });
    const res = await fetch(`${s.url}/api/v1/users/${hal.id}`, {
      method: 'PATCH',
      headers: { cookie: here, 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'another long passphrase' }),
    });
    expect(res.status).toBe(200);
    expect((await whoAmI(here)).status).toBe(200);
    expect((await whoAmI(elsewhere)).status).toBe(401);
  });

  describe('live streams are closed when their credential ends', () => {
    it('a session stream closes when the token the session came from is revoked', async () => {
      const ivy = await person();
      const t = await token({ name: 'ivy tablet', role: 'responder', user: ivy.email });
      const stream = await openStream(s.url, { cookie: await sessionFrom({ token: t.token }) });
      expect(stream.status).toBe(200);
      await revoke(t.id);
      await waitFor('the stream to be closed', async () => stream.ended(), 3_000);
      await stream.close();
    });

    it("a bearer token's stream closes when the token is revoked", async () => {
      const ops = await token({ name: 'wallboard', role: 'viewer' });
      const stream = await openStream(s.url, { authorization: `Bearer ${ops.token}` });
      expect(stream.status).toBe(200);
      await revoke(ops.id);
      await waitFor('the stream to be closed', async () => stream.ended(), 3_000);
      await stream.close();
    });

    it("a person's streams close when the person is disabled", async () => {
      const jo = await person();
      const t = await token({ name: 'jo cli', role: 'responder', user: jo.email });
      const bySession = await openStream(s.url, { cookie: await sessionFrom({ email: jo.email, password: PASSWORD }) });
      const byToken = await openStream(s.url, { authorization: `Bearer ${t.token}` });
      const other = await person();
      const bystander = await openStream(s.url, {
        cookie: await sessionFrom({ email: other.email, password: PASSWORD }),
      });
      await patchUser(jo.id, { disabled: true });
      await waitFor('both of her streams to be closed', async () => bySession.ended() && byToken.ended(), 3_000);
      // Someone else's stream is not touched, and still delivers.
      expect(bystander.ended()).toBe(false);
      const sent = await s.post('/api/v1/intake/alertmanager/quickstart', {
        version: '4',
        alerts: [{ status: 'firing', labels: { alertname: 'StreamCheck', service: 'payments-db' } }],
      });
      expect(sent.status).toBe(202);
      await s.engine!.drain();
      await waitFor('a message on the bystander stream', async () => bystander.messages.length > 0, 5_000);
      expect(bySession.messages).toEqual([]);
      await Promise.all([bySession.close(), byToken.close(), bystander.close()]);
    });
  });
});
