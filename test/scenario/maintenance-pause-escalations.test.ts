/**
 * A `pause-escalations` maintenance window (docs/convergence.md#maintenance-windows), the trap: an
 * escalation that is mid-cycle when the window opens stops — its next step does not page while the window is
 * open — and resumes after it, once; nothing stays paused after the window. The window does not mute alerts:
 * a new incident's first page goes out (only its escalation waits). Ending such a window early runs the held
 * step at once.
 *
 * Fixture: the payments policy pages the primary schedule (ann) at once, then dan 10 minutes later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { IncidentDetail, IncidentList, MaintenanceWindowView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const INTAKE = '/api/v1/intake/alertmanager/pause-test';
const ANN = 'ann@example.com';
const DAN = 'dan@example.com';
const member = (email: string) => ({ name: email.split('@')[0], email });

const CONFIG = stringify({
  version: 1,
  catalog: coreCatalog({ 'pay-api': 'payments', 'ledger-api': 'payments' }),
  teams: [{ id: 'payments', members: [ANN, DAN].map(member), escalationPolicy: 'payments' }],
  schedules: [
    {
      id: 'primary',
      timeZone: 'UTC',
      layers: [{ id: 'weekly', participants: [ANN], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' }],
    },
  ],
  escalationPolicies: [
    {
      id: 'payments',
      steps: [{ targets: [{ schedule: 'primary' }] }, { delayMinutes: 10, targets: [{ user: DAN }] }],
    },
  ],
  levels: {
    templates: false,
    rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
  },
  integrations: [{ key: 'pause-test', source: 'alertmanager', routeByLabel: 'service' }],
});

describe('a pause-escalations window stops an escalation mid-cycle and resumes it after', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  const advanceTo = async (iso: string) => {
    clock.advance(Date.parse(iso) - clock.now().getTime());
    await s.engine!.drain();
  };
  const open = async (service: string, alertname: string): Promise<number> => {
    const body = {
      version: '4',
      status: 'firing',
      alerts: [
        {
          status: 'firing',
          labels: { alertname, service, severity: 'critical' },
          annotations: { summary: `${alertname} on ${service}` },
          startsAt: clock.now().toISOString(),
        },
      ],
    };
    expect((await s.post(INTAKE, body)).status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    return list.incidents.find((i) => i.title === `${alertname} on ${service}`)!.id;
  };
  const emails = (id: number) =>
    email.sent.filter((m) => m.message.incidentId === id).map((m) => `${m.recipient} ${m.message.step}`);

  it('holds the step due during the window and runs it when the window ends, once', async () => {
    const pay = await open('pay-api', 'PayDown');
    const ledger = await open('ledger-api', 'LedgerLag');
    expect(emails(pay)).toEqual([`${ANN} initial`]);

    await advanceTo('2026-11-21T12:03:00Z');
    const res = await s.api('/api/v1/maintenance-windows', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Payments failover drill',
        endsAt: '2026-11-21T12:30:00Z',
        scope: { services: ['pay-api'] },
        effect: 'pause-escalations',
      }),
    });
    expect(res.status).toBe(201);
    const w = (await res.json()) as MaintenanceWindowView;

    // Step 2 comes due at 12:10 while the window is open: it waits. Out of scope, ledger's escalation goes on.
    await advanceTo('2026-11-21T12:10:00Z');
    expect(emails(pay)).toEqual([`${ANN} initial`]);
    expect(emails(ledger)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    const d = (await (await s.api(`/api/v1/incidents/${pay}`)).json()) as IncidentDetail;
    expect(d.timeline.map((t) => t.message)).toContain(
      `escalation paused by maintenance window ${w.id} until 2026-11-21T12:30:00.000Z`,
    );
    // The window does not mute alerts: a new incident in scope pages its first step.
    const other = await open('pay-api', 'PayErrors');
    expect(emails(other)).toEqual([`${ANN} initial`]);

    await advanceTo('2026-11-21T12:29:59Z');
    expect(emails(pay)).toEqual([`${ANN} initial`]);
    await advanceTo('2026-11-21T12:30:00Z');
    expect(emails(pay)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    expect(emails(other)).toEqual([`${ANN} initial`, `${DAN} initial`]);

    // Nothing stays paused: an hour later nothing more has been sent twice.
    await advanceTo('2026-11-21T13:30:00Z');
    expect(emails(pay)).toEqual([`${ANN} initial`, `${DAN} initial`]);
  });

  it('ending a pause-escalations window early runs the held step at once, once', async () => {
    await advanceTo('2026-11-21T14:00:00Z');
    const res = await s.api('/api/v1/maintenance-windows', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ledger reindex',
        endsAt: '2026-11-21T15:00:00Z',
        scope: { services: ['ledger-api'] },
        effect: 'pause-escalations',
      }),
    });
    const w = (await res.json()) as MaintenanceWindowView;
    const down = await open('ledger-api', 'LedgerDown');
    expect(emails(down)).toEqual([`${ANN} initial`]);
    await advanceTo('2026-11-21T14:15:00Z');
    expect(emails(down)).toEqual([`${ANN} initial`]);
    expect((await s.api(`/api/v1/maintenance-windows/${w.id}/end`, { method: 'POST' })).status).toBe(200);
    await s.engine!.drain();
    expect(emails(down)).toEqual([`${ANN} initial`, `${DAN} initial`]);
    await advanceTo('2026-11-21T15:30:00Z');
    expect(emails(down)).toEqual([`${ANN} initial`, `${DAN} initial`]);
  });
});
