/**
 * Users and teams (docs/identity.md): config teams and their members are mirrored into the database at start
 * and at every reload (members get a team role, a verified email contact method and default notification
 * rules); API teams and API-made memberships survive reloads; members from the config are changed only in the
 * config; users are validated (lower-case unique email, E.164 phone, IANA time zone).
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sql } from 'drizzle-orm';
import type { ApiError, TeamList, TeamView, UserList, UserView } from '@faultline/contracts';
import { rows } from '../../apps/server/src/db/client.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const configWith = (members: { name: string; email: string; timeZone?: string; role?: string }[]) =>
  stringify({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'b',
          modules: [{ id: 'm', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
        },
      ],
    },
    teams: [{ id: 'payments', name: 'Payments', members }],
    integrations: [{ key: 'users-teams-test', source: 'generic', service: 'pay-api' }],
  });

const ANN = { name: 'Ann', email: 'Ann@Example.com', timeZone: 'Europe/Berlin', role: 'manager' };
const BOB = { name: 'Bob', email: 'bob@example.com' };

describe('users and teams', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;
  const json = async <T>(res: Promise<Response>) => (await (await res).json()) as T;
  const post = (path: string, body: unknown, method = 'POST') => s.api(path, { method, body: JSON.stringify(body) });

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      configYaml: configWith([ANN, BOB]),
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
  });
  afterAll(() => s.dispose());

  it('mirrors config teams: members become users with their team role (default responder)', async () => {
    const { teams } = await json<TeamList>(s.api('/api/v1/teams'));
    expect(teams).toEqual([
      {
        id: 'payments',
        name: 'Payments',
        source: 'config',
        escalationPolicy: null,
        members: [
          expect.objectContaining({ email: 'ann@example.com', name: 'Ann', role: 'manager', source: 'config' }),
          expect.objectContaining({ email: 'bob@example.com', role: 'responder', source: 'config' }),
        ],
      },
    ]);
    const { users } = await json<UserList>(s.api('/api/v1/users'));
    expect(users.find((u) => u.email === 'ann@example.com')).toMatchObject({
      timeZone: 'Europe/Berlin',
      role: 'viewer',
      source: 'config',
    });
  });

  it('gives each synced person without a contact method their email (verified) and rules for both urgencies', async () => {
    const methods = await rows<{ email: string; kind: string; address: string; verified: boolean }>(
      s.rt.db,
      sql`select u.email, c.kind, c.address, c.verified_at is not null as verified
          from contact_methods c join users u on u.id = c.user_id order by u.email`,
    );
    expect(methods).toEqual([
      { email: 'ann@example.com', kind: 'email', address: 'ann@example.com', verified: true },
      { email: 'bob@example.com', kind: 'email', address: 'bob@example.com', verified: true },
    ]);
    const rules = await rows<{ email: string; urgency: string; delay: number }>(
      s.rt.db,
      sql`select u.email, r.urgency, r.delay_minutes as delay
          from notification_rules r join users u on u.id = r.user_id order by u.email, r.urgency`,
    );
    expect(rules).toEqual([
      { email: 'ann@example.com', urgency: 'high', delay: 0 },
      { email: 'ann@example.com', urgency: 'low', delay: 0 },
      { email: 'bob@example.com', urgency: 'high', delay: 0 },
      { email: 'bob@example.com', urgency: 'low', delay: 0 },
    ]);
  });

  it('creates users and API teams, adds, changes and removes members', async () => {
    const carol = await json<UserView>(
      post('/api/v1/users', {
        email: 'Carol@Example.com',
        name: 'Carol',
        phone: '+14155550100',
        timeZone: 'America/New_York',
      }),
    );
    expect(carol).toMatchObject({
      email: 'carol@example.com',
      phone: '+14155550100',
      role: 'responder',
      source: 'api',
    });
    expect((await post('/api/v1/users', { email: 'CAROL@example.com', name: 'Again' })).status).toBe(409);
    const bad = await json<ApiError>(
      post('/api/v1/users', { email: 'x@example.com', name: 'X', timeZone: 'Mars/Olympus' }),
    );
    expect(bad.error.fields?.map((f) => f.path)).toContain('timeZone');
    const badPhone = await json<ApiError>(
      post('/api/v1/users', { email: 'y@example.com', name: 'Y', phone: '0155 555' }),
    );
    expect(badPhone.error.fields?.map((f) => f.path)).toContain('phone');

    const created = await post('/api/v1/teams', { id: 'sre', name: 'SRE' });
    expect(created.status).toBe(201);
    expect((await post('/api/v1/teams', { id: 'sre', name: 'Again' })).status).toBe(409);
    let sre = await json<TeamView>(post('/api/v1/teams/sre/members', { email: 'carol@example.com', role: 'manager' }));
    expect(sre.members).toEqual([
      expect.objectContaining({ email: 'carol@example.com', role: 'manager', source: 'api' }),
    ]);
    sre = await json<TeamView>(post(`/api/v1/teams/sre/members/${carol.id}`, { role: 'viewer' }, 'PATCH'));
    expect(sre.members[0]!.role).toBe('viewer');
    // Carol also joins the config team through the API.
    const pay = await json<TeamView>(
      post('/api/v1/teams/payments/members', { email: 'carol@example.com', role: 'responder' }),
    );
    expect(pay.members.map((m) => m.email)).toEqual(['ann@example.com', 'bob@example.com', 'carol@example.com']);
    const carolNow = await json<UserView>(s.api(`/api/v1/users/${carol.id}`));
    expect(carolNow.teams).toEqual([
      { team: 'payments', role: 'responder' },
      { team: 'sre', role: 'viewer' },
    ]);
    sre = await json<TeamView>(s.api(`/api/v1/teams/sre/members/${carol.id}`, { method: 'DELETE' }));
    expect(sre.members).toEqual([]);
    expect(
      (
        await s.api('/api/v1/teams/nope/members', {
          method: 'POST',
          body: JSON.stringify({ email: 'carol@example.com' }),
        })
      ).status,
    ).toBe(404);
  });

  it('refuses to change members that come from the config (409): the config is their source', async () => {
    const { users } = await json<UserList>(s.api('/api/v1/users'));
    const bob = users.find((u) => u.email === 'bob@example.com')!;
    expect((await s.api(`/api/v1/teams/payments/members/${bob.id}`, { method: 'DELETE' })).status).toBe(409);
    expect((await post(`/api/v1/teams/payments/members/${bob.id}`, { role: 'viewer' }, 'PATCH')).status).toBe(409);
  });

  it('a reload follows the config (removed member, changed role) and keeps API-made teams and members', async () => {
    writeFileSync(join(s.dataDir, 'config.yaml'), configWith([{ ...ANN, name: 'Ann B.', role: 'responder' }]));
    expect((await s.api('/api/v1/config/reload', { method: 'POST' })).status).toBe(200);
    const { teams } = await json<TeamList>(s.api('/api/v1/teams'));
    const payments = teams.find((t) => t.id === 'payments')!;
    expect(payments.members.map((m) => [m.email, m.name, m.role, m.source])).toEqual([
      ['ann@example.com', 'Ann B.', 'responder', 'config'],
      ['carol@example.com', 'Carol', 'responder', 'api'],
    ]);
    expect(teams.map((t) => t.id)).toEqual(['payments', 'sre']);
    // Bob is no longer a member but stays a user; a second reload changes nothing.
    const { users } = await json<UserList>(s.api('/api/v1/users'));
    expect(users.find((u) => u.email === 'bob@example.com')!.teams).toEqual([]);
    expect((await s.api('/api/v1/config/reload', { method: 'POST' })).status).toBe(200);
    const again = await json<TeamList>(s.api('/api/v1/teams'));
    expect(again.teams).toEqual(teams);
    const [count] = await rows<{ n: number }>(s.rt.db, sql`select count(*)::int as n from contact_methods`);
    expect(count!.n).toBe(2);
  });

  it('the CLI creates a user (password from the environment), sets a role, manages a team and reads the audit log', async () => {
    const cli = async (...args: string[]) =>
      (
        await promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
          env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN, FAULTLINE_NEW_PASSWORD: 'a passphrase from the env' },
        })
      ).stdout;
    expect(
      await cli('user', 'create', '--email', 'Dee@Example.com', '--name', 'Dee', '--time-zone', 'Asia/Shanghai'),
    ).toMatch(/dee@example\.com \(responder\) with a password/);
    expect(await cli('user', 'set-role', 'dee@example.com', 'manager')).toContain('dee@example.com is now manager');
    expect(await cli('team', 'create', 'dba', '--name', 'DBA')).toContain('dba (DBA, from api)');
    expect(await cli('team', 'add-member', 'dba', 'dee@example.com', '--role', 'manager')).toMatch(
      /dee@example\.com\s+manager\s+api/,
    );
    expect(await cli('team', 'list')).toContain('dba (DBA, from api)');
    expect(await cli('team', 'remove-member', 'dba', 'dee@example.com')).not.toContain('dee@example.com');
    expect(await cli('user', 'disable', 'dee@example.com')).toContain('dee@example.com is disabled');
    expect(await cli('user', 'list')).toMatch(/dee@example\.com\s+manager\s+Asia\/Shanghai.*disabled/);
    const audit = await cli('audit', '--target-type', 'team', '--target-id', 'dba');
    expect(audit).toMatch(/team-member\.remove\s+team dba/);
    expect(audit).toMatch(/team\.create\s+team dba/);
    const signIn = await fetch(`${s.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dee@example.com', password: 'a passphrase from the env' }),
    });
    expect(signIn.status).toBe(401); // disabled
  });
});
