/**
 * Team invitations (docs/identity.md, docs/security.md "Who can change whom"): a team's manager invites; the
 * person is emailed a link to the console and joins only when they accept; they may decline; invitations
 * expire after 7 days and can be cancelled by the team's managers; only the invited person answers, and not
 * with a scoped token; an admin adds people directly, audited. The CLI does the same through the API.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { and, eq } from 'drizzle-orm';
import type {
  ApiError,
  InvitationList,
  InvitationView,
  SessionInfo,
  TeamView,
  TokenCreated,
  UserView,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { auditLog } from '../../apps/server/src/audit/tables.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const MAX = 'max@example.com'; // manager of storefront (config)
const VERA = 'vera@example.com'; // responder of payments (config)
const OTTO = 'otto@example.com'; // made by an admin, in no team
const DAY = 86_400_000;

const config = stringify({
  version: 1,
  catalog: coreCatalog({ 'pay-api': 'payments', 'shop-api': 'storefront' }),
  teams: [
    { id: 'payments', members: [{ name: 'Vera', email: VERA, timeZone: 'Europe/Berlin' }], oncall: [VERA] },
    { id: 'storefront', name: 'Storefront', members: [{ name: 'Max', email: MAX, role: 'manager' }], oncall: [MAX] },
  ],
});

describe('team invitations', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const tokens: Record<string, string> = {};
  let otto: UserView;

  const as = async <T = unknown>(who: string, path: string, method = 'GET', body?: unknown) => {
    const res = await fetch(`${s.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${tokens[who]}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
  const invite = (to: string, role = 'responder') =>
    as<InvitationView>(MAX, '/api/v1/teams/storefront/invitations', 'POST', { email: to, role });
  const members = async () =>
    ((await (await s.api('/api/v1/teams/storefront')).json()) as TeamView).members.map((m) => [m.email, m.role]);

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml: config, providers: { email }, engineLoop: false });
    const made = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: OTTO, name: 'Otto', role: 'viewer' }),
    });
    otto = (await made.json()) as UserView;
    for (const [who, role] of [
      [MAX, 'viewer'],
      [VERA, 'viewer'],
      [OTTO, 'viewer'],
    ] as const) {
      const t = await s.api('/api/v1/tokens', {
        method: 'POST',
        body: JSON.stringify({ name: `${who} laptop`, role, user: who }),
      });
      expect(t.status).toBe(201);
      tokens[who] = ((await t.json()) as TokenCreated).token;
    }
  });
  afterAll(() => s.dispose());

  it('a manager invites: nothing changes yet, and the person is emailed a link to the console', async () => {
    const res = await invite(VERA);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      team: 'storefront',
      teamName: 'Storefront',
      email: VERA,
      role: 'responder',
      invitedBy: MAX,
      status: 'pending',
      createdAt: '2026-11-21T12:00:00.000Z',
      expiresAt: '2026-11-28T12:00:00.000Z',
    });
    expect(await members()).toEqual([[MAX, 'manager']]);
    await s.engine!.drain();
    const mail = email.notices.find((n) => n.recipient === VERA);
    expect(mail?.message.subject).toBe(`${MAX} invited you to the team Storefront on Faultline`);
    expect(mail?.message.text).toContain(`${s.url}/people/invitations`);
    expect(mail?.message.text).toContain('as responder');
    expect(mail?.message.text).toContain('The invitation expires on Sat 28 Nov 2026 13:00 (Europe/Berlin).');
    const team = await as<InvitationList>(MAX, '/api/v1/teams/storefront/invitations');
    expect(team.body.invitations.map((i) => i.email)).toEqual([VERA]);
    const mine = await as<InvitationList>(VERA, '/api/v1/invitations');
    expect(mine.body.invitations.map((i) => [i.id, i.team])).toEqual([[res.body.id, 'storefront']]);
  });

  it('only the invited person answers: not the manager, not someone else, not a scoped token', async () => {
    const { body: inv } = await as<InvitationList>(VERA, '/api/v1/invitations');
    const id = inv.invitations[0]!.id;
    expect((await as(MAX, `/api/v1/invitations/${id}/accept`, 'POST')).status).toBe(404);
    expect((await as(OTTO, `/api/v1/invitations/${id}/accept`, 'POST')).status).toBe(404);
    expect((await s.api(`/api/v1/invitations/${id}/accept`, { method: 'POST' })).status).toBe(404); // an admin token
    const scoped = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'vera dashboard', role: 'viewer', user: VERA, scopes: ['incident:read'] }),
    });
    tokens.veraScoped = ((await scoped.json()) as TokenCreated).token;
    expect((await as('veraScoped', `/api/v1/invitations/${id}/accept`, 'POST')).status).toBe(404);
    expect(await members()).toEqual([[MAX, 'manager']]);
  });

  it('accepting adds the membership with the invited role, audited as the person', async () => {
    const { body: inv } = await as<InvitationList>(VERA, '/api/v1/invitations');
    const id = inv.invitations[0]!.id;
    const accepted = await as<InvitationView>(VERA, `/api/v1/invitations/${id}/accept`, 'POST');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', answeredAt: '2026-11-21T12:00:00.000Z' });
    expect(await members()).toEqual([
      [MAX, 'manager'],
      [VERA, 'responder'],
    ]);
    const who = await as<SessionInfo>(VERA, '/api/v1/session');
    expect(who.body.teamRoles).toEqual({ payments: 'responder', storefront: 'responder' });
    const again = await as<ApiError>(VERA, `/api/v1/invitations/${id}/accept`, 'POST');
    expect(again.status).toBe(409);
    const added = await s.rt.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'team-member.add'), eq(auditLog.targetId, 'storefront')));
    expect(added).toEqual([
      expect.objectContaining({
        actor: VERA,
        after: { team: 'storefront', email: VERA, role: 'responder', invitation: id, invitedBy: MAX },
      }),
    ]);
    // Inviting a member is a conflict; the manager changes her role instead.
    expect((await invite(VERA)).status).toBe(409);
  });

  it('declining changes nothing; a cancelled invitation can no longer be accepted', async () => {
    const first = await invite(OTTO, 'viewer');
    expect(first.status).toBe(201);
    const declined = await as<InvitationView>(OTTO, `/api/v1/invitations/${first.body.id}/decline`, 'POST');
    expect(declined.body.status).toBe('declined');
    expect((await as(OTTO, `/api/v1/invitations/${first.body.id}/accept`, 'POST')).status).toBe(409);
    expect((await members()).map(([e]) => e)).not.toContain(OTTO);

    const second = await invite(OTTO, 'viewer');
    expect(second.body.id).not.toBe(first.body.id);
    expect((await as(VERA, `/api/v1/invitations/${second.body.id}`, 'DELETE')).status).toBe(403); // not a manager
    expect((await as(MAX, `/api/v1/invitations/${second.body.id}`, 'DELETE')).status).toBe(204);
    expect((await as(OTTO, `/api/v1/invitations/${second.body.id}/accept`, 'POST')).status).toBe(409);
    expect((await as<InvitationList>(OTTO, '/api/v1/invitations')).body.invitations).toEqual([]);
  });

  it('an invitation expires after 7 days; inviting again gives a fresh one', async () => {
    const inv = await invite(OTTO);
    clock.advance(7 * DAY + 60_000);
    expect((await as<InvitationList>(OTTO, '/api/v1/invitations')).body.invitations).toEqual([]);
    const late = await as<ApiError>(OTTO, `/api/v1/invitations/${inv.body.id}/accept`, 'POST');
    expect(late.status).toBe(412);
    expect(late.body.error.message).toContain('expired');
    const again = await invite(OTTO, 'stakeholder');
    expect(again.body).toMatchObject({ id: inv.body.id, role: 'stakeholder', status: 'pending' });
    expect(Date.parse(again.body.expiresAt) - clock.now().getTime()).toBe(7 * DAY);
    expect((await as(OTTO, `/api/v1/invitations/${inv.body.id}/accept`, 'POST')).status).toBe(200);
    expect(await members()).toContainEqual([OTTO, 'stakeholder']);
  });

  it('refuses unknown and disabled people, naming the field; nobody else reads a team’s invitations', async () => {
    const unknown = await as<ApiError>(MAX, '/api/v1/teams/storefront/invitations', 'POST', {
      email: 'no@example.com',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.fields?.map((f) => f.path)).toEqual(['email']);
    const gone = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'gone@example.com', name: 'Gone' }),
    });
    const goneId = ((await gone.json()) as UserView).id;
    await s.api(`/api/v1/users/${goneId}`, { method: 'PATCH', body: JSON.stringify({ disabled: true }) });
    expect((await invite('gone@example.com')).status).toBe(409);
    // Max manages storefront only.
    expect((await as(MAX, '/api/v1/teams/payments/invitations', 'POST', { email: OTTO })).status).toBe(403);
  });

  it('a manager may not add directly; an admin may, audited as the admin', async () => {
    const other = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'ada@example.com', name: 'Ada' }),
    });
    expect(other.status).toBe(201);
    const direct = await as<ApiError>(MAX, '/api/v1/teams/storefront/members', 'POST', { email: 'ada@example.com' });
    expect(direct.status).toBe(403);
    expect(direct.body.error.message).toContain('invite them instead');
    const admin = await s.api('/api/v1/teams/storefront/members', {
      method: 'POST',
      body: JSON.stringify({ email: 'ada@example.com', role: 'viewer' }),
    });
    expect(admin.status).toBe(200);
    const [row] = await s.rt.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'team-member.add'), eq(auditLog.actor, 'admin')));
    expect(row?.after).toEqual({ team: 'storefront', email: 'ada@example.com', role: 'viewer' });
    // Removing narrows who the team pages: the manager may.
    const ada = ((await other.json()) as UserView).id;
    expect((await as(MAX, `/api/v1/teams/storefront/members/${ada}`, 'DELETE')).status).toBe(200);
    expect(otto.email).toBe(OTTO);
  });

  it('the CLI invites, lists and accepts (a team’s list is the same call with the team id)', async () => {
    const cli = async (token: string, ...args: string[]) =>
      (
        await promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
          env: { ...process.env, FAULTLINE_TOKEN: token },
        })
      ).stdout;
    const made = await s.api('/api/v1/users', {
      method: 'POST',
      body: JSON.stringify({ email: 'cli@example.com', name: 'Cli' }),
    });
    expect(made.status).toBe(201);
    const t = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'cli laptop', role: 'responder', user: 'cli@example.com' }),
    });
    const cliToken = ((await t.json()) as TokenCreated).token;
    const sent = await cli(tokens[MAX]!, 'team', 'invite', 'storefront', 'cli@example.com', '--role', 'viewer');
    const id = /^#(\d+) storefront\s+cli@example\.com\s+viewer\s+pending/.exec(sent)?.[1];
    expect(id, sent).toBeDefined();
    expect(await cli(cliToken, 'team', 'invitations')).toContain(`#${id} storefront`);
    expect(await cli(cliToken, 'team', 'accept', `#${id}`)).toMatch(/accepted/);
    expect(await members()).toContainEqual(['cli@example.com', 'viewer']);
  });
});
