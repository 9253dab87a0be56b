/**
 * Short links for SMS pages (`/s/<code>`): a signed link does not fit an SMS, so a page by SMS carries a
 * 10-character code that stands for "acknowledge (or resolve) incident N as the person this number belongs
 * to", valid for 7 days. The code opens the same confirmation page as a signed link; its POST acts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { actionLinks, shortActionLinks } from '../../apps/server/src/notify/links.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import {
  ANA,
  DAN,
  MIN,
  actingConfig,
  addContact,
  detail,
  openIncident,
  seedPeople,
} from '../support/acting-fixtures.ts';

const ANA_PHONE = '+4915112345678';

describe('short links', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  const links = (id: number) => shortActionLinks(s.rt, { incidentId: id, recipient: ANA_PHONE, now: clock.now() });
  const pagesTo = (id: number) => email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient);

  beforeAll(async () => {
    const channels = [
      {
        id: 'ops-sms',
        type: 'twilio-sms',
        config: { accountSid: `AC${'0'.repeat(32)}`, authToken: 'token', from: '+14155550100' },
      },
    ];
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: actingConfig(channels) });
    const { ana } = await seedPeople(s);
    await addContact(s, ana, 'sms', ANA_PHONE);
  });
  afterAll(() => s.dispose());

  it('an SMS channel gets short links; other channels get signed ones', async () => {
    const id = await openIncident(s, 'ShortKinds');
    const sms = await actionLinks(s.rt, { incidentId: id, recipient: ANA_PHONE, channel: 'ops-sms', now: clock.now() });
    expect(sms.ackUrl).toMatch(new RegExp(`^${s.url}/s/[0-9A-Za-z]{10}$`));
    expect(sms.resolveUrl).toMatch(new RegExp(`^${s.url}/s/[0-9A-Za-z]{10}$`));
    expect(sms.ackUrl).not.toBe(sms.resolveUrl);
    const mail = await actionLinks(s.rt, { incidentId: id, recipient: ANA.email, channel: 'email', now: clock.now() });
    expect(mail.ackUrl).toMatch(new RegExp(`^${s.url}/ack/[\\w-]+\\.[\\w-]+$`));
    expect(mail.resolveUrl).toMatch(new RegExp(`^${s.url}/resolve/[\\w-]+\\.[\\w-]+$`));
  });

  it('GET shows the confirmation page for the number’s owner; POST acknowledges, twice is idempotent', async () => {
    const id = await openIncident(s, 'ShortAck');
    const { ackUrl } = await links(id);
    const shown = await fetch(ackUrl);
    expect(shown.status).toBe(200);
    const html = await shown.text();
    expect(html).toContain(`#${id} ShortAck on pay-api`);
    expect(html).toContain('Acknowledge as Ana');
    expect((await detail(s, id)).status).toBe('triggered');

    const acted = await fetch(ackUrl, { method: 'POST' });
    expect(acted.status).toBe(200);
    expect(await acted.text()).toContain(`Acknowledged #${id} ShortAck on pay-api.`);
    const again = await fetch(ackUrl, { method: 'POST' });
    expect(await again.text()).toContain(`#${id} was already acknowledged by Ana.`);
    const d = await detail(s, id);
    expect(d.status).toBe('acknowledged');
    expect(d.timeline.filter((t) => t.kind === 'acknowledged')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'acknowledged by Ana via SMS link' }),
    ]);
  });

  it('the resolve short link resolves and stops the escalation', async () => {
    const id = await openIncident(s, 'ShortResolve');
    const { resolveUrl } = await links(id);
    expect((await fetch(resolveUrl, { method: 'POST' })).status).toBe(200);
    clock.advance(15 * MIN);
    await s.engine!.drain();
    expect(pagesTo(id)).toEqual([ANA.email]);
    expect(pagesTo(id)).not.toContain(DAN.email);
    const d = await detail(s, id);
    expect(d.status).toBe('resolved');
    expect(d.timeline.find((t) => t.kind === 'resolved')).toMatchObject({ message: 'resolved by Ana via SMS link' });
  });

  it('an unknown code, a malformed one, or one past its 7 days is a 404 page, and nothing changes', async () => {
    const id = await openIncident(s, 'ShortExpired');
    const { ackUrl } = await links(id);
    for (const url of [`${s.url}/s/AAAAAAAAAA`, `${s.url}/s/short`, `${s.url}/s/${'x'.repeat(40)}`]) {
      expect((await fetch(url)).status).toBe(404);
      expect((await fetch(url, { method: 'POST' })).status).toBe(404);
    }
    clock.advance(7 * 24 * 60 * MIN - MIN);
    expect((await fetch(ackUrl)).status).toBe(200); // a minute before it expires
    clock.advance(2 * MIN);
    const late = await fetch(ackUrl, { method: 'POST' });
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('unknown or has expired');
    expect((await detail(s, id)).status).toBe('triggered');
  });
});
