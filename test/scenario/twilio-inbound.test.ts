/**
 * Acknowledge and resolve by SMS reply and by a key pressed during a call, through Twilio (DESIGN §7). Pages
 * go out through the real `twilio-sms` and `twilio-voice` providers to a local stand-in for Twilio's API;
 * the test then calls Faultline's webhooks the way Twilio does: form-encoded fields, signed with
 * `X-Twilio-Signature` = base64(HMAC-SHA1(auth token, URL + each field's name and value sorted by name)),
 * computed here with node:crypto rather than the product's helper. Answers are TwiML (`text/xml`).
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { enqueueJob } from '../../apps/server/src/engine/jobs.ts';
import { notifications } from '../../apps/server/src/notify/tables.ts';
import { startVendorStub, type VendorStub } from '../support/vendor-stub.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { actingConfig, addContact, detail, ensureUser, openIncident, seedPeople } from '../support/acting-fixtures.ts';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const AUTH_TOKEN = '12345678901234567890123456789abc';
const TWILIO_NUMBER = '+14155550100';
const ANA_PHONE = '+14155550123';
const ZED_PHONE = '+447700900123'; // nobody's
const UNVERIFIED_PHONE = '+14155550999';

/** Twilio's signature, written out here from Twilio's documentation. */
function sign(url: string, fields: Record<string, string>, token = AUTH_TOKEN): string {
  const data =
    url +
    Object.keys(fields)
      .sort()
      .map((k) => k + fields[k])
      .join('');
  return createHmac('sha1', token).update(data, 'utf8').digest('base64');
}

