/**
 * The audit log (docs/identity.md): every change made through the identity verbs (users, passwords, teams,
 * memberships, tokens) is recorded with who made it and the record before and after — never a password,
 * hash or token — and read back newest first, by target, page by page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditList, TokenCreated, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const PASSWORD = 'a long and secret passphrase';
const NEW_PASSWORD = 'another long secret passphrase';

describe('audit log', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  let dana: UserView;
  let token: TokenCreated;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
    const post = (path: string, body: unknown, method = 'POST') => s.api(path, { method, body: JSON.stringify(body) });
    dana = (await (
      await post('/api/v1/users', { email: 'dana@example.com', name: 'Dana', password: PASSWORD })
    ).json()) as UserView;
    clock.advance(1000);
    await post(`/api/v1/users/${dana.id}`, { name: 'Dana K.', password: NEW_PASSWORD }, 'PATCH');
    await post('/api/v1/teams', { id: 'sre', name: 'SRE' });
    await post('/api/v1/teams/sre/members', { email: 'dana@example.com', role: 'manager' });
    await post(`/api/v1/teams/sre/members/${dana.id}`, { role: 'responder' }, 'PATCH');
    await s.api(`/api/v1/teams/sre/members/${dana.id}`, { method: 'DELETE' });
    token = (await (
      await post('/api/v1/tokens', { name: 'ci', role: 'viewer', scopes: ['incident:read'] })
    ).json()) as TokenCreated;
    await s.api(`/api/v1/tokens/${token.id}`, { method: 'DELETE' });
  });
  afterAll(() => s.dispose());

  const audit = async (query = '') => (await (await s.api(`/api/v1/audit${query}`)).json()) as AuditList;

  it('records every change, newest first, with the actor', async () => {
    const { entries } = await audit();
    expect(entries.map((e) => e.action)).toEqual([
      'token.revoke',
      'token.create',
      'team-member.remove',
      'team-member.update',
      'team-member.add',
      'team.create',
      'user.password',
      'user.update',
      'user.create',
    ]);
    expect(new Set(entries.map((e) => e.actor))).toEqual(new Set(['admin']));
  });

  it('keeps the record before and after a change', async () => {
    const { entries } = await audit(`?targetType=user&targetId=${dana.id}`);
    const update = entries.find((e) => e.action === 'user.update')!;
    expect(update.before).toMatchObject({ name: 'Dana' });
    expect(update.after).toMatchObject({ name: 'Dana K.' });
    expect(entries.find((e) => e.action === 'user.password')!.after).toEqual({ passwordChanged: true });
    const member = (await audit('?targetType=team&targetId=sre')).entries.find(
      (e) => e.action === 'team-member.update',
    )!;
    expect(member.before).toEqual({ team: 'sre', email: 'dana@example.com', role: 'manager' });
    expect(member.after).toEqual({ team: 'sre', email: 'dana@example.com', role: 'responder' });
  });

  it('never holds a password, a hash or a token', async () => {
    const text = JSON.stringify(await audit('?limit=500'));
    for (const secret of [PASSWORD, NEW_PASSWORD, token.token, ADMIN_TOKEN, '$argon2'])
      expect(text).not.toContain(secret);
    expect(text).not.toMatch(/passwordHash|tokenHash/);
  });

  it('pages with `cursor` and `nextCursor`', async () => {
    const first = await audit('?limit=4');
    expect(first.entries).toHaveLength(4);
    expect(first.nextCursor).not.toBeNull();
    const second = await audit(`?limit=4&cursor=${first.nextCursor}`);
    expect(second.entries[0]!.id).toBeLessThan(first.entries[3]!.id);
    const rest = await audit(`?limit=4&cursor=${second.nextCursor}`);
    expect(rest.entries).toHaveLength(1);
    expect(rest.nextCursor).toBeNull();
  });
});
