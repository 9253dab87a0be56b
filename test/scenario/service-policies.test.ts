/**
 * A service paged through its own escalation policy (issue 12, "link policies to teams and services"): the
 * file names a policy for one service (read-only), and one is linked to another service through the API
 * (`PATCH /api/v1/services/{id}`, the console's and `faultline service policy`'s). An incident on a linked
 * service is paged through the service's policy; another service of the same team through the team's; the
 * simulator says which and why; the on-call lint names a service whose policy exists nowhere; a linked
 * policy cannot be deleted; unlinking falls back to the team's; the link is audited; bad values are 400s
 * naming the field.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type {
  ApiError,
  EscalationPolicyView,
  IncidentList,
  OncallLintReport,
  ServiceList,
  ServiceView,
  SimulationView,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/service-policies';
const ANN = 'ann@example.com'; // the shop team's policy
const CAT = 'cat@example.com'; // the checkout policy, linked to shop-api through the API
const DEE = 'dee@example.com'; // the db policy, named for shop-db in the file

function config(): string {
  const svc = (id: string, extra: Record<string, unknown> = {}) => ({ id, team: 'shop', ...extra });
  return stringify({
    version: 1,
    catalog: {
      businessLines: [
        {
          id: 'commerce',
          modules: [
            {
              id: 'core',
              tier: 'core',
              volume: 'high',
              services: [
                svc('shop-api'),
                svc('shop-web'),
                svc('shop-db', { escalationPolicy: 'db' }),
                svc('shop-legacy', { escalationPolicy: 'ghost' }),
              ],
            },
          ],
        },
      ],
    },
    teams: [
      {
        id: 'shop',
        members: [
          { name: 'Ann Archer', email: ANN },
          { name: 'Cat Cole', email: CAT },
          { name: 'Dee Dunn', email: DEE },
        ],
        escalationPolicy: 'shop',
      },
    ],
    escalationPolicies: [
      { id: 'shop', steps: [{ targets: [{ user: ANN }] }] },
      { id: 'db', steps: [{ targets: [{ user: DEE }] }] },
    ],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'service-policies', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

const alert = (name: string, service: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: name, service, severity: 'critical' },
      annotations: { summary: name },
      startsAt: '2026-11-21T12:00:00Z',
    },
  ],
});

describe('a service paged through its own escalation policy, before its team', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const send = (path: string, method: string, body?: unknown) =>
    s.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = async <T>(res: Response | Promise<Response>) => (await (await res).json()) as T;
  const paged = async (name: string, service: string): Promise<string[]> => {
    expect((await s.post(INTAKE, alert(name, service))).status).toBe(202);
    await s.engine!.drain();
    const list = await json<IncidentList>(s.api('/api/v1/incidents?status=all'));
    const id = list.incidents.find((i) => i.title === name)!.id;
    return [...new Set(email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient))].sort();
  };
  const service = async (id: string) =>
    (await json<ServiceList>(s.api('/api/v1/services'))).services.find((x) => x.id === id)!;
  const simulated = async (svc: string) =>
    (
      await json<SimulationView>(
        send('/api/v1/escalation/simulate', 'POST', { service: svc, level: 'P2', at: '2026-11-21T12:00:00Z' }),
      )
    ).policy;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config() });
  });
  afterAll(async () => {
    if (s) await s.dispose().catch(() => {});
  });

  it("without a link, a service is paged through its team's policy; the file's service policy is used", async () => {
    expect(await service('shop-api')).toEqual({
      id: 'shop-api',
      name: 'shop-api',
      team: 'shop',
      module: 'core',
      businessLine: 'commerce',
      escalationPolicy: null,
      teamPolicy: 'shop',
    });
    expect((await service('shop-db')).escalationPolicy).toEqual({ id: 'db', source: 'config' });
    expect(await paged('Api before', 'shop-api')).toEqual([ANN]);
    expect(await paged('Db from the file', 'shop-db')).toEqual([DEE]);
    expect(await simulated('shop-db')).toEqual({ id: 'db', name: 'db', via: 'service' });
  });

  it("a policy linked to shop-api pages its incidents; shop-web, of the same team, keeps the team's", async () => {
    const created = await send('/api/v1/escalation-policies', 'POST', {
      id: 'checkout',
      team: 'shop',
      steps: [{ targets: [{ user: CAT }] }],
    });
    expect(created.status).toBe(201);
    const linked = await send('/api/v1/services/shop-api', 'PATCH', { escalationPolicy: 'checkout' });
    expect(linked.status).toBe(200);
    expect((await json<ServiceView>(linked)).escalationPolicy).toEqual({ id: 'checkout', source: 'api' });

    expect(await paged('Api linked', 'shop-api')).toEqual([CAT]);
    expect(await paged('Web same team', 'shop-web')).toEqual([ANN]);

    expect(await simulated('shop-api')).toEqual({ id: 'checkout', name: 'checkout', via: 'service' });
    expect(await simulated('shop-web')).toEqual({ id: 'shop', name: 'shop', via: 'team' });

    const policies = await json<{ policies: EscalationPolicyView[] }>(s.api('/api/v1/escalation-policies?limit=100'));
    expect(policies.policies.find((p) => p.id === 'checkout')).toMatchObject({ teams: [], services: ['shop-api'] });
    expect(policies.policies.find((p) => p.id === 'db')).toMatchObject({ services: ['shop-db'] });

    const audit = await json<{ entries: Array<{ action: string; targetId: string; after: unknown }> }>(
      s.api('/api/v1/audit?targetType=service'),
    );
    expect(audit.entries.find((e) => e.action === 'service.policy')).toMatchObject({
      targetId: 'shop-api',
      after: { escalationPolicy: 'checkout' },
    });
  });

  it('the on-call lint names a service whose policy exists nowhere; a linked policy cannot be deleted', async () => {
    const lint = await json<OncallLintReport>(s.api('/api/v1/oncall/lint'));
    expect(lint.findings.filter((f) => f.code === 'unknown-policy').map((f) => f.path)).toEqual([
      'service:shop-legacy.escalationPolicy',
    ]);
    expect(lint.findings.filter((f) => f.code === 'unused-policy').map((f) => f.path)).toEqual([]);
    // The engine passes over the unknown one: the team's policy pages.
    expect(await paged('Legacy', 'shop-legacy')).toEqual([ANN]);

    const del = await send('/api/v1/escalation-policies/checkout', 'DELETE');
    expect(del.status).toBe(409);
    expect((await json<ApiError>(del)).error.message).toContain('service "shop-api"');
  });

  it("unlinking with the CLI falls back to the team's policy", async () => {
    const cli = async (...args: string[]) =>
      (
        await promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
          env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
        })
      ).stdout;
    expect(await cli('service', 'list')).toMatch(/shop-api\s+team shop\s+paged through escalation policy checkout\n/);
    expect(await cli('service', 'policy', 'shop-api', '--none')).toMatch(
      /shop-api\s+team shop\s+paged through team shop's escalation policy shop\n/,
    );
    expect((await service('shop-api')).escalationPolicy).toBeNull();
    expect(await paged('Api unlinked', 'shop-api')).toEqual([ANN]);
  });

  it('a service whose policy the file names is read-only; bad values name the field', async () => {
    const fromFile = await send('/api/v1/services/shop-db', 'PATCH', { escalationPolicy: 'checkout' });
    expect(fromFile.status).toBe(409);
    expect((await json<ApiError>(fromFile)).error.message).toContain('config file');

    const unknown = await send('/api/v1/services/shop-web', 'PATCH', { escalationPolicy: 'nope' });
    expect(unknown.status).toBe(400);
    expect((await json<ApiError>(unknown)).error.fields?.map((f) => f.path)).toEqual(['escalationPolicy']);
    for (const body of [{ escalationPolicy: 7 }, { escalationPolicy: '' }, {}, { escalationPolicy: 'a\u0000b' }]) {
      const bad = await send('/api/v1/services/shop-web', 'PATCH', body);
      expect(bad.status, JSON.stringify(body)).toBe(400);
      expect((await json<ApiError>(bad)).error.fields?.[0]?.path, JSON.stringify(body)).toBe('escalationPolicy');
    }
    expect((await send('/api/v1/services/ghost', 'PATCH', { escalationPolicy: null })).status).toBe(404);
    expect((await service('shop-web')).escalationPolicy).toBeNull();
  });
});
