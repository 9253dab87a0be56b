/**
 * Machine-checked verification of improvement actions (issue 10 item 4): an action whose acceptance criteria
 * is "an alert rule exists in Prometheus" is checked against `/api/v1/rules` on a schedule; when the rule
 * disappears, the done action reopens itself, on the incident's timeline. An HTTP check answers as expected.
 * Prometheus here is a local HTTP server answering `/api/v1/rules` in Prometheus's documented shape (the real
 * Prometheus is in the e2e tier, e2e/prometheus-rules.spec.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ActionView, IncidentDetail, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const MIN = 60_000;

describe('machine-checked actions', () => {
  const clock = new FakeClock('2026-06-02T09:00:00Z');
  let prometheus: Server;
  let promUrl = '';
  let rules: string[] = ['CheckoutErrorRate'];
  /** Alerts whose ALERTS{alertstate="firing"} series has points in the queried window. */
  let fired: string[] = [];
  const requests: string[] = [];
  let s: TestServer;
  const post = (path: string, body?: unknown) =>
    s.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

  beforeAll(async () => {
    prometheus = createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/api/v1/rules') {
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              groups: [
                {
                  name: 'checkout',
                  file: 'rules.yml',
                  rules: rules.map((name) => ({ name, type: 'alerting', state: 'inactive', query: 'up == 0' })),
                },
              ],
            },
          }),
        );
      } else if (req.url?.startsWith('/api/v1/query?')) {
        const query = new URL(req.url, 'http://x').searchParams.get('query') ?? '';
        const m = /^max_over_time\(ALERTS\{alertname="([^"]+)",alertstate="firing"\}\[(\w+)\]\)$/.exec(query);
        const hit = m && fired.includes(m[1]!);
        res.end(
          JSON.stringify({
            status: 'success',
            data: {
              resultType: 'vector',
              result: hit ? [{ metric: { alertname: m[1], alertstate: 'firing' }, value: [1_780_000_000, '1'] }] : [],
            },
          }),
        );
      } else if (req.url === '/runbook') {
        res.setHeader('content-type', 'text/plain');
        res.end('Runbook: restart the pool');
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((r) => prometheus.listen(0, '127.0.0.1', r));
    promUrl = `http://127.0.0.1:${(prometheus.address() as AddressInfo).port}`;
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: stringify({
        version: 1,
        catalog: {
          businessLines: [
            {
              id: 'commerce',
              modules: [{ id: 'core', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
            },
          ],
        },
        teams: [{ id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }] }],
        levels: {
          templates: false,
          rules: [{ id: 'c', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
        },
        integrations: [{ key: 'checks-test', source: 'alertmanager', routeByLabel: 'service' }],
        prometheus: { url: promUrl },
        outbound: { allow: ['127.0.0.1'] },
        postmortem: { checkEveryMinutes: 30 },
      }),
    });
  });
  afterAll(async () => {
    await s.dispose();
    await new Promise((r) => prometheus.close(r));
  });

  async function postmortem(): Promise<PostmortemView> {
    await s.post('/api/v1/intake/alertmanager/checks-test', {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'PoolEmpty', service: 'pay-api', severity: 'critical' },
          annotations: { summary: 'Pool empty' },
          startsAt: clock.now().toISOString(),
        },
      ],
    });
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    const id = list.incidents.find((i) => i.title === 'Pool empty')!.id;
    await post(`/api/v1/incidents/${id}/resolve`);
    await s.engine!.drain();
    return (await (await s.api(`/api/v1/incidents/${id}/postmortem`)).json()) as PostmortemView;
  }

  it('a Prometheus-rule check that stops holding reopens the done action, on the timeline', async () => {
    const pm = await postmortem();
    const created = (await (
      await post(`/api/v1/postmortems/${pm.id}/actions`, {
        title: 'Alert on checkout error rate',
        owner: 'dan@example.com',
        verifier: 'ana@example.com',
        acceptanceCriteria: 'alert rule CheckoutErrorRate exists',
        type: 'detect',
        check: { kind: 'prometheus-rule', rule: 'CheckoutErrorRate' },
      })
    ).json()) as ActionView;
    await s.engine!.drain();
    expect(requests).toContain('GET /api/v1/rules');
    const action = () =>
      s.api(`/api/v1/postmortems/${pm.id}`).then(async (r) => ((await r.json()) as PostmortemView).actions[0]!);
    expect((await action()).lastCheck).toMatchObject({
      ok: true,
      detail: 'rule CheckoutErrorRate exists (alerting, inactive)',
    });
    await post(`/api/v1/actions/${created.id}/move`, { to: 'done' });

    // Still there at the next run: nothing changes.
    clock.advance(31 * MIN);
    await s.engine!.drain();
    expect((await action()).state).toBe('done');

    // Someone deletes the rule: the next run reopens the action.
    rules = [];
    clock.advance(31 * MIN);
    await s.engine!.drain();
    const reopened = await action();
    expect(reopened).toMatchObject({ state: 'in_progress', lastCheck: { ok: false } });
    expect(reopened.rejectReason).toBe(
      "its check stopped holding: rule CheckoutErrorRate is not among Prometheus's 0 rules",
    );
    const timeline = ((await (await s.api(`/api/v1/incidents/${pm.incidentId}`)).json()) as IncidentDetail).timeline;
    expect(timeline.at(-1)).toMatchObject({
      kind: 'action',
      actor: 'system',
      message: `action #${created.id} done → in_progress (reopen): its check stopped holding: rule CheckoutErrorRate is not among Prometheus's 0 rules`,
    });
  });

  it('a rule that must have fired in a test holds only once its alert fired within the window', async () => {
    rules = ['PaymentsLatencyHigh'];
    const pm = await postmortem();
    await post(`/api/v1/postmortems/${pm.id}/actions`, {
      title: 'Alert on payment latency, proven in a game day',
      owner: 'dan@example.com',
      verifier: 'ana@example.com',
      acceptanceCriteria: 'PaymentsLatencyHigh exists and fired in the game day',
      type: 'detect',
      check: { kind: 'prometheus-rule', rule: 'PaymentsLatencyHigh', firedWithin: '7d' },
    });
    await s.engine!.drain();
    expect(requests.at(-1)).toBe(
      `GET /api/v1/query?${new URLSearchParams({ query: 'max_over_time(ALERTS{alertname="PaymentsLatencyHigh",alertstate="firing"}[7d])' })}`,
    );
    const last = async () =>
      ((await (await s.api(`/api/v1/postmortems/${pm.id}`)).json()) as PostmortemView).actions[0]!.lastCheck;
    expect(await last()).toMatchObject({
      ok: false,
      detail: 'rule PaymentsLatencyHigh exists but has not fired within 7d',
    });
    fired = ['PaymentsLatencyHigh'];
    clock.advance(31 * MIN);
    await s.engine!.drain();
    expect(await last()).toMatchObject({
      ok: true,
      detail: 'rule PaymentsLatencyHigh exists (alerting, inactive) and fired within 7d',
    });
    const bad = await post(`/api/v1/postmortems/${pm.id}/actions`, {
      title: 'x',
      owner: 'dan@example.com',
      verifier: 'ana@example.com',
      acceptanceCriteria: 'x',
      type: 'detect',
      check: { kind: 'prometheus-rule', rule: 'X', firedWithin: 'a week' },
    });
    expect(bad.status).toBe(400);
  });

  it('an HTTP check answers as expected; a bad check is refused naming the field', async () => {
    const pm = await postmortem();
    const base = {
      title: 'Write the runbook',
      owner: 'dan@example.com',
      verifier: 'ana@example.com',
      acceptanceCriteria: 'the runbook page answers',
      type: 'process',
    };
    const bad = await post(`/api/v1/postmortems/${pm.id}/actions`, {
      ...base,
      check: { kind: 'http', url: 'ftp://x' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { fields: Array<{ path: string }> } }).error.fields[0]!.path).toMatch(
      /^check/,
    );
    await post(`/api/v1/postmortems/${pm.id}/actions`, {
      ...base,
      check: { kind: 'http', url: `${promUrl}/runbook`, status: 200, contains: 'restart the pool' },
    });
    await s.engine!.drain();
    const view = (await (await s.api(`/api/v1/postmortems/${pm.id}`)).json()) as PostmortemView;
    expect(view.actions[0]!.lastCheck).toMatchObject({ ok: true, detail: `${promUrl}/runbook answered 200` });
  });
});
