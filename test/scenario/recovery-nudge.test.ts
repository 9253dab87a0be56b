/**
 * The nudge toward the fastest recovery (issue 9 point 4; docs/recovery.md "The nudge"): a P1 whose recover
 * target (10 min from impact start) nears with no recovery step run tells the room once, at minute 7, with
 * "consider rollback" and the high-ranking suspect change and the playbook step that rolls it back; an
 * incident where a step already ran is not nudged.
 */
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeView, IncidentDetail, IncidentList, IncidentPlaybooks } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/nudge-test';
const MIN = 60_000;

describe('the nudge toward recovery', () => {
  const clock = new FakeClock('2026-12-01T10:00:00Z');
  let s: TestServer;
  let change: ChangeView;

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
                  { id: 'search-api', team: 'payments' },
                ],
              },
            ],
          },
        ],
      },
      teams: [{ id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }], oncall: ['ana@example.com'] }],
      levels: {
        templates: false,
        rules: [{ id: 'critical', sequence: 'P', level: 1, alert: { matchers: ['severity="critical"'] } }],
      },
      integrations: [{ key: 'nudge-test', source: 'alertmanager', routeByLabel: 'service' }],
      playbooks: [
        {
          id: 'checkout',
          match: { services: ['checkout-api'] },
          steps: [{ id: 'rollback', method: 'rollback', guidance: 'Roll back the last change upstream' }],
        },
      ],
    });
    s = await startTestServer({ clock, configYaml, providers: { email: recordingProvider() }, engineLoop: false });
    const res = await s.api('/api/v1/changes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'config',
        summary: 'pool size 20',
        services: ['payments-db'],
        startedAt: '2026-12-01T09:56:00Z',
        endedAt: '2026-12-01T09:57:00Z',
      }),
    });
    expect(res.status).toBe(201);
    change = (await res.json()) as ChangeView;
  });
  afterAll(() => s?.dispose());
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());

  const page = async (service: string, alertname: string, startsAt: string) => {
    const res = await s.post(INTAKE, {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: `{}:{alertname="${alertname}"}`,
      alerts: [{ status: 'firing', labels: { alertname, service, severity: 'critical' }, annotations: {}, startsAt }],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents;
    return list.find((i) => i.title.includes(alertname) || i.service === service)!.id;
  };
  const nudges = async (id: number) =>
    ((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).timeline.filter(
      (t) => t.kind === 'recovery_nudge',
    );
  const playbooks = async (id: number) =>
    (await (await s.api(`/api/v1/incidents/${id}/playbooks`)).json()) as IncidentPlaybooks;

  it('at minute 7 of a 10-minute recover target with no step run, the room is told once, with consider rollback', async () => {
    const id = await page('checkout-api', 'CheckoutErrors', '2026-12-01T09:59:00Z');
    at('2026-12-01T10:05:30Z');
    await s.engine!.drain();
    expect(await nudges(id)).toEqual([]);

    at('2026-12-01T10:06:00.500Z');
    await s.engine!.drain();
    const [told, ...more] = await nudges(id);
    expect(more).toEqual([]);
    expect(told!.actor).toBe('system');
    expect(told!.message).toBe(
      '1-5-10: the restore-service target (2026-12-01T10:09:00.000Z) is 3 min away and no recovery step has run: ' +
        `restore service first. Consider rollback: change #${change.id} (config on payments-db: pool size 20; ` +
        'suspect #1, score 65.31) with step checkout · rollback.',
    );
    expect(told!.data).toMatchObject({
      dueAt: '2026-12-01T10:09:00.000Z',
      change: { id: change.id, rank: 1, score: 65.31, verdict: null },
      step: { playbookId: 'checkout', stepId: 'rollback' },
    });
    expect((await playbooks(id)).nudge).toMatchObject({
      at: '2026-12-01T10:06:00.500Z',
      change: { id: change.id },
      step: { playbookId: 'checkout', stepId: 'rollback' },
    });

    // Once: past the target, and on later looks, no second nudge.
    clock.advance(10 * MIN);
    await s.engine!.drain();
    await s.engine!.drain();
    expect(await nudges(id)).toHaveLength(1);
  });

  it('no nudge where a recovery step has run; no rollback advice without a high-ranking suspect', async () => {
    at('2026-12-01T11:00:00Z');
    const recovered = await page('checkout-api', 'CheckoutLatency', '2026-12-01T11:00:00Z');
    const ran = await s.api(`/api/v1/incidents/${recovered}/playbooks/checkout/steps/rollback/run`, { method: 'POST' });
    expect(ran.status).toBe(200);
    const other = await page('search-api', 'SearchDown', '2026-12-01T11:00:00Z');
    at('2026-12-01T11:08:00Z');
    await s.engine!.drain();
    expect(await nudges(recovered)).toEqual([]);
    const [told] = await nudges(other);
    // The 09:56 change on payments-db is unrelated to search-api and two hours old: not worth a rollback.
    expect(told!.message).toBe(
      '1-5-10: the restore-service target (2026-12-01T11:10:00.000Z) is 2 min away and no recovery step has run: ' +
        'restore service first.',
    );
    expect(told!.data).toMatchObject({ change: null, step: null });
  });
});
