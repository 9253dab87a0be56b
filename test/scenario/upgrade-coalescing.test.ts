/**
 * Successive automatic upgrades page once, at the highest level (issue 16 point 5; docs/convergence.md):
 * with `paging.upgradeWindowSeconds`, an upgrade page waits for further upgrades and is dropped when one
 * overtakes it; an upgrade to level 1 pages at once. Without the window, P3 → P2 → P1 within ten seconds
 * paged the on-call three times.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const AM = '/api/v1/intake/alertmanager/quickstart';
// One incident per service (groupBy []), so successive alerts of a service upgrade one incident.
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8').replace('  groupBy: [alertname]', '  groupBy: []')}
paging:
  upgradeWindowSeconds: 60
`;

describe('upgrade coalescing', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  async function fire(alertname: string, service: string, severity: string): Promise<IncidentDetail> {
    const alert = {
      status: 'firing',
      labels: { alertname, service, severity },
      annotations: {},
      startsAt: clock.now().toISOString(),
      fingerprint: `${alertname}-${service}`,
    };
    expect((await s.post(AM, { version: '4', status: 'firing', alerts: [alert] })).status).toBe(202);
    await s.engine!.drain();
    const list = ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
    const id = list.find((i) => i.service === service)!.id;
    return (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  }
  const pages = (id: number) => email.sent.filter((m) => m.message.incidentId === id).length;
  const advance = async (ms: number) => {
    clock.advance(ms);
    await s.engine!.drain();
  };

  it('P3, P2 then P1 within ten seconds: the initial page and one upgrade page at P1, sent when P1 is reached', async () => {
    let d = await fire('HighLatency', 'checkout-api', 'warning');
    expect(d.levels).toEqual({ P: 'P3' });
    expect(pages(d.id)).toBe(1);
    await advance(4_000);
    d = await fire('Errors', 'checkout-api', 'critical');
    expect(d.levels).toEqual({ P: 'P2' });
    expect(pages(d.id)).toBe(1);
    expect(d.timeline.map((e) => e.message)).toContain(
      'oncall page upgrade-P2 waits until 2026-11-21T12:01:04.000Z for further upgrades (paging.upgradeWindowSeconds)',
    );
    await advance(5_000);
    d = await fire('CheckoutDown', 'checkout-api', 'critical');
    expect(d.levels).toEqual({ P: 'P1' });
    expect(pages(d.id)).toBe(2);
    await advance(60_000);
    expect(pages(d.id)).toBe(2);
    d = (await (await s.api(`/api/v1/incidents/${d.id}`)).json()) as IncidentDetail;
    expect(d.timeline.some((e) => e.kind === 'page_dropped' && e.message.includes('upgrade-P2 not sent'))).toBe(true);
  });

  it('an upgrade nothing overtakes pages when its window ends', async () => {
    let d = await fire('HighLatency', 'promotions-api', 'warning');
    expect(d.levels).toEqual({ P: 'P4' });
    expect(pages(d.id)).toBe(1);
    await advance(10_000);
    d = await fire('Errors', 'promotions-api', 'critical');
    expect(d.levels).toEqual({ P: 'P3' });
    await advance(59_000);
    expect(pages(d.id)).toBe(1);
    await advance(1_000);
    expect(pages(d.id)).toBe(2);
  });
});
