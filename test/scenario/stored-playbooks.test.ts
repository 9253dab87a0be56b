/**
 * Playbooks saved through the API (issue 9 point 5; docs/recovery.md "Saving playbooks"): a playbook stored
 * as YAML is matched and offered on an incident at once and its step can be run; a replacement is offered
 * instead (an automation sent without its secret keeps the stored one); a deleted one is no longer offered;
 * a config playbook is read-only (409); bad input answers 400 naming the field; a viewer gets 403 and a team
 * manager may edit only their team's playbooks, as for escalation policies; every change is audited without
 * the automation's secret.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { stringify } from 'yaml';
import type {
  ApiError,
  AuditList,
  IncidentList,
  IncidentPlaybooks,
  PlaybookList,
  PlaybookSummary,
  TokenCreated,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { storedPlaybooks } from '../../apps/server/src/recovery/tables.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/stored-playbooks';
const SECRET = 'stored-playbook-secret-0123';

const STORED_YAML = [
  'id: checkout-stored',
  'name: Checkout (saved in the console)',
  'match: { services: [checkout-api] }',
  'steps:',
  '  - id: restart-self',
  '    method: restart',
  '    guidance: Restart the checkout-api pods',
  '  - id: roll-back',
  '    method: rollback',
  '    guidance: Roll back the last deploy',
  `    automation: { url: "http://127.0.0.1:9/rollback", secret: ${SECRET} }`,
].join('\n');

describe('playbooks saved through the API', () => {
  const clock = new FakeClock('2026-12-02T10:00:00Z');
  let s: TestServer;
  let incidentId: number;
  let viewer: string;
  let payManager: string;

  const call = (method: string, path: string, body?: unknown, token?: string) =>
    s.api(path, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  const fields = async (res: Response) => ((await res.json()) as ApiError).error.fields?.map((f) => f.path) ?? [];
  const offered = async () =>
    ((await (await s.api(`/api/v1/incidents/${incidentId}/playbooks`)).json()) as IncidentPlaybooks).playbooks;

  beforeAll(async () => {
    const configYaml = stringify({
      version: 1,
      catalog: {
        businessLines: [
          {
            id: 'commerce',
            modules: [
              {
                id: 'checkout',
                tier: 'core',
                volume: 'high',
                services: [
                  { id: 'checkout-api', team: 'payments', dependsOn: ['payments-db'] },
                  { id: 'payments-db', team: 'payments' },
                ],
              },
            ],
          },
        ],
      },
      teams: [{ id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }], oncall: ['ana@example.com'] }],
      levels: {
        templates: false,
        rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
      },
      integrations: [{ key: 'stored-playbooks', source: 'alertmanager', routeByLabel: 'service' }],
      playbooks: [
        {
          id: 'from-file',
          match: { services: ['checkout-api'] },
          steps: [{ id: 'x', method: 'custom', guidance: 'x' }],
        },
      ],
    });
    s = await startTestServer({ clock, configYaml, providers: { email: recordingProvider() }, engineLoop: false });
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="CheckoutErrors"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'critical' },
          annotations: {},
          startsAt: '2026-12-02T09:59:00Z',
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    incidentId = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents[0]!.id;
    const token = async (body: object) =>
      ((await (await call('POST', '/api/v1/tokens', body)).json()) as TokenCreated).token;
    viewer = await token({ name: 'viewer', role: 'viewer' });
    payManager = await token({ name: 'payments-manager', role: 'manager', team: 'payments' });
  });
  afterAll(async () => {
    await s?.dispose();
  });

  it('a playbook saved as YAML is listed, matched and offered on the incident, and its step runs', async () => {
    expect((await offered()).map((p) => p.id)).toEqual(['from-file']);
    const res = await call('POST', '/api/v1/playbooks', { yaml: STORED_YAML });
    expect(res.status).toBe(201);
    const text = await res.text();
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text) as PlaybookSummary).toMatchObject({
      id: 'checkout-stored',
      source: 'api',
      team: null,
      updatedAt: '2026-12-02T10:00:00.000Z',
    });
    const list = (await (await s.api('/api/v1/playbooks')).json()) as PlaybookList;
    expect(list.playbooks.map((p) => [p.id, p.source])).toEqual([
      ['from-file', 'config'],
      ['checkout-stored', 'api'],
    ]);
    const mine = await offered();
    expect(mine.map((p) => p.id)).toEqual(['from-file', 'checkout-stored']);
    expect(mine[1]!.steps[0]).toMatchObject({
      stepId: 'restart-self',
      targets: ['checkout-api'],
      status: 'not_started',
    });
    const run = await call('POST', `/api/v1/incidents/${incidentId}/playbooks/checkout-stored/steps/restart-self/run`);
    expect(run.status).toBe(200);
    expect((await offered())[1]!.steps[0]).toMatchObject({ status: 'done' });
    // The same id again is a conflict, not a second copy.
    expect((await call('POST', '/api/v1/playbooks', { yaml: STORED_YAML })).status).toBe(409);
  });

  it('a replacement is offered at once; an automation sent without its secret keeps the stored one', async () => {
    const current = (await (await s.api('/api/v1/playbooks/checkout-stored')).json()) as PlaybookSummary;
    expect(current.yaml).not.toContain(SECRET);
    expect(current.yaml).toContain('http://127.0.0.1:9/rollback');
    clock.advance(60_000);
    const res = await call('PUT', '/api/v1/playbooks/checkout-stored', {
      yaml: current.yaml.replace('Checkout (saved in the console)', 'Checkout, edited'),
    });
    expect(res.status).toBe(200);
    expect((await res.json()) as PlaybookSummary).toMatchObject({
      name: 'Checkout, edited',
      updatedAt: '2026-12-02T10:01:00.000Z',
    });
    expect((await offered()).find((p) => p.id === 'checkout-stored')!.name).toBe('Checkout, edited');
    const [row] = await s.rt.db.select().from(storedPlaybooks).where(eq(storedPlaybooks.id, 'checkout-stored'));
    expect(JSON.stringify(row!.body)).toContain(SECRET);
    // JSON bodies work too; the path id must agree with the body's.
    const moved = await call('PUT', '/api/v1/playbooks/checkout-stored', { id: 'other', steps: [] });
    expect(moved.status).toBe(400);
    expect(await fields(moved)).toContain('id');
  });

  it('a config playbook is read-only here', async () => {
    const put = await call('PUT', '/api/v1/playbooks/from-file', {
      steps: [{ id: 'x', method: 'custom', guidance: 'changed' }],
    });
    expect(put.status).toBe(409);
    expect(((await put.json()) as ApiError).error.message).toContain('config file');
    expect((await call('DELETE', '/api/v1/playbooks/from-file')).status).toBe(409);
    const create = await call('POST', '/api/v1/playbooks', {
      id: 'from-file',
      steps: [{ id: 'x', method: 'custom', guidance: 'x' }],
    });
    expect(create.status).toBe(409);
    expect((await call('GET', '/api/v1/playbooks/from-file')).status).toBe(200);
    expect((await call('PUT', '/api/v1/playbooks/nope', { steps: [] })).status).toBe(404);
  });

  it('bad input answers 400 naming the field, and stores nothing', async () => {
    const cases: Array<[unknown, string]> = [
      [{ yaml: 'id: a\nsteps: [{ id: s, method: reboot, guidance: x }]' }, 'steps.0.method'],
      [
        { id: 'a', match: { services: ['billing-api'] }, steps: [{ id: 's', method: 'custom', guidance: 'x' }] },
        'match.services.0',
      ],
      [{ id: 'a', steps: [{ id: 's', method: 'restart', guidance: 'x', target: 'ledger-db' }] }, 'steps.0.target'],
      [{ id: 'a', steps: [] }, 'steps'],
      [{ id: 'a', team: 'Not A Team', steps: [{ id: 's', method: 'custom', guidance: 'x' }] }, 'team'],
      [{ id: 'change-rollback', steps: [{ id: 's', method: 'custom', guidance: 'x' }] }, 'id'],
      [{ yaml: 'id: [unclosed' }, 'yaml'],
      [{ yaml: '- a list' }, 'yaml'],
      [{ id: 'a', steps: [{ id: 's', method: 'custom', guidance: 'nul \u0000 here' }] }, 'steps.0.guidance'],
    ];
    for (const [body, field] of cases) {
      const res = await call('POST', '/api/v1/playbooks', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await fields(res), JSON.stringify(body)).toContain(field);
    }
    const ids = ((await (await s.api('/api/v1/playbooks')).json()) as PlaybookList).playbooks.map((p) => p.id);
    expect(ids).toEqual(['from-file', 'checkout-stored']);
  });

  it('a viewer gets 403; a team manager edits only their team playbooks', async () => {
    const body = { id: 'pay', team: 'payments', steps: [{ id: 's', method: 'custom', guidance: 'x' }] };
    expect((await call('POST', '/api/v1/playbooks', body, viewer)).status).toBe(403);
    expect((await call('DELETE', '/api/v1/playbooks/checkout-stored', undefined, viewer)).status).toBe(403);
    expect((await call('GET', '/api/v1/playbooks', undefined, viewer)).status).toBe(200);
    // checkout-stored belongs to no team: a team manager may not touch it.
    expect((await call('DELETE', '/api/v1/playbooks/checkout-stored', undefined, payManager)).status).toBe(403);
    expect((await call('POST', '/api/v1/playbooks', { ...body, team: undefined }, payManager)).status).toBe(403);
    expect((await call('POST', '/api/v1/playbooks', body, payManager)).status).toBe(201);
    expect((await call('PUT', '/api/v1/playbooks/pay', { ...body, name: 'Pay' }, payManager)).status).toBe(200);
    expect((await call('DELETE', '/api/v1/playbooks/pay', undefined, payManager)).status).toBe(204);
  });

  it('a deleted playbook is no longer offered; every change is audited without the secret', async () => {
    expect((await call('DELETE', '/api/v1/playbooks/checkout-stored')).status).toBe(204);
    expect((await call('DELETE', '/api/v1/playbooks/checkout-stored')).status).toBe(404);
    // No longer offered; the step already run stays on the incident's timeline.
    const after = await offered();
    expect(after.map((p) => p.id)).toEqual(['from-file']);
    const audit = await s.api('/api/v1/audit?targetType=playbook&targetId=checkout-stored');
    const text = await audit.text();
    expect(text).not.toContain(SECRET);
    const actions = (JSON.parse(text) as AuditList).entries.map((e) => e.action);
    expect(actions).toEqual(['playbook.delete', 'playbook.update', 'playbook.create']);
  });

  it('the CLI saves a playbook from a YAML file, replaces it, lists it and deletes it', async () => {
    const cli = (...args: string[]) =>
      promisify(execFile)('node_modules/.bin/node', ['apps/server/src/cli/main.ts', ...args, '--url', s.url], {
        env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
      });
    const file = join(s.dataDir, 'db-playbook.yaml');
    writeFileSync(
      file,
      'id: db-cli\nmatch: { services: [payments-db] }\nsteps: [{ id: s, method: scale, guidance: Add replicas }]\n',
    );
    expect((await cli('playbook', 'save', file)).stdout).toBe('stored playbook db-cli (1 steps)\n');
    expect((await cli('playbook', 'save', file)).stdout).toBe('replaced playbook db-cli (1 steps)\n');
    expect((await cli('playbook', 'list')).stdout).toContain('db-cli\tapi\ts:scale');
    writeFileSync(file, 'id: from-file\nsteps: [{ id: s, method: scale, guidance: x }]\n');
    await expect(cli('playbook', 'save', file)).rejects.toMatchObject({ stderr: expect.stringContaining('409') });
    expect((await cli('playbook', 'delete', 'db-cli')).stdout).toBe('deleted playbook db-cli\n');
  });
});
