/**
 * Acknowledging from outside the console takes the acknowledger into the response room exactly as the
 * console's button does (issue 17 points 5–6): a P1's paged on-call member who acknowledges through the
 * signed link in the email page is checked in to the response group and becomes coordinator, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ANA, actingConfig, seedPeople } from '../support/acting-fixtures.ts';

describe('acknowledging from an emailed link gathers the acknowledger into the room', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: actingConfig() });
    await seedPeople(s);
  });
  afterAll(() => s.dispose());

  it('the link acknowledges as Ana; the room checks her in and makes her coordinator', async () => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Card payments fail', service: 'pay-api', level: 1, source: 'internal' }),
    });
    expect(res.status).toBe(201);
    const id = ((await res.json()) as IncidentDetail).id;
    await s.engine!.drain();
    const page = email.sent.find((m) => m.message.incidentId === id && m.recipient === ANA.email);
    expect(page).toBeDefined();
    const room = async () => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
    expect((await room()).group).toEqual([expect.objectContaining({ person: ANA.email, state: 'pending' })]);

    clock.advance(30_000);
    const acted = await fetch(page!.message.ackUrl, { method: 'POST' });
    expect(acted.status).toBe(200);
    // Only the engine runs now: the acknowledgement itself queued the room's watch.
    await s.engine!.drain();
    const r = await room();
    expect(r.group).toEqual([expect.objectContaining({ person: ANA.email, state: 'joined' })]);
    expect(r.roles.find((x) => x.role === 'coordinator')?.holder).toBe(ANA.email);
    const detail = (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
    expect(detail.timeline.filter((t) => t.kind === 'acknowledged')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'acknowledged by Ana via email link' }),
    ]);
    expect(detail.timeline.filter((t) => t.kind === 'role_changed').map((t) => t.message)).toEqual([
      `${ANA.email} is coordinator: they acknowledged the incident`,
    ]);
  });
});
