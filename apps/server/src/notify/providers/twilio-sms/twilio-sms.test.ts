import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { InvalidNumberError, TransientSendError, classifySendError } from '../../phone/errors.ts';
import { samplePage, startVendorStub, testDeps, type VendorStub } from '../../../../../../test/support/vendor-stub.ts';
import {
  TwilioSmsConfig,
  factory,
  parseReplyCommand,
  parseTwilioInboundSms,
  twilioSignature,
  twilioSmsReplyTwiml,
  verifyTwilioSignature,
} from './index.ts';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'auth-token-secret';
let stub: VendorStub;
beforeAll(async () => {
  stub = await startVendorStub();
});
afterAll(() => stub.close());

const config = (over: Record<string, unknown> = {}) =>
  TwilioSmsConfig.parse({ accountSid: ACCOUNT, authToken: TOKEN, from: '+14155550100', apiBase: stub.url, ...over });
const provider = (over: Record<string, unknown> = {}) => factory.create(config(over), testDeps());

/** Twilio's 201 answer to Create a Message. */
const created = {
  status: 201,
  body: { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued', num_segments: '1' },
};
/** Twilio's error body: `{ code, message, more_info, status }`. */
const twilioError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

describe('factory', () => {
  it('is a phone provider with secret credentials', () => {
    expect(factory).toMatchObject({ id: 'twilio-sms', address: 'phone', secretFields: ['authToken', 'apiKeySecret'] });
  });

  it('validates the config', () => {
    expect(TwilioSmsConfig.safeParse({ accountSid: ACCOUNT, from: '+14155550100' }).success).toBe(false);
    expect(TwilioSmsConfig.safeParse({ accountSid: 'AC1', authToken: 't', from: '+14155550100' }).success).toBe(false);
    expect(TwilioSmsConfig.safeParse({ accountSid: ACCOUNT, authToken: 't' }).success).toBe(false);
    expect(TwilioSmsConfig.safeParse({ accountSid: ACCOUNT, authToken: 't', from: 'Faultline' }).success).toBe(true);
    expect(TwilioSmsConfig.safeParse({ accountSid: ACCOUNT, authToken: 't', from: '12345' }).success).toBe(false);
    expect(
      TwilioSmsConfig.safeParse({ accountSid: ACCOUNT, apiKeySid: 'SK0123456789abcdef0123456789abcdef', from: 'X1' })
        .success,
    ).toBe(false);
    const c = config();
    expect(c).toMatchObject({ maxSegments: 3, replies: false, timeoutMs: 10_000 });
    expect(TwilioSmsConfig.parse({ accountSid: ACCOUNT, authToken: 't', from: 'X1' }).apiBase).toBe(
      'https://api.twilio.com',
    );
  });
});

describe('send', () => {
  it('POSTs the documented form to Messages.json with Basic auth and returns the sid', async () => {
    stub.answer(() => created);
    const result = await provider().send('+8613800138000', samplePage());
    expect(result).toEqual({ providerMessageId: 'SM0123456789abcdef0123456789abcdef' });
    const [req] = stub.requests;
    expect(req).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Messages.json` });
    expect(req!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const [scheme, cred] = String(req!.headers.authorization).split(' ');
    expect(scheme).toBe('Basic');
    expect(Buffer.from(cred!, 'base64').toString()).toBe(`${ACCOUNT}:${TOKEN}`);
    const form = new URLSearchParams(req!.body);
    expect([...form.keys()].sort()).toEqual(['Body', 'From', 'To']);
    expect(form.get('To')).toBe('+8613800138000');
    expect(form.get('From')).toBe('+14155550100');
    expect(form.get('Body')).toBe(
      'P1 #42 [checkout-api] Checkout error rate above 5%\nAck: https://faultline.example.com/ack/tok123',
    );
  });

  it('authenticates with an API key and sends through a Messaging Service', async () => {
    stub.answer(() => created);
    const key = 'SK0123456789abcdef0123456789abcdef';
    await provider({
      authToken: undefined,
      apiKeySid: key,
      apiKeySecret: 'key-secret',
      from: undefined,
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
    }).send('+14155550123', { kind: 'notice', subject: 'Rules', text: 'approved' });
    const [req] = stub.requests;
    expect(Buffer.from(String(req!.headers.authorization).slice(6), 'base64').toString()).toBe(`${key}:key-secret`);
    const form = new URLSearchParams(req!.body);
    expect(form.get('MessagingServiceSid')).toBe('MG0123456789abcdef0123456789abcdef');
    expect(form.has('From')).toBe(false);
    expect(form.get('Body')).toBe('Rules: approved');
  });

  it('keeps the body within maxSegments', async () => {
    stub.answer(() => created);
    await provider({ maxSegments: 1, replies: true }).send(
      '+14155550123',
      samplePage({ title: 'x'.repeat(500), ackUrl: `https://faultline.example.com/ack/${'t'.repeat(150)}` }),
    );
    const body = new URLSearchParams(stub.requests[0]!.body).get('Body')!;
    expect(body.length).toBeLessThanOrEqual(160);
    expect(body).toContain('Reply ACK 42');
  });

  it('refuses a number that is not E.164 without calling Twilio', async () => {
    stub.answer(() => created);
    await expect(provider().send('4155550123', samplePage())).rejects.toThrow(InvalidNumberError);
    expect(stub.requests).toHaveLength(0);
  });

  it.each([
    [400, 21211, "The 'To' number +1555 is not a valid phone number.", 'number'],
    [400, 21614, "'To' number is not a valid mobile number", 'number'],
    [400, 21610, 'Attempt to send to unsubscribed recipient', 'number'],
    [401, 20003, 'Authenticate', 'provider'],
    [400, 21606, "The 'From' phone number provided is not a valid message-capable Twilio phone number", 'provider'],
    [400, 21408, 'Permission to send an SMS has not been enabled for the region', 'provider'],
    [429, 20429, 'Too Many Requests', 'transient'],
    [400, 20429, 'Too Many Requests', 'transient'],
    [500, 20500, 'Internal Server Error', 'transient'],
    [503, 20503, 'Service Unavailable', 'transient'],
    [408, 20408, 'Request Timeout', 'transient'],
    [302, 20302, 'Found', 'provider'],
  ] as const)('maps HTTP %i / Twilio %i to a %s error', async (status, code, message, kind) => {
    stub.answer(() => twilioError(status, code, message));
    const err = await provider()
      .send('+14155550123', samplePage())
      .catch((e: unknown) => e);
    expect(classifySendError(err)).toBe(kind);
    expect((err as Error).message).toContain(`Twilio ${code}`);
    expect((err as Error).message).toContain(message);
  });

  it('treats a non-JSON 502 from a proxy as transient and a non-JSON 403 as permanent', async () => {
    stub.answer(() => ({ status: 502, body: '<html>Bad Gateway</html>' }));
    await expect(provider().send('+14155550123', samplePage())).rejects.toThrow(TransientSendError);
    stub.answer(() => ({ status: 403, body: 'Forbidden' }));
    const err = await provider()
      .send('+14155550123', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(err).not.toBeInstanceOf(InvalidNumberError);
  });

  it('gives up after the timeout with a transient error', async () => {
    stub.answer(() => ({ ...created, delayMs: 1_000 }));
    const err = await provider({ timeoutMs: 100 })
      .send('+14155550123', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSendError);
    expect((err as Error).message).toBe('twilio-sms: request timed out');
  });

  it('treats a refused connection as transient', async () => {
    const err = await factory
      .create(
        TwilioSmsConfig.parse({ accountSid: ACCOUNT, authToken: TOKEN, from: 'X1', apiBase: 'http://127.0.0.1:1' }),
        testDeps(),
      )
      .send('+14155550123', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSendError);
  });
});

describe('webhook signatures', () => {
  // The example of Twilio's security documentation: this URL, these parameters and the token 12345.
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+12349013030',
    Digits: '1234',
    From: '+12349013030',
    To: '+18005551212',
  };

  it('matches the documented example', () => {
    expect(twilioSignature('12345', url, params)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(verifyTwilioSignature('12345', url, new URLSearchParams(params), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=')).toBe(true);
  });

  it('rejects a wrong token, a changed parameter or URL, and a missing signature', () => {
    const sig = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
    expect(verifyTwilioSignature('54321', url, params, sig)).toBe(false);
    expect(verifyTwilioSignature('12345', url, { ...params, Digits: '1' }, sig)).toBe(false);
    expect(verifyTwilioSignature('12345', url.replace('https', 'http'), params, sig)).toBe(false);
    expect(verifyTwilioSignature('12345', url, params, undefined)).toBe(false);
    expect(verifyTwilioSignature('12345', url, params, '')).toBe(false);
    expect(verifyTwilioSignature('12345', url, params, 'short')).toBe(false);
  });

  it('round-trips for any URL and parameters, and breaks when anything changes', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.webUrl({ withQueryParameters: true }),
        fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 40 }), { maxKeys: 8 }),
        fc.string({ minLength: 1, maxLength: 8 }),
        (token, u, p, extra) => {
          const sig = twilioSignature(token, u, p);
          expect(verifyTwilioSignature(token, u, p, sig)).toBe(true);
          expect(verifyTwilioSignature(token, u, new URLSearchParams(p), sig)).toBe(true);
          expect(verifyTwilioSignature(token, u + extra, p, sig)).toBe(false);
          expect(verifyTwilioSignature(token + extra, u, p, sig)).toBe(false);
        },
      ),
      { numRuns: 60 },
    );
    // fast-check's URL generator is slow on a loaded machine; 60 runs took over the default 5 s there.
  }, 30_000);
});

