/**
 * Silences kept in the config file (docs/convergence.md#config): listed as `config:<id>` and read-only through
 * the API; while active they mute like a stored silence (recorded, explained, no page), and at their end what
 * still fires pages once.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, SilenceView } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const CONFIG = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
silences:
  - id: dr-drill
    matchers: ['alertname="ReplicationLag"']
    startsAt: 2026-11-21T13:00:00Z
    endsAt: 2026-11-21T15:00:00Z
    createdBy: sre@example.com
    comment: DR drill, replication alerts expected
`;

describe('config silences', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: CONFIG });
  });
  afterAll(() => s.dispose());

  it('is listed read-only, mutes while active and pages once at its end', async () => {
    const listed = (await (await s.api('/api/v1/silences/config:dr-drill')).json()) as SilenceView;
    expect(listed).toMatchObject({
      source: 'config',
      state: 'active',
      createdBy: 'sre@example.com',
      matchers: ['alertname="ReplicationLag"'],
    });
    expect((await s.api('/api/v1/silences/config:dr-drill', { method: 'DELETE' })).status).toBe(409);

    const alert = {
      status: 'firing',
      labels: { alertname: 'ReplicationLag', service: 'checkout-api', severity: 'warning', instance: 'db-2' },
      annotations: { summary: 'Replica db-2 lags' },
      startsAt: '2026-11-21T13:59:00Z',
      fingerprint: 'replication-db-2',
    };
    expect((await s.post(INTAKE, { version: '4', status: 'firing', alerts: [alert] })).status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    const id = list.incidents.find((i) => i.title === 'Replica db-2 lags')!.id;
    const d = (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
    expect(d.alerts[0]!.mutedBy).toMatchObject([{ kind: 'silence', id: 'config:dr-drill' }]);
    expect(email.sent.filter((m) => m.message.incidentId === id)).toHaveLength(0);

    clock.advance(61 * 60_000);
    await s.engine!.drain();
    expect(email.sent.filter((m) => m.message.incidentId === id)).toHaveLength(1);
    clock.advance(60 * 60_000);
    await s.engine!.drain();
    expect(email.sent.filter((m) => m.message.incidentId === id)).toHaveLength(1);
  });
});
