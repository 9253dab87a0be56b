/**
 * Maintenance windows from the config file (docs/convergence.md#maintenance-windows), effect
 * `suppress-notifications`: an alert in scope while the window is open is recorded and says which window
 * muted it, but pages nobody; at the end of the window what still fires pages once and nothing stays
 * suppressed after it. A recurring window (Alertmanager `time_interval`: Saturdays 14:00–14:30 in
 * Europe/Paris, i.e. 13:00–13:30 UTC in November) mutes only while it is open; an alert out of scope pages.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
// 2026-11-21 is a Saturday.
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
maintenanceWindows:
  - id: db-upgrade
    name: Checkout database upgrade
    startsAt: 2026-11-21T12:50:00Z
    endsAt: 2026-11-21T13:40:00Z
    scope:
      services: [checkout-api]
      matchers: ['alertname="DbConnections"']
    comment: planned upgrade
  - id: weekly-batch
    name: Weekly batch window
    timeIntervals:
      - weekdays: [saturday]
        times: [{ start_time: '14:00', end_time: '14:30' }]
        location: Europe/Paris
    scope:
      modules: [checkout]
      matchers: ['alertname="BatchLag"']
`;

const amAlert = (alertname: string, instance: string, startsAt: string) => ({
  status: 'firing',
  labels: { alertname, service: 'checkout-api', severity: 'warning', instance },
  annotations: { summary: `${alertname} on ${instance}` },
  startsAt,
  fingerprint: `${alertname}-${instance}`.toLowerCase(),
});

describe('maintenance windows (suppress-notifications)', () => {
  const clock = new FakeClock('2026-11-21T13:10:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  async function fire(alertname: string, instance: string): Promise<IncidentDetail> {
    const alert = amAlert(alertname, instance, clock.now().toISOString());
    expect((await s.post(INTAKE, { version: '4', status: 'firing', alerts: [alert] })).status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const found = list.incidents.find((i) => i.groupKey === `service=checkout-api,alertname=${alertname}`)!;
    return (await (await s.api(`/api/v1/incidents/${found.id}`)).json()) as IncidentDetail;
  }
  const pages = (id: number) => email.sent.filter((m) => m.message.incidentId === id).length;

  it('mutes in-scope alerts while open, explains it, and pages what still fires once at the end', async () => {
    const db = await fire('DbConnections', 'api-1');
    const batch = await fire('BatchLag', 'api-1');
    const other = await fire('HighLatency', 'api-1');
    expect(db.alerts[0]!.mutedBy).toEqual([
      expect.objectContaining({ kind: 'maintenance', id: 'maintenance:db-upgrade', until: '2026-11-21T13:40:00.000Z' }),
    ]);
    expect(db.alerts[0]!.mutedBy[0]!.reason).toContain('in maintenance window maintenance:db-upgrade');
    expect(batch.alerts[0]!.mutedBy).toEqual([
      expect.objectContaining({ id: 'maintenance:weekly-batch', until: '2026-11-21T13:30:00.000Z' }),
    ]);
    expect(other.alerts[0]!.mutedBy).toEqual([]);
    expect([pages(db.id), pages(batch.id), pages(other.id)]).toEqual([0, 0, 1]);

    clock.advance(Date.parse('2026-11-21T13:30:00Z') - clock.now().getTime()); // the recurring window closes
    await s.engine!.drain();
    expect([pages(db.id), pages(batch.id)]).toEqual([0, 1]);

    clock.advance(Date.parse('2026-11-21T13:40:00Z') - clock.now().getTime()); // the one-off window ends
    await s.engine!.drain();
    expect([pages(db.id), pages(batch.id)]).toEqual([1, 1]);

    // Nothing stays suppressed after a window: a new alert in its former scope pages at once.
    const after = await fire('DbConnections', 'api-2');
    expect(after.id).toBe(db.id);
    expect(after.alerts.find((a) => a.labels.instance === 'api-2')!.mutedBy).toEqual([]);
    clock.advance(3_600_000);
    await s.engine!.drain();
    expect([pages(db.id), pages(batch.id)]).toEqual([1, 1]);
  });
});
