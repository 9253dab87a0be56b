/**
 * Credentials inside URLs are never shown (docs/security.md, "Secrets and outbound calls"; docs/channels.md):
 * not in API answers, timeline entries, delivery errors, KPI watch errors, the log, nor `config check` output.
 * Prometheus credentials are separate secret fields (`prometheus.basicAuth`, `prometheus.bearerTokenFile`);
 * a Prometheus URL with `user:password@` is refused by config check, saying where to move them.
 *
 * A real `faultline serve` child logs at debug level while a webhook channel whose URL carries a password and a
 * `token=` parameter pages, and a KPI watch queries a Prometheus URL with an `access_token=` parameter; then every
 * answer and everything it printed is searched for each secret.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentDetail, IncidentList, KpiWatchView } from '@faultline/contracts';
import {
  CLI,
  NODE,
  ROOT,
  freePort,
  spawnServer,
  stopChild,
  waitHealthy,
  type ServerChild,
} from '../support/child-server.ts';
import { freshDatabaseUrl, startTestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';
import { waitFor } from '../support/wait.ts';

const ADMIN_TOKEN = 'url-credentials-admin-token-0123';
const KEY = 'url-credentials-key';
const HOOK_PASSWORD = 'HOOK-PASS-5e1d';
const HOOK_TOKEN = 'HOOK-QUERY-9c2b';
const PROM_TOKEN = 'PROM-TOKEN-1a2b';
const PROM_PASSWORD = 'PROM-PASS-77aa';
const BEARER = 'PROM-BEARER-3c4d';
const SECRETS = [HOOK_PASSWORD, HOOK_TOKEN, PROM_TOKEN];

const base = (extra: Record<string, unknown>) => ({
  version: 1,
  catalog: coreCatalog({ svc: 'ops' }),
  teams: [{ id: 'ops', members: [{ name: 'Ann', email: 'ann@example.com' }], escalationPolicy: 'ops' }],
  escalationPolicies: [{ id: 'ops', steps: [{ targets: [{ channel: 'hook' }] }] }],
  levels: { templates: false, rules: [] },
  integrations: [{ key: KEY, source: 'alertmanager', service: 'svc' }],
  kpiWatches: [
    {
      id: 'orders',
      module: 'core',
      source: 'prometheus',
      query: 'sum(rate(orders_total[1m]))',
      baseline: { kind: 'static', value: 1000 },
      everySeconds: 5,
    },
  ],
  ...extra,
});

describe('credentials in URLs are redacted everywhere they are shown', () => {
  let dataDir: string;
  let child: ServerChild;
  const answers: string[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'faultline-url-creds-'));
    const port = await freePort();
    const closed = await freePort();
    writeFileSync(
      join(dataDir, 'config.yaml'),
      stringify(
        base({
          channels: [
            {
              id: 'hook',
              type: 'webhook',
              config: {
                url: `http://hookuser:${HOOK_PASSWORD}@127.0.0.1:${closed}/hook?token=${HOOK_TOKEN}&x=1`,
                secret: 'url-credentials-secret-0123',
              },
            },
          ],
          prometheus: { url: `http://127.0.0.1:${closed}/prom?access_token=${PROM_TOKEN}`, timeoutMs: 1000 },
        }),
      ),
    );
    const databaseUrl = await freshDatabaseUrl();
    child = spawnServer(port, {
      FAULTLINE_DATA_DIR: dataDir,
      FAULTLINE_CONFIG: join(dataDir, 'config.yaml'),
      FAULTLINE_ADMIN_TOKEN: ADMIN_TOKEN,
      FAULTLINE_LOG_LEVEL: 'debug',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    });
    await waitHealthy(child);
  });
  afterAll(async () => {
    if (child) await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  });

  const get = async (path: string) => {
    const res = await fetch(`${child.url}${path}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    const text = await res.text();
    answers.push(text);
    return text;
  };

  it('the failed page and the KPI watch say why without the credentials', async () => {
    const res = await fetch(`${child.url}/api/v1/intake/alertmanager/${KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        version: '4',
        status: 'firing',
        alerts: [{ status: 'firing', labels: { alertname: 'UrlCredentials' }, fingerprint: 'uc-1' }],
      }),
    });
    expect(res.status).toBe(202);
    const detail = await waitFor('the page to the webhook to fail', async () => {
      const list = JSON.parse(await get('/api/v1/incidents?status=all')) as IncidentList;
      const incident = list.incidents.find((i) => i.title.includes('UrlCredentials'));
      if (!incident) return null;
      const d = JSON.parse(await get(`/api/v1/incidents/${incident.id}`)) as IncidentDetail;
      return d.notifications.some((n) => n.lastError) ? d : null;
    });
    expect(detail.notifications[0]!.lastError).toMatch(/^webhook: /);
    expect(detail.timeline.some((e) => e.kind === 'notification_failed')).toBe(true);
    const watch = await waitFor('the KPI watch to fail', async () => {
      const w = JSON.parse(await get('/api/v1/kpi-watches/orders')) as KpiWatchView;
      return w.status === 'error' ? w : null;
    });
    expect(watch.lastError).toMatch(/Prometheus/);
    expect(await get('/api/v1/kpi-watches')).toContain('"status":"error"');
    for (const a of answers) for (const secret of SECRETS) expect(a, `an answer shows ${secret}`).not.toContain(secret);
  });

  it('the log warns about those URLs without the credentials', () => {
    const log = child.output();
    expect(log).toContain('"level":20');
    expect(log).toContain('channels.0.config.url: warning: the URL carries credentials (user:password@)');
    expect(log).toMatch(/prometheus\.url: warning: 127\.0\.0\.1 is a loopback address, which outbound calls refuse/);
    for (const secret of SECRETS) expect(log, `the log shows ${secret}`).not.toContain(secret);
  });
});

describe('Prometheus credentials are separate secret fields', () => {
  it('config check refuses a Prometheus URL with user:password@ and says where to move them, without echoing them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-url-creds-check-'));
    try {
      const file = join(dir, 'config.yaml');
      writeFileSync(
        file,
        stringify(
          base({
            channels: [
              { id: 'hook', type: 'webhook', config: { url: 'https://hooks.example/h', secret: 'x'.repeat(16) } },
            ],
            prometheus: { url: `http://promuser:${PROM_PASSWORD}@prometheus.example:9090` },
          }),
        ),
      );
      const r = spawnSync(NODE, [CLI, 'config', 'check', file], { cwd: ROOT, encoding: 'utf8' });
      const out = `${r.stdout}${r.stderr}`;
      expect(r.status, out).toBe(1);
      expect(out).toMatch(/prometheus\.url: error: .*credentials.*prometheus\.basicAuth/);
      expect(out).not.toContain(PROM_PASSWORD);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('basic auth and a bearer token file reach Prometheus as Authorization headers, never in the URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-prom-auth-'));
    const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
    const prom = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({ url: req.url ?? '', headers: req.headers });
        const basic = `Basic ${Buffer.from(`promuser:${PROM_PASSWORD}`).toString('base64')}`;
        const ok = req.headers.authorization === basic || req.headers.authorization === `Bearer ${BEARER}`;
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [0, '990'] }] } }
              : { status: 'error', errorType: 'unauthorized', error: 'no credentials' },
          ),
        );
      });
    });
    await new Promise<void>((resolve) => prom.listen(0, '127.0.0.1', resolve));
    const promUrl = `http://127.0.0.1:${(prom.address() as AddressInfo).port}`;
    writeFileSync(join(dir, 'token'), `${BEARER}\n`);
    const serverWith = (prometheus: Record<string, unknown>) =>
      startTestServer({
        engineLoop: false,
        configYaml: stringify(
          base({
            channels: [
              { id: 'hook', type: 'webhook', config: { url: 'https://hooks.example/h', secret: 'x'.repeat(16) } },
            ],
            prometheus: { url: promUrl, ...prometheus },
            outbound: { allow: ['127.0.0.1'] },
          }),
        ),
      });
    try {
      for (const prometheus of [
        { basicAuth: { username: 'promuser', password: PROM_PASSWORD } },
        { bearerTokenFile: join(dir, 'token') },
      ]) {
        seen.length = 0;
        const s = await serverWith(prometheus);
        try {
          await s.engine!.drain();
          const watch = (await (await s.api('/api/v1/kpi-watches/orders')).json()) as KpiWatchView;
          expect(watch, JSON.stringify(watch)).toMatchObject({ status: 'ok', lastValue: 990, lastError: null });
          expect(seen.length).toBeGreaterThan(0);
          for (const r of seen) expect(r.url).not.toContain(PROM_PASSWORD);
        } finally {
          await s.dispose();
        }
      }
    } finally {
      prom.closeAllConnections();
      prom.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