describe('inbound SMS', () => {
  const form = new URLSearchParams({
    ToCountry: 'US',
    SmsMessageSid: 'SM1',
    NumMedia: '0',
    MessageSid: 'SM1',
    AccountSid: ACCOUNT,
    From: '+8613800138000',
    To: '+14155550100',
    Body: 'ACK 42',
    ApiVersion: '2010-04-01',
  });

  it('reads the sender and the body, and the command in it', () => {
    const sms = parseTwilioInboundSms(form);
    expect(sms).toEqual({
      from: '+8613800138000',
      to: '+14155550100',
      body: 'ACK 42',
      messageSid: 'SM1',
      accountSid: ACCOUNT,
    });
    expect(parseReplyCommand(sms!.body)).toEqual({ action: 'ack', incidentId: 42 });
  });

  it('rejects posts that are not an SMS from a phone', () => {
    expect(parseTwilioInboundSms({ From: 'whatsapp:+86138', Body: 'x' })).toBeNull();
    expect(parseTwilioInboundSms({ From: '+8613800138000' })).toBeNull();
  });

  it('answers with escaped TwiML', () => {
    expect(twilioSmsReplyTwiml('Acknowledged #42 <ok> & "done"')).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response><Message>Acknowledged #42 &lt;ok&gt; &amp; &quot;done&quot;</Message></Response>',
    );
    expect(twilioSmsReplyTwiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
});
