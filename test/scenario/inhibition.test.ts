/**
 * Inhibition rules from the config file, with Alertmanager's fields (docs/convergence.md#inhibition-rules):
 * while a critical alert fires on a service, a warning on the same service is recorded, names the rule and
 * the source that inhibits it, and does not page; a warning on another service pages; when the source
 * resolves while the target still fires, the target pages once.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
inhibitRules:
  - name: critical-mutes-warning
    source_matchers: ['severity="critical"']
    target_matchers: ['severity="warning"']
    equal: [service]
`;

const amAlert = (alertname: string, service: string, severity: string, status = 'firing') => ({
  status,
  labels: { alertname, service, severity, instance: 'i-1' },
  annotations: { summary: `${alertname} on ${service}` },
  startsAt: '2026-11-21T13:59:00Z',
  fingerprint: `${alertname}-${service}`.toLowerCase(),
});

describe('inhibition rules', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  async function send(...alerts: ReturnType<typeof amAlert>[]): Promise<void> {
    clock.advance(30_000);
    expect((await s.post(INTAKE, { version: '4', status: 'firing', alerts })).status).toBe(202);
    await s.engine!.drain();
  }
  async function incident(title: string): Promise<IncidentDetail> {
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const found = list.incidents.find((i) => i.title === title)!;
    return (await (await s.api(`/api/v1/incidents/${found.id}`)).json()) as IncidentDetail;
  }
  const pages = (id: number) => email.sent.filter((m) => m.message.incidentId === id).length;

  it('mutes a target while its source fires, explains it, and pages it once when the source resolves', async () => {
    await send(amAlert('ServiceDown', 'checkout-api', 'critical'));
    const source = await incident('ServiceDown on checkout-api');
    expect(pages(source.id)).toBe(1);

    await send(amAlert('HighLatency', 'checkout-api', 'warning'), amAlert('HighLatency', 'promotions-api', 'warning'));
    const target = await incident('HighLatency on checkout-api');
    const elsewhere = await incident('HighLatency on promotions-api');
    expect(target.alerts[0]!.mutedBy).toEqual([
      expect.objectContaining({ kind: 'inhibition', id: 'critical-mutes-warning', until: null }),
    ]);
    expect(target.alerts[0]!.mutedBy[0]!.reason).toContain('quickstart:servicedown-checkout-api');
    expect(elsewhere.alerts[0]!.mutedBy).toEqual([]);
    expect([pages(target.id), pages(elsewhere.id)]).toEqual([0, 1]);

    await send(amAlert('ServiceDown', 'checkout-api', 'critical', 'resolved'));
    expect(pages(target.id)).toBe(1);
    const after = await incident('HighLatency on checkout-api');
    expect(after.timeline.filter((t) => t.kind === 'page_released')).toHaveLength(1);
    await send(amAlert('HighLatency', 'checkout-api', 'warning'));
    expect(pages(target.id)).toBe(1);
  });
});
