/**
 * Acknowledging from outside the console takes the acknowledger into the response room exactly as the
 * console's button does (issue 17 points 5–6): a P1's paged on-call member who acknowledges through the
 * signed link in the email page is checked in to the response group and becomes coordinator; a person invited
 * later is emailed a signed check-in link and joins or declines through it; a page to a person's chat carries
 * Join / Decline buttons to their own check-in link, which checks them in (on the room and the timeline), on both
 * stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { contactMethods, notificationRules } from '../../apps/server/src/notify/tables.ts';
import { ANA, DAN, actingConfig, seedPeople } from '../support/acting-fixtures.ts';

/** What a browser sends for an HTML form without fields. */
const FORM = { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' };

describe('acknowledging from an emailed link gathers the acknowledger into the room', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  /** The Slack incoming webhook Ana's chat contact method pages through (recorded, as the provider renders it). */
  const chat = recordingProvider();
  const chatChannel = {
    id: 'team-slack',
    type: 'slack-webhook',
    config: { url: 'https://hooks.slack.com/services/T0/B0/X' },
  };
  let s: TestServer;
  let people: Awaited<ReturnType<typeof seedPeople>>;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email, 'team-slack': chat },
      engineLoop: false,
      configYaml: actingConfig([chatChannel]),
    });
    people = await seedPeople(s);
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

  it('a page to a person’s chat carries Join / Decline to their check-in link, which checks them in', async () => {
    const now = clock.now();
    const [cm] = await s.rt.db
      .insert(contactMethods)
      .values({
        userId: people.ana,
        kind: 'chat',
        address: 'U0ANA0001',
        channelId: 'team-slack',
        verifiedAt: now,
        createdAt: now,
      })
      .returning({ id: contactMethods.id });
    await s.rt.db.insert(notificationRules).values(
      (['high', 'low'] as const).map((urgency) => ({
        userId: people.ana,
        contactMethodId: cm!.id,
        urgency,
        createdAt: now,
      })),
    );
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Checkout slow', service: 'pay-api', level: 1, source: 'internal' }),
    });
    const chatId = ((await res.json()) as IncidentDetail).id;
    await s.engine!.drain();
    const page = chat.sent.find((m) => m.message.incidentId === chatId && m.recipient === 'U0ANA0001')!.message;
    const link = page.checkIn!.joinUrl.split('?')[0]!;
    expect(page.checkIn).toEqual({ joinUrl: `${link}?state=joined`, declineUrl: `${link}?state=declined` });
    expect(link).toMatch(/\/check-in\/[\w-]+\.[\w-]+$/);

    // The Join button opens the page with its one choice; nothing changes until it is posted.
    const shown = await (await fetch(page.checkIn!.joinUrl)).text();
    expect(shown).toContain('action="?state=joined"');
    expect(shown).not.toContain('action="?state=declined"');
    expect((await fetch(page.checkIn!.joinUrl, { method: 'POST', ...FORM })).status).toBe(200);
    await s.engine!.drain();
    const r = (await (await s.api(`/api/v1/incidents/${chatId}/room`)).json()) as ResponseRoom;
    expect(r.group.find((m) => m.person === ANA.email)?.state).toBe('joined');
    const detail = (await (await s.api(`/api/v1/incidents/${chatId}`)).json()) as IncidentDetail;
    expect(detail.timeline.filter((t) => t.kind === 'check_in').map((t) => t.message)).toEqual([
      `${ANA.email} joined the response group via Slack link`,
    ]);
    // A P3 forms no group: its pages carry no check-in.
    const p3 = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Receipts late', service: 'pay-api', level: 3, source: 'internal' }),
    });
    const p3Id = ((await p3.json()) as IncidentDetail).id;
    await s.engine!.drain();
    const p3Pages = chat.sent.filter((m) => m.message.incidentId === p3Id);
    expect(p3Pages.length).toBeGreaterThan(0);
    expect(p3Pages.every((m) => m.message.checkIn === undefined)).toBe(true);
  });
});
