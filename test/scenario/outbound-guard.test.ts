/**
 * Outbound calls (docs/security.md, "Secrets and outbound calls"): every provider, webhook and KPI query goes
 * through one HTTP client that refuses loopback, private, link-local, unique-local and metadata addresses —
 * by the address a name resolves to, and again at every redirect — unless `outbound.allow` names them; and an
 * answer is never copied onto the timeline beyond its status.
 *
 * Two servers, both with a webhook channel on 127.0.0.1 and one on `localhost`, and a Prometheus KPI watch:
 * - no allow list: nothing is reached; each page fails at once (permanently) with a delivery error naming the
 *   address and `outbound.allow`, and the watch shows the same refusal;
 * - `outbound.allow: [localhost]`: the `localhost` channel is delivered (allowed by name) while 127.0.0.1 is
 *   still refused; a receiver's 400 answer reaches the timeline as `HTTP 400` only; Prometheus on `localhost`
 *   redirecting to 127.0.0.2 is refused at the redirect, and 127.0.0.2 is never reached.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentDetail, IncidentList, KpiWatchView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const KEY = 'outbound-guard-key';
/** What an internal service might answer; it must never be stored. */
const INTERNAL_ANSWER = 'INTERNAL-ANSWER-7f3a: password authentication failed for user "root"';

interface Receiver {
  host: string;
  port: number;
  /** `METHOD path` of every request received. */
  seen: string[];
  close(): Promise<void>;
}

/** A loopback HTTP server standing in for receivers and Prometheus (`redirectTo` for its `/redirect/…` paths). */
async function receiver(host: string, redirectTo?: () => string): Promise<Receiver> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      const path = req.url ?? '';
      if (path.startsWith('/redirect/') && redirectTo) {
        res.writeHead(307, { location: `${redirectTo()}${path.slice('/redirect'.length)}` }).end();
      } else if (path.endsWith('/api/v1/query')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'success',
            data: { resultType: 'vector', result: [{ metric: {}, value: [1795262400, '1000'] }] },
          }),
        );
      } else if (path === '/echo') {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(INTERNAL_ANSWER);
      } else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    host,
    port: (server.address() as AddressInfo).port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function config(port: number, allow: string[] | null): string {
  const hook = (id: string, url: string) => ({
    id,
    type: 'webhook',
    config: { url, secret: 'outbound-guard-secret-0123' },
  });
  return stringify({
    version: 1,
    catalog: coreCatalog({ svc: 'ops' }),
    teams: [{ id: 'ops', members: [{ name: 'Ann', email: 'ann@example.com' }], escalationPolicy: 'ops' }],
    channels: [
      hook('by-ip', `http://127.0.0.1:${port}/ok`),
      hook('by-name', `http://localhost:${port}/ok`),
      hook('echo', `http://localhost:${port}/echo`),
    ],
    escalationPolicies: [
      { id: 'ops', steps: [{ targets: [{ channel: 'by-ip' }, { channel: 'by-name' }, { channel: 'echo' }] }] },
    ],
    levels: { templates: false, rules: [] },
    integrations: [{ key: KEY, source: 'alertmanager', service: 'svc' }],
    prometheus: { url: `http://localhost:${port}/redirect/prom`, timeoutMs: 2000 },
    kpiWatches: [
      {
        id: 'orders',
        module: 'core',
        source: 'prometheus',
        query: 'sum(rate(orders_total[1m]))',
        baseline: { kind: 'static', value: 1000 },
      },
    ],
    ...(allow ? { outbound: { allow } } : {}),
  });
}

const firing = {
  version: '4',
  status: 'firing',
  alerts: [{ status: 'firing', labels: { alertname: 'OutboundGuard', severity: 'critical' }, fingerprint: 'og-1' }],
};