describe('Twilio SMS replies and voice keypresses', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let twilio: VendorStub;
  let s: TestServer;
  let seq = 0;

  /** POSTs fields to a Faultline webhook path as Twilio does; `signedUrl` is the URL the signature covers. */
  async function webhook(
    path: string,
    fields: Record<string, string>,
    opts: { token?: string; signedUrl?: string } = {},
  ) {
    const url = `${s.url}${path}`;
    return fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(opts.signedUrl ?? url, fields, opts.token),
        'i-twilio-idempotency-token': `idem-${++seq}`,
      },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** An inbound SMS as Twilio's "A message comes in" webhook posts it. */
  const smsFields = (from: string, body: string): Record<string, string> => ({
    ToCountry: 'US',
    ToState: 'CA',
    SmsMessageSid: `SM${String(++seq).padStart(32, '0')}`,
    NumMedia: '0',
    ToCity: 'SAN FRANCISCO',
    FromZip: '',
    SmsSid: `SM${String(seq).padStart(32, '0')}`,
    FromState: '',
    SmsStatus: 'received',
    FromCity: '',
    Body: body,
    FromCountry: from.startsWith('+44') ? 'GB' : 'US',
    To: TWILIO_NUMBER,
    ToZip: '94105',
    NumSegments: '1',
    MessageSid: `SM${String(seq).padStart(32, '0')}`,
    AccountSid: ACCOUNT,
    From: from,
    ApiVersion: '2010-04-01',
  });

  /** Sends a reply; returns the HTTP status, content type and the `<Message>` text. */
  async function reply(from: string, body: string) {
    const res = await webhook('/api/v1/twilio/sms', smsFields(from, body));
    const xml = await res.text();
    const text = /<Message>([\s\S]*)<\/Message>/
      .exec(xml)?.[1]
      ?.replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
    return { status: res.status, type: res.headers.get('content-type'), xml, text };
  }

  /** Sends incident `id`'s page to `phone` through `channel` (a notification and its delivery job). */
  async function pagePhone(id: number, channel: 'ops-sms' | 'ops-voice', phone: string) {
    const now = clock.now();
    const [row] = await s.rt.db
      .insert(notifications)
      .values({
        incidentId: id,
        idempotencyKey: `${id}:test-phone:${phone}:${channel}`,
        channel,
        recipient: phone,
        status: 'pending',
        createdAt: now,
        nextAttemptAt: now,
      })
      .returning({ id: notifications.id });
    await enqueueJob(s.rt.db, 'notify.deliver', { notificationId: row!.id }, now, now);
    await s.engine!.drain();
  }

  beforeAll(async () => {
    twilio = await startVendorStub();
    twilio.answer((req) =>
      req.path.endsWith('/Messages.json')
        ? { status: 201, body: { sid: `SM${'a'.repeat(32)}`, status: 'queued' } }
        : req.path.endsWith('/Calls.json')
          ? { status: 201, body: { sid: `CA${'b'.repeat(32)}`, status: 'queued' } }
          : { status: 404, body: { code: 20404, message: 'not found', status: 404 } },
    );
    const creds = { accountSid: ACCOUNT, authToken: AUTH_TOKEN, apiBase: twilio.url };
    const channels = [
      { id: 'ops-sms', type: 'twilio-sms', config: { ...creds, from: TWILIO_NUMBER, replies: true } },
      { id: 'ops-voice', type: 'twilio-voice', config: { ...creds, from: TWILIO_NUMBER } },
    ];
    // The Twilio stub listens on 127.0.0.1: outbound calls must be allowed there.
    s = await startTestServer({
      clock,
      providers: { email },
      engineLoop: false,
      configYaml: actingConfig(channels, [], ['127.0.0.1']),
    });
    const { ana } = await seedPeople(s);
    await addContact(s, ana, 'sms', ANA_PHONE);
    await addContact(s, ana, 'voice', ANA_PHONE);
    const dan = await ensureUser(s, { name: 'Dan', email: 'dan@example.com' });
    await addContact(s, dan, 'sms', UNVERIFIED_PHONE, false);
  });
  afterAll(async () => {
    await s.dispose();
    await twilio.close();
  });

  it('"ACK <id>" from a verified number acknowledges as its owner and answers with TwiML', async () => {
    const id = await openIncident(s, 'SmsAck');
    const r = await reply(ANA_PHONE, `ack ${id}`);
    expect(r.status).toBe(200);
    expect(r.type).toContain('text/xml');
    expect(r.xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><Response><Message>')).toBe(true);
    expect(r.text).toBe(`Acknowledged #${id} SmsAck on pay-api.`);
    const d = await detail(s, id);
    expect(d.status).toBe('acknowledged');
    expect(d.timeline.filter((t) => t.kind === 'acknowledged')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'acknowledged by Ana via SMS reply' }),
    ]);
    expect((await reply(ANA_PHONE, `ACK ${id}`)).text).toBe(`#${id} was already acknowledged by Ana.`);
  });

  it('a bare "1" acts on the latest page sent to that number', async () => {
    const older = await openIncident(s, 'SmsOlder');
    const latest = await openIncident(s, 'SmsLatest');
    await pagePhone(older, 'ops-sms', ANA_PHONE);
    clock.advance(1000);
    await pagePhone(latest, 'ops-sms', ANA_PHONE);
    const sent = twilio.requests
      .filter((r) => r.path.endsWith('/Messages.json'))
      .map((r) => new URLSearchParams(r.body));
    expect(sent.at(-1)!.get('To')).toBe(ANA_PHONE);
    expect(sent.at(-1)!.get('Body')).toContain(`#${latest}`);
    // An SMS carries the short link (a signed one would not fit), and a reply hint.
    expect(sent.at(-1)!.get('Body')).toMatch(new RegExp(`${s.url}/s/[0-9A-Za-z]{10}`));
    expect((await reply(ANA_PHONE, '1')).text).toBe(`Acknowledged #${latest} SmsLatest on pay-api.`);
    expect((await detail(s, latest)).status).toBe('acknowledged');
    expect((await detail(s, older)).status).toBe('triggered');
  });

  it('"RES <id>" resolves; a bare "2" is not a command', async () => {
    const id = await openIncident(s, 'SmsResolve');
    const two = await reply(ANA_PHONE, '2');
    expect(two.text).toContain('Reply ACK 42 to acknowledge');
    expect((await detail(s, id)).status).toBe('triggered');
    expect((await reply(ANA_PHONE, `RES ${id}`)).text).toBe(`Resolved #${id} SmsResolve on pay-api.`);
    const d = await detail(s, id);
    expect(d.status).toBe('resolved');
    expect(d.timeline.filter((t) => t.kind === 'resolved')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'resolved by Ana via SMS reply' }),
    ]);
  });

  it('an unknown or unverified number gets a polite answer and changes nothing', async () => {
    const id = await openIncident(s, 'SmsStranger');
    for (const phone of [ZED_PHONE, UNVERIFIED_PHONE]) {
      const r = await reply(phone, `ACK ${id}`);
      expect(r.status).toBe(200);
      expect(r.text).toContain('not linked to a Faultline user');
    }
    expect((await detail(s, id)).status).toBe('triggered');
  });

  it('a wrong signature, another auth token or another URL is 401, and nothing changes', async () => {
    const id = await openIncident(s, 'SmsForged');
    const fields = smsFields(ANA_PHONE, `ACK ${id}`);
    const wrongToken = await webhook('/api/v1/twilio/sms', fields, { token: 'not-the-auth-token' });
    expect(wrongToken.status).toBe(401);
    const wrongUrl = await webhook('/api/v1/twilio/sms', fields, {
      signedUrl: 'https://elsewhere.example/api/v1/twilio/sms',
    });
    expect(wrongUrl.status).toBe(401);
    const unsigned = await fetch(`${s.url}/api/v1/twilio/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    expect(unsigned.status).toBe(401);
    // A field changed after signing.
    const tampered = await fetch(`${s.url}/api/v1/twilio/sms`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': sign(`${s.url}/api/v1/twilio/sms`, { ...fields, Body: 'hello' }),
      },
      body: new URLSearchParams(fields).toString(),
    });
    expect(tampered.status).toBe(401);
    const d = await detail(s, id);
    expect(d.status).toBe('triggered');
    expect(d.timeline.some((t) => t.kind === 'acknowledged')).toBe(false);
  });

  describe('voice', () => {
    /** The Gather action URL of the latest call's TwiML. */
    const gatherUrl = () => {
      const call = twilio.requests.filter((r) => r.path.endsWith('/Calls.json')).at(-1)!;
      const twiml = new URLSearchParams(call.body).get('Twiml')!;
      const action = /<Gather [^>]*action="([^"]+)"/.exec(twiml)![1]!.replace(/&amp;/g, '&');
      return new URL(action);
    };
    const gather = (url: URL, digits: string, token?: string) =>
      webhook(
        `${url.pathname}${url.search}`,
        {
          AccountSid: ACCOUNT,
          ApiVersion: '2010-04-01',
          CallSid: `CA${'b'.repeat(32)}`,
          CallStatus: 'in-progress',
          Called: ANA_PHONE,
          Caller: TWILIO_NUMBER,
          Digits: digits,
          Direction: 'outbound-api',
          FinishedOnKey: '',
          From: TWILIO_NUMBER,
          To: ANA_PHONE,
          msg: 'Gather End',
        },
        token === undefined ? {} : { token },
      );

    it('the call gathers a key and points Twilio at the gather route; pressing 1 acknowledges', async () => {
      const id = await openIncident(s, 'VoiceAck');
      await pagePhone(id, 'ops-voice', ANA_PHONE);
      const url = gatherUrl();
      expect(`${url.origin}${url.pathname}`).toBe(`${s.url}/api/v1/twilio/voice/gather`);
      expect(url.searchParams.get('token')).toBeTruthy();

      const other = await gather(url, '5');
      expect(other.status).toBe(200);
      expect(await other.text()).toContain('Nothing was changed');
      expect((await detail(s, id)).status).toBe('triggered');

      const forged = await gather(url, '1', 'not-the-auth-token');
      expect(forged.status).toBe(401);
      expect((await detail(s, id)).status).toBe('triggered');

      const res = await gather(url, '1');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/xml');
      expect(await res.text()).toBe(
        `<?xml version="1.0" encoding="UTF-8"?><Response><Say language="en-US">Acknowledged #${id} VoiceAck on pay-api. Goodbye.</Say></Response>`,
      );
      const d = await detail(s, id);
      expect(d.status).toBe('acknowledged');
      expect(d.timeline.filter((t) => t.kind === 'acknowledged')).toEqual([
        expect.objectContaining({ actor: 'Ana', message: 'acknowledged by Ana via phone call' }),
      ]);
    });

    it('a gather whose ack token was tampered with acknowledges nothing', async () => {
      const id = await openIncident(s, 'VoiceTampered');
      await pagePhone(id, 'ops-voice', ANA_PHONE);
      const url = gatherUrl();
      url.searchParams.set('token', `${url.searchParams.get('token')!.slice(0, -3)}xyz`);
      const res = await gather(url, '1');
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('nothing was changed');
      expect((await detail(s, id)).status).toBe('triggered');
    });
  });
});
