/**
 * Acknowledging from outside the console takes the acknowledger into the response room exactly as the
 * console's button does (issue 17 points 5–6): a P1's paged on-call member who acknowledges through the
 * signed link in the email page is checked in to the response group and becomes coordinator; a person invited
 * later is emailed a signed check-in link and joins or declines through it, on both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ANA, DAN, actingConfig, seedPeople } from '../support/acting-fixtures.ts';

/** What a browser sends for an HTML form without fields. */
const FORM = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };

describe('acknowledging from an emailed link gathers the acknowledger into the room', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: actingConfig() });
    await seedPeople(s);
  });
  afterAll(() => s.dispose());
  let id: number;

  it('the link acknowledges as Ana; the room checks her in and makes her coordinator', async () => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Card payments fail', service: 'pay-api', level: 1, source: 'internal' }),
    });
    expect(res.status).toBe(201);
    id = ((await res.json()) as IncidentDetail).id;
    await s.engine!.drain();
    const page = email.sent.find((m) => m.message.incidentId === id && m.recipient === ANA.email);
    expect(page).toBeDefined();
    const room = async () => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
    expect((await room()).group).toEqual([expect.objectContaining({ person: ANA.email, state: 'pending' })]);

    clock.advance(30_000);
    // As a browser sends the confirmation page's button: an empty form-encoded body.
    const acted = await fetch(page!.message.ackUrl, { method: 'POST', ...FORM });
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

  it('an invited person is emailed a check-in link: GET changes nothing, POST declines or joins as them', async () => {
    const room = async () => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
    const invited = await s.api(`/api/v1/incidents/${id}/group/invite`, {
      method: 'POST',
      body: JSON.stringify({ person: DAN.email }),
    });
    expect(invited.status).toBe(200);
    await s.engine!.drain();
    const mail = email.notices.find((n) => n.recipient === DAN.email);
    expect(mail?.message.subject).toBe(`[Faultline] #${id} P1: you are asked to join the response group`);
    const link = /https?:\/\/\S+\/check-in\/\S+/.exec(mail!.message.text)![0].replace(/^https?:\/\/[^/]+/, s.url);

    const shown = await fetch(link);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain('dan@example.com, will you join the response group?');
    expect(html).toContain('action="?state=declined"');
    expect((await room()).group.find((m) => m.person === DAN.email)?.state).toBe('pending');

    // A token is good under its own path only: forged, or an acknowledge link's token here, does nothing.
    const [payload, sig] = link.split('/check-in/')[1]!.split('.');
    expect((await fetch(`${s.url}/check-in/${payload}.${sig!.slice(0, -2)}AA`, { method: 'POST' })).status).toBe(401);
    const page = email.sent.find((m) => m.message.incidentId === id && m.recipient === ANA.email)!;
    const ackToken = page.message.ackUrl.split('/ack/')[1]!;
    expect((await fetch(`${s.url}/check-in/${ackToken}`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${s.url}/ack/${link.split('/check-in/')[1]}`, { method: 'POST' })).status).toBe(401);

    const declined = await fetch(`${link}?state=declined`, { method: 'POST', ...FORM });
    expect(declined.status).toBe(200);
    expect(await declined.text()).toContain('You declined to join the response group');
    expect((await room()).group.find((m) => m.person === DAN.email)?.state).toBe('declined');
    const joined = await fetch(`${link}?state=joined`, { method: 'POST' });
    expect(joined.status).toBe(200);
    expect((await room()).group.find((m) => m.person === DAN.email)?.state).toBe('joined');
    const detail = (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
    expect(detail.timeline.filter((t) => t.kind === 'check_in' && t.actor === DAN.email).map((t) => t.message)).toEqual(
      [`${DAN.email} declined to join via email link`, `${DAN.email} joined the response group via email link`],
    );
  });
});