describe('outbound calls are guarded', () => {
  let inside: Receiver;
  let elsewhere: Receiver;

  beforeAll(async () => {
    elsewhere = await receiver('127.0.0.2');
    inside = await receiver('127.0.0.1', () => `http://127.0.0.2:${elsewhere.port}`);
  });
  afterAll(async () => {
    await inside?.close();
    await elsewhere?.close();
  });

  async function run(allow: string[] | null) {
    const clock = new FakeClock('2026-11-21T12:00:00Z');
    const s: TestServer = await startTestServer({
      clock,
      engineLoop: false,
      configYaml: config(inside.port, allow),
      providers: { email: recordingProvider() },
    });
    try {
      await s.engine!.drain();
      expect((await s.post(`/api/v1/intake/alertmanager/${KEY}`, firing)).status).toBe(202);
      await s.engine!.drain();
      const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
      const id = list.incidents.find((i) => i.title.includes('OutboundGuard'))!.id;
      const detailRes = await s.api(`/api/v1/incidents/${id}`);
      const text = await detailRes.clone().text();
      const detail = (await detailRes.json()) as IncidentDetail;
      const watch = (await (await s.api('/api/v1/kpi-watches/orders')).json()) as KpiWatchView;
      const byChannel = (channel: string) => detail.notifications.find((n) => n.channel === channel)!;
      return { detail, text, watch, byChannel };
    } finally {
      await s.dispose();
    }
  }

  it('without an allow list nothing on loopback is reached; each page fails at once with a clear reason', async () => {
    inside.seen.length = 0;
    const { detail, watch, byChannel } = await run(null);
    expect(inside.seen).toEqual([]);
    expect(elsewhere.seen).toEqual([]);
    for (const channel of ['by-ip', 'by-name', 'echo']) {
      const n = byChannel(channel);
      // Refused permanently: retrying cannot help until the config changes.
      expect(n).toMatchObject({ status: 'failed', attempts: 1 });
      expect(n.lastError).toMatch(/refused/);
      expect(n.lastError).toMatch(/127\.0\.0\.1/);
      expect(n.lastError).toMatch(/loopback/);
      expect(n.lastError).toMatch(/outbound\.allow/);
    }
    const failed = detail.timeline.filter((e) => e.kind === 'notification_failed');
    expect(failed).toHaveLength(3);
    for (const e of failed) expect(e.message).toMatch(/failed permanently: webhook: refused/);
    expect(watch.status).toBe('error');
    expect(watch.lastError).toMatch(/refused.*loopback.*outbound\.allow/);
  });

  it('a host allowed by name is reached; its answer is not stored; a redirect elsewhere is refused', async () => {
    inside.seen.length = 0;
    const { text, watch, byChannel } = await run(['localhost']);
    // Allowed by name: delivered.
    expect(byChannel('by-name')).toMatchObject({ status: 'sent' });
    expect(inside.seen).toContain('POST /ok');
    // The same address under another name is not allowed by it.
    expect(byChannel('by-ip')).toMatchObject({ status: 'failed' });
    expect(byChannel('by-ip').lastError).toMatch(/refused.*127\.0\.0\.1.*loopback/);
    // The receiver's 400 is final, and only its status reaches the incident.
    expect(inside.seen).toContain('POST /echo');
    expect(byChannel('echo')).toMatchObject({ status: 'failed' });
    expect(byChannel('echo').lastError).toMatch(/^webhook: HTTP 400\b/);
    expect(text).not.toContain('INTERNAL-ANSWER');
    expect(text).not.toContain('password authentication');
    // Prometheus on localhost redirects to 127.0.0.2, which is not allowed: refused at the redirect.
    expect(inside.seen.some((r) => r.startsWith('POST /redirect/prom/api/v1/query'))).toBe(true);
    expect(elsewhere.seen).toEqual([]);
    expect(watch.status).toBe('error');
    expect(watch.lastError).toMatch(/redirect/);
    expect(watch.lastError).toMatch(/refused.*127\.0\.0\.2.*loopback/);
  });
});
