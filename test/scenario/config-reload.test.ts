/**
 * Config reload: a broken config file is refused with every problem listed and the last good config stays
 * active (intake keeps working); a valid one takes effect at once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';

const quickstart = readFileSync(QUICKSTART_CONFIG, 'utf8');
const NEW_KEY = 'reloaded-alertmanager-key-7f3a';

/** The quickstart with the Alertmanager integration key replaced. */
function withAlertmanagerKey(key: string): string {
  const next = quickstart.replace(/^(\s*- key: )quickstart$/m, `$1${key}`);
  if (next === quickstart) throw new Error('the quickstart no longer has `- key: quickstart`; update this test');
  return next;
}

const webhook = (alertname: string) => ({
  version: '4',
  status: 'firing',
  alerts: [{ status: 'firing', labels: { alertname, service: 'checkout', severity: 'warning' } }],
});

describe('config reload keeps the last good config', () => {
  let s: TestServer;
  let configPath: string;

  beforeAll(async () => {
    s = await startTestServer({ configYaml: quickstart });
    configPath = join(s.dataDir, 'config.yaml');
    expect(s.env.FAULTLINE_CONFIG).toBe(configPath);
  });
  afterAll(() => s?.dispose());

  const reload = () => s.api('/api/v1/config/reload', { method: 'POST' });
  const intake = (key: string, alertname: string) => s.post(`/api/v1/intake/alertmanager/${key}`, webhook(alertname));

  it('needs the admin token', async () => {
    expect((await fetch(`${s.url}/api/v1/config/reload`, { method: 'POST' })).status).toBe(401);
  });

  it('reloads the unchanged file', async () => {
    const res = await reload();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'reloaded', warnings: [] });
    expect((await intake('quickstart', 'BeforeBreak')).status).toBe(202);
  });

  it('refuses a YAML syntax error with its line, and keeps accepting the old key', async () => {
    // Line 3 opens a flow sequence that never closes.
    writeFileSync(configPath, 'version: 1\nteams:\n  - id: [payments\n    name: Payments\n');
    const res = await reload();
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiError;
    expect(body.error.code).toBe('VALIDATION');
    expect(body.error.message).toContain('last good config stays active');
    expect(body.error.fields?.length).toBeGreaterThan(0);
    for (const f of body.error.fields!)
      expect(f.message).toMatch(new RegExp(`^${configPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+`));
    expect(body.error.fields!.some((f) => f.message.includes('error:'))).toBe(true);

    expect((await intake('quickstart', 'AfterYamlError')).status).toBe(202);
  });

  it('refuses a schema error listing every problem, and keeps accepting the old key', async () => {
    const broken = withAlertmanagerKey(NEW_KEY)
      // An unknown key (mistyped) in the first integration ...
      .replace(/^(\s*)routeByLabel: service$/m, '$1routeByLabels: service')
      // ... and a level that is not a number.
      .replace(/^(\s*)level: 2$/m, '$1level: two');
    expect(broken).toContain('routeByLabels');
    expect(broken).toContain('level: two');
    writeFileSync(configPath, broken);

    const res = await reload();
    expect(res.status).toBe(400);
    const body = (await res.json()) as ApiError;
    expect(body.error.code).toBe('VALIDATION');
    const messages = body.error.fields!.map((f) => f.message);
    expect(messages.length, messages.join('\n')).toBeGreaterThanOrEqual(2);
    expect(messages.some((m) => m.includes('routeByLabels') && m.includes('unknown key'))).toBe(true);
    expect(messages.some((m) => /levels\.rules\.0\.level/.test(m))).toBe(true);
    for (const m of messages) expect(m).toContain(configPath);

    // Nothing of the refused file took effect: the old key works, the new one does not exist.
    expect((await intake('quickstart', 'AfterSchemaError')).status).toBe(202);
    expect((await intake(NEW_KEY, 'TooEarly')).status).toBe(404);
  });

  it('applies a valid config with a new integration key at once', async () => {
    writeFileSync(configPath, withAlertmanagerKey(NEW_KEY));
    const res = await reload();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'reloaded' });

    expect((await intake(NEW_KEY, 'WithNewKey')).status).toBe(202);
    expect((await intake('quickstart', 'WithOldKey')).status).toBe(404);

    // Every alert accepted along the way became an incident, the one through the new key included.
    const titles = ['AfterSchemaError', 'AfterYamlError', 'BeforeBreak', 'WithNewKey'];
    const list = await waitFor('an incident for every accepted alert', async () => {
      const l = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
      return l.incidents.length >= titles.length ? l : null;
    });
    expect(list.incidents.map((i) => i.title).sort()).toEqual(titles);
    const withNewKey = list.incidents.find((i) => i.title === 'WithNewKey')!;
    expect(withNewKey.service).toBe('checkout-api');
    const detail = (await (await s.api(`/api/v1/incidents/${withNewKey.id}`)).json()) as {
      alerts: Array<{ dedupKey: string; integration: string }>;
    };
    expect(detail.alerts[0]!.integration).toBe(NEW_KEY);
    expect(detail.alerts[0]!.dedupKey.startsWith(`${NEW_KEY}:`)).toBe(true);
  });
});
