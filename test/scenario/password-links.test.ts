/**
 * Password links (issue 12: "users created in the console cannot set a password and get no invitation"): an
 * admin makes a user with `invite: true`, the person gets an email with a link, sets a password with its
 * token and signs in; a link works once and not after it expires; a reset is asked for by email and answers
 * the same for an unknown address; bad values are 400s naming the field; every step is audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ApiError, UserInvited, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const EVE = 'eve@example.com';
const PASSWORD = 'correct horse battery staple';

describe('password links: invitation, set password, reset', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let eve: UserView;
  const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
  const post = (path: string, body: unknown) => s.api(path, { method: 'POST', body: JSON.stringify(body) });
  /** A public call: no token, no cookie. */
  const anon = (path: string, body: unknown) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const signIn = (password: string) => anon('/api/v1/session', { email: EVE, password });
  /** The token of the last link emailed to `to`. */
  const lastLink = async (to: string) => {
    await s.engine!.drain();
    const mail = email.notices.filter((n) => n.recipient === to).at(-1);
    const link = /https?:\/\/\S+\/set-password\?token=([\w-]+)/.exec(mail?.message.text ?? '');
    expect(link, mail?.message.text).not.toBeNull();
    return { subject: mail!.message.subject, text: mail!.message.text, url: link![0], token: link![1]! };
  };

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email },
      engineLoop: false,
      configYaml: stringify({ version: 1, teams: [] }),
    });
  });
  afterAll(async () => {
    if (s) await s.dispose().catch(() => {});
  });

  it('an admin makes Eve with an invitation: she is emailed a link, valid 7 days, in her zone', async () => {
    const res = await post('/api/v1/users', { email: EVE, name: 'Eve Evans', timeZone: 'Asia/Tokyo', invite: true });
    expect(res.status).toBe(201);
    eve = await json<UserView>(res);
    expect(eve.hasPassword).toBe(false);
    const mail = await lastLink(EVE);
    expect(mail.subject).toBe('admin made you a Faultline account');
    expect(mail.url.startsWith(`${s.url}/set-password?token=`)).toBe(true);
    expect(mail.text).toContain('until Sat 28 Nov 2026 21:00 (Asia/Tokyo)');
    // Without a password she cannot sign in yet.
    expect((await signIn(PASSWORD)).status).toBe(401);
  });

  it('the link sets her password once; she signs in with it', async () => {
    const { token } = await lastLink(EVE);
    const short = await anon('/api/v1/password/set', { token, password: 'short' });
    expect(short.status).toBe(400);
    expect((await json<ApiError>(short)).error.fields?.map((f) => f.path)).toEqual(['password']);

    const set = await anon('/api/v1/password/set', { token, password: PASSWORD });
    expect(set.status).toBe(200);
    expect(await json(set)).toEqual({ email: EVE });
    expect((await signIn(PASSWORD)).status).toBe(200);
    // The link reached her there: her email is a verified contact method, paged for both urgencies.
    const { contactMethods } = await json<{
      contactMethods: Array<{ kind: string; address: string; verified: boolean; label: string | null }>;
    }>(s.api(`/api/v1/users/${eve.id}/contact-methods`));
    expect(contactMethods).toEqual([
      expect.objectContaining({
        kind: 'email',
        address: EVE,
        verified: true,
        label: 'email (from the set-password link)',
      }),
    ]);

    const again = await anon('/api/v1/password/set', { token, password: 'another long passphrase' });
    expect(again.status).toBe(400);
    const error = (await json<ApiError>(again)).error;
    expect(error.message).toBe('this link was used already: ask for a new one');
    expect(error.fields?.map((f) => f.path)).toEqual(['token']);
  });

  it('a new invitation replaces the old link; a link does nothing after it expired', async () => {
    const first = await json<UserInvited>(post(`/api/v1/users/${eve.id}/invite`, {}));
    expect(first.expiresAt).toBe('2026-11-28T12:00:00.000Z');
    const old = (await lastLink(EVE)).token;
    await post(`/api/v1/users/${eve.id}/invite`, {});
    const fresh = (await lastLink(EVE)).token;
    expect(fresh).not.toBe(old);
    expect((await json<ApiError>(anon('/api/v1/password/set', { token: old, password: PASSWORD }))).error.message).toBe(
      'this link was used already: ask for a new one',
    );
    clock.advance(7 * 86_400_000);
    expect(
      (await json<ApiError>(anon('/api/v1/password/set', { token: fresh, password: PASSWORD }))).error.message,
    ).toBe('this link has expired: ask for a new one');
  });

  it('a reset is asked for by email: the same answer for an unknown address, a link for Eve', async () => {
    const before = email.notices.length;
    const unknown = await anon('/api/v1/password/reset', { email: 'nobody@example.com' });
    expect(unknown.status).toBe(202);
    await s.engine!.drain();
    expect(email.notices.length).toBe(before);

    const res = await anon('/api/v1/password/reset', { email: 'EVE@example.com' });
    expect(res.status).toBe(202);
    expect(await json(res)).toEqual(await json(unknown));
    const mail = await lastLink(EVE);
    expect(mail.subject).toBe('Reset your Faultline password');
    // A second ask within a minute sends nothing more.
    await anon('/api/v1/password/reset', { email: EVE });
    await s.engine!.drain();
    expect(email.notices.filter((n) => n.recipient === EVE && n.message.subject.startsWith('Reset'))).toHaveLength(1);

    const newPassword = 'a brand new passphrase';
    expect((await anon('/api/v1/password/set', { token: mail.token, password: newPassword })).status).toBe(200);
    expect((await signIn(PASSWORD)).status).toBe(401);
    expect((await signIn(newPassword)).status).toBe(200);
  });

  it('bad values are 400s naming the field; invite with a password is refused; all audited', async () => {
    for (const [path, body, field] of [
      ['/api/v1/password/reset', { email: 'not an email' }, 'email'],
      ['/api/v1/password/reset', {}, 'email'],
      ['/api/v1/password/set', { password: PASSWORD }, 'token'],
      ['/api/v1/password/set', { token: 'x'.repeat(43), password: 'a\u0000b'.repeat(5) }, 'password'],
    ] as const) {
      const res = await anon(path, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json<ApiError>(res)).error.fields?.[0]?.path, JSON.stringify(body)).toBe(field);
    }
    const both = await post('/api/v1/users', {
      email: 'fay@example.com',
      name: 'Fay',
      password: PASSWORD,
      invite: true,
    });
    expect(both.status).toBe(400);
    expect((await json<ApiError>(both)).error.fields?.map((f) => f.path)).toEqual(['invite']);
    expect((await post('/api/v1/users/99999/invite', {})).status).toBe(404);

    const audit = await json<{ entries: Array<{ action: string }> }>(
      s.api(`/api/v1/audit?targetType=user&targetId=${eve.id}`),
    );
    const actions = audit.entries.map((e) => e.action);
    for (const a of ['user.create', 'user.invite', 'user.password-set', 'user.password-reset-requested'])
      expect(actions, a).toContain(a);
  });
});
