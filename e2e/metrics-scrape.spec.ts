/**
 * A real Prometheus scrapes Faultline's `/metrics` the way docs/security.md#metrics says: a job whose
 * `authorization` sends a token scoped to `metrics:read`, read from a file. Without the token the same target
 * is down (401).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenCreated } from '@faultline/contracts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { waitFor } from '../test/support/wait.ts';
import { startPrometheus, type RunningPrometheus } from './support/prometheus.ts';

describe('Prometheus scrapes /metrics with a metrics:read token', () => {
  let s: TestServer;
  let prometheus: RunningPrometheus | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-scrape-'));

  beforeAll(async () => {
    s = await startTestServer();
    const created = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'prometheus', role: 'viewer', scopes: ['metrics:read'] }),
    });
    expect(created.status).toBe(201);
    const tokenFile = join(dir, 'faultline-token');
    writeFileSync(tokenFile, ((await created.json()) as TokenCreated).token, { mode: 0o600 });
    const target = JSON.stringify(new URL(s.url).host);
    prometheus = await startPrometheus({
      targets: [],
      scrapeConfigs: [
        '  - job_name: faultline',
        '    authorization:',
        '      type: Bearer',
        `      credentials_file: ${JSON.stringify(tokenFile)}`,
        '    static_configs:',
        `      - targets: [${target}]`,
        '  - job_name: faultline-anonymous',
        '    static_configs:',
        `      - targets: [${target}]`,
      ],
    });
  });
  afterAll(async () => {
    await prometheus?.stop();
    await s?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("scrapes Faultline's own metrics with the token, and finds the target down without it", async () => {
    const p = prometheus!;
    expect(
      (
        await s.post('/api/v1/intake/alertmanager/quickstart', {
          version: '4',
          alerts: [{ labels: { alertname: 'ScrapeCheck' } }],
        })
      ).status,
    ).toBe(202);
    await waitFor(
      'faultline_intake_alerts_total scraped',
      async () => (await p.query('sum(faultline_intake_alerts_total{job="faultline"})')) === 1,
      30_000,
    );
    expect(await p.query('up{job="faultline"}')).toBe(1);
    await waitFor(
      'the anonymous job scraped once',
      async () => (await p.query('up{job="faultline-anonymous"}')) !== null,
      30_000,
    );
    expect(await p.query('up{job="faultline-anonymous"}')).toBe(0);
  });
});
