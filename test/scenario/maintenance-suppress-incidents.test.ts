/**
 * Maintenance windows with the effect `suppress-incidents` (issue 16 point 2; docs/convergence.md#maintenance-windows):
 * while the window is open an alert in scope is recorded and visible — a risk "held by maintenance window X" —
 * but opens no incident and pages nobody. At the window's end (or when it is ended early) what still fires
 * opens its incident and pages once; what resolved during the window stays a risk and opens nothing; and
 * nothing stays suppressed afterwards (the trap: a held risk that fires again after the window must page).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, MaintenanceWindowView, SimulationView } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
maintenanceWindows:
  - id: db-move
    name: Checkout database move
    startsAt: 2026-11-21T12:50:00Z
    endsAt: 2026-11-21T13:40:00Z
    effect: suppress-incidents
    scope:
      services: [checkout-api]
      matchers: ['alertname=~"Db.*"']
    comment: the database moves to new hosts
`;

const amAlert = (status: 'firing' | 'resolved', alertname: string, instance: string, at: string) => ({
  status,
  labels: { alertname, service: 'checkout-api', severity: 'warning', instance },
  annotations: { summary: `${alertname} on ${instance}` },
  startsAt: '2026-11-21T13:00:00Z',
  endsAt: status === 'resolved' ? at : '0001-01-01T00:00:00Z',
  fingerprint: `${alertname}-${instance}`.toLowerCase(),
});

describe('maintenance windows (suppress-incidents)', () => {
  const clock = new FakeClock('2026-11-21T13:10:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  async function send(status: 'firing' | 'resolved', alertname: string, instance = 'api-1'): Promise<IncidentDetail> {
    const alert = amAlert(status, alertname, instance, clock.now().toISOString());
    expect((await s.post(INTAKE, { version: '4', status, alerts: [alert] })).status).toBe(202);
    await s.engine!.drain();
    return byAlertname(alertname);
  }
  async function byAlertname(alertname: string): Promise<IncidentDetail> {
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const found = list.incidents.filter((i) => i.groupKey === `service=checkout-api,alertname=${alertname}`);
    expect(found).toHaveLength(1);
    return (await (await s.api(`/api/v1/incidents/${found[0]!.id}`)).json()) as IncidentDetail;
  }
  const pages = (id: number) => email.sent.filter((m) => m.message.incidentId === id).length;
  const until = (t: string) => clock.advance(Date.parse(t) - clock.now().getTime());

  it('records in-scope alerts as risks held by the window, opening no incident and paging nobody', async () => {
    const db = await send('firing', 'DbConnections');
    expect(db).toMatchObject({ risk: true, status: 'triggered' });
    expect(db.alerts[0]!.mutedBy).toEqual([
      expect.objectContaining({ kind: 'maintenance', id: 'maintenance:db-move', until: '2026-11-21T13:40:00.000Z' }),
    ]);
    expect(db.alerts[0]!.mutedBy[0]!.reason).toBe(
      'held by maintenance window maintenance:db-move (suppress-incidents: no incident opens until 2026-11-21T13:40:00.000Z)',
    );
    expect(db.alerts[0]!.joinReason).toContain('held by maintenance window maintenance:db-move');
    // A second firing of the same alert during the window changes nothing.
    clock.advance(60_000);
    expect(await send('firing', 'DbConnections')).toMatchObject({ id: db.id, risk: true });

    // Fires and resolves during the window.
    const replica = await send('firing', 'DbReplicaLag');
    expect(replica.risk).toBe(true);
    clock.advance(5 * 60_000);
    expect(await send('resolved', 'DbReplicaLag')).toMatchObject({ risk: true, firingCount: 0 });

    // Out of scope: an ordinary incident, paged at once.
    const other = await send('firing', 'HighLatency');
    expect(other).toMatchObject({ risk: false });
    expect([pages(db.id), pages(replica.id), pages(other.id)]).toEqual([0, 0, 1]);

    // The simulator says so for the same labels.
    const sim = await s.api('/api/v1/escalation/simulate', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        service: 'checkout-api',
        level: 'P3',
        labels: { alertname: 'DbConnections', service: 'checkout-api', instance: 'api-9' },
      }),
    });
    const view = (await sim.json()) as SimulationView;
    expect(view.heldUntil).toBe('2026-11-21T13:40:00.000Z');
    expect(view.mutedBy[0]!.reason).toContain('no incident opens');
  });

  it('at the end opens what still fires and pages it once; what resolved stays a risk; nothing stays suppressed', async () => {
    const db = await byAlertname('DbConnections');
    const replica = await byAlertname('DbReplicaLag');
    until('2026-11-21T13:40:00Z');
    await s.engine!.drain();
    const opened = await byAlertname('DbConnections');
    expect(opened).toMatchObject({ risk: false, status: 'triggered', levels: { P: 'P3' } });
    expect(opened.timeline.map((t) => t.kind)).toContain('risk_promoted');
    expect(await byAlertname('DbReplicaLag')).toMatchObject({ risk: true, levels: {} });
    expect([pages(db.id), pages(replica.id)]).toEqual([1, 0]);
    // Later re-checks page nothing more.
    clock.advance(3_600_000);
    await s.engine!.drain();
    expect([pages(db.id), pages(replica.id)]).toEqual([1, 0]);

    // The trap: the risk held during the window fires again after it: graded afresh and paged, not forgotten.
    const again = await send('firing', 'DbReplicaLag');
    expect(again).toMatchObject({ id: replica.id, risk: false, levels: { P: 'P3' } });
    expect(again.alerts[0]!.mutedBy).toEqual([]);
    expect(pages(replica.id)).toBe(1);
    // And a new alert in the former scope opens and pages as usual.
    const fresh = await send('firing', 'DbDiskFull');
    expect(fresh).toMatchObject({ risk: false });
    expect(pages(fresh.id)).toBe(1);
  });

  it('a window ended early opens what it held at once, and pages it once', async () => {
    const res = await s.api('/api/v1/maintenance-windows', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Cache rebuild',
        endsAt: new Date(clock.now().getTime() + 3_600_000).toISOString(),
        effect: 'suppress-incidents',
        scope: { services: ['checkout-api'], matchers: ['alertname="CacheCold"'] },
      }),
    });
    expect(res.status).toBe(201);
    const w = (await res.json()) as MaintenanceWindowView;
    expect(w.effect).toBe('suppress-incidents');
    const cache = await send('firing', 'CacheCold');
    expect(cache.risk).toBe(true);
    clock.advance(10 * 60_000);
    const end = await s.api(`/api/v1/maintenance-windows/${w.id}/end`, { method: 'POST' });
    expect(end.status).toBe(200);
    await s.engine!.drain();
    expect(await byAlertname('CacheCold')).toMatchObject({ risk: false, status: 'triggered' });
    expect(pages(cache.id)).toBe(1);
    // The timer at the planned end finds nothing left to do.
    clock.advance(3_600_000);
    await s.engine!.drain();
    expect(pages(cache.id)).toBe(1);
  });
});
