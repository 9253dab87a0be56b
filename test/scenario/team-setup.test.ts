/**
 * A team set up without the config file (issue 12, "set-up from the console"), through the API the console
 * uses: the file has the team and its service but names no escalation policy for it; a policy is created and
 * linked to the team (`PATCH /api/v1/teams/{id}`), and a person added to the team in the console is paged by
 * the policy's team step together with the file's members. Before: a policy could be linked only in the
 * file ("no team uses it"), and console-added members of a config team were never paged.
 *
 * Also: a team whose policy the file names is read-only (409 pointing at the file); bad values are 400s naming
 * the field; an unknown policy is refused; a linked policy cannot be deleted; unlinking pages the on-call
 * list again; the link is audited.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ApiError, EscalationPolicyView, IncidentList, TeamView, UserView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const INTAKE = '/api/v1/intake/alertmanager/team-setup';
const ANN = 'ann@example.com'; // in the file, on the shop team's on-call list
const BOB = 'bob@example.com'; // in the file, a member of shop but not on call
const DAN = 'dan@example.com'; // made and added in the console

function config(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'shop-api': 'shop', 'web-api': 'web' }),
    teams: [
      {
        id: 'shop',
        name: 'Shop',
        members: [
          { name: 'Ann Archer', email: ANN },
          { name: 'Bob Baker', email: BOB },
        ],
        oncall: [ANN],
      },
      { id: 'web', members: [{ name: 'Ann Archer', email: ANN }], escalationPolicy: 'web' },
    ],
    escalationPolicies: [{ id: 'web', steps: [{ targets: [{ user: ANN }] }] }],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'team-setup', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

const alert = (name: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: name, service: 'shop-api', severity: 'critical' },
      annotations: { summary: name },
      startsAt: '2026-11-21T12:00:00Z',
    },
  ],
});

describe('a team set up in the console: its policy linked, its console-added member paged', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const send = (path: string, method: string, body?: unknown) =>
    s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
  const paged = async (name: string): Promise<string[]> => {
    expect((await s.post(INTAKE, alert(name))).status).toBe(202);
    await s.engine!.drain();
    const list = await json<IncidentList>(s.api('/api/v1/incidents?status=all'));
    const id = list.incidents.find((i) => i.title === name)!.id;
    return [...new Set(email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient))].sort();
  };
  const policyTeams = async (id: string) =>
    (await json<{ policies: EscalationPolicyView[] }>(s.api('/api/v1/escalation-policies?limit=100'))).policies.find(
      (p) => p.id === id,
    )?.teams;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config() });
    // Dan: a user made in the console, with a verified email, added to the file's team by an admin.
    const dan = await json<UserView>(send('/api/v1/users', 'POST', { email: DAN, name: 'Dan Dunn' }));
    const cm = await json<{ id: number }>(
      send(`/api/v1/users/${dan.id}/contact-methods`, 'POST', { kind: 'email', address: DAN }),
    );
    expect((await send(`/api/v1/users/${dan.id}/contact-methods/${cm.id}/send-code`, 'POST')).status).toBe(200);
    const code = /\d{6}/.exec(email.notices.at(-1)!.message.text)![0];
    expect((await send(`/api/v1/users/${dan.id}/contact-methods/${cm.id}/verify`, 'POST', { code })).status).toBe(200);
    expect((await send('/api/v1/teams/shop/members', 'POST', { email: DAN, role: 'responder' })).status).toBe(200);
  });
  afterAll(async () => {
    if (s) await s.dispose().catch(() => {});
  });

  it('with no policy, the team pages its on-call list', async () => {
    expect(await paged('Before')).toEqual([ANN]);
    const shop = await json<TeamView>(s.api('/api/v1/teams/shop'));
    expect(shop.escalationPolicy).toBeNull();
  });

  it('a policy made for the team is linked to it; the team step pages the file members and Dan', async () => {
    const created = await send('/api/v1/escalation-policies', 'POST', {
      id: 'shop-all',
      name: 'Shop, everyone',
      team: 'shop',
      steps: [{ targets: [{ team: 'shop' }] }],
    });
    expect(created.status).toBe(201);
    expect(await policyTeams('shop-all')).toEqual([]);

    const linked = await send('/api/v1/teams/shop', 'PATCH', { escalationPolicy: 'shop-all' });
    expect(linked.status).toBe(200);
    expect((await json<TeamView>(linked)).escalationPolicy).toEqual({ id: 'shop-all', source: 'api' });
    expect(await policyTeams('shop-all')).toEqual(['shop']);
    expect(await paged('Linked')).toEqual([ANN, BOB, DAN]);

    const audit = await json<{ entries: Array<{ action: string; after: unknown }> }>(
      s.api('/api/v1/audit?targetType=team'),
    );
    expect(audit.entries.find((e) => e.action === 'team.policy')?.after).toEqual({ escalationPolicy: 'shop-all' });
  });

  it('a linked policy cannot be deleted; unlinking (here with the CLI) pages the on-call list again', async () => {
    const del = await send('/api/v1/escalation-policies/shop-all', 'DELETE');
    expect(del.status).toBe(409);
    expect((await json<ApiError>(del)).error.message).toContain('team "shop"');
    const cli = async (...args: string[]) =>
      (
        await promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
          env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
        })
      ).stdout;
    expect(await cli('team', 'list')).toContain('shop (Shop, from config)\n  escalation policy shop-all\n');
    expect(await cli('team', 'policy', 'shop', '--none')).not.toContain('escalation policy');
    expect((await json<TeamView>(s.api('/api/v1/teams/shop'))).escalationPolicy).toBeNull();
    expect(await paged('Unlinked')).toEqual([ANN]);
  });

  it('a team whose policy the file names is read-only, pointing at the file; bad values name the field', async () => {
    const web = await json<TeamView>(s.api('/api/v1/teams/web'));
    expect(web.escalationPolicy).toEqual({ id: 'web', source: 'config' });
    const fromFile = await send('/api/v1/teams/web', 'PATCH', { escalationPolicy: 'shop-all' });
    expect(fromFile.status).toBe(409);
    expect((await json<ApiError>(fromFile)).error.message).toContain('config file');

    const unknown = await send('/api/v1/teams/shop', 'PATCH', { escalationPolicy: 'nope' });
    expect(unknown.status).toBe(400);
    expect((await json<ApiError>(unknown)).error.fields?.map((f) => f.path)).toEqual(['escalationPolicy']);
    for (const body of [{ escalationPolicy: 7 }, { escalationPolicy: '' }, {}, { escalationPolicy: 'a\u0000b' }]) {
      const bad = await send('/api/v1/teams/shop', 'PATCH', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((await json<ApiError>(bad)).error.fields?.[0]?.path, JSON.stringify(body)).toBe('escalationPolicy');
    }
    expect((await send('/api/v1/teams/ghost', 'PATCH', { escalationPolicy: null })).status).toBe(404);
  });
});
