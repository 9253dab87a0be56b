import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidNumberError, classifySendError } from '../../phone/errors.ts';
import { samplePage, startVendorStub, testDeps, type VendorStub } from '../../../../../../test/support/vendor-stub.ts';
import { twilioSignature } from '../twilio-sms/twilio-api.ts';
import {
  TwilioVoiceConfig,
  buildPageTwiml,
  factory,
  gatherActionUrl,
  parseTwilioGather,
  twimlSay,
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
  TwilioVoiceConfig.parse({ accountSid: ACCOUNT, authToken: TOKEN, from: '+14155550100', apiBase: stub.url, ...over });
const provider = (over: Record<string, unknown> = {}) => factory.create(config(over), testDeps());
const created = { status: 201, body: { sid: 'CA0123456789abcdef0123456789abcdef', status: 'queued' } };
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>';

describe('factory', () => {
  it('is a phone provider and needs an E.164 caller number', () => {
    expect(factory).toMatchObject({ id: 'twilio-voice', address: 'phone' });
    expect(TwilioVoiceConfig.safeParse({ accountSid: ACCOUNT, authToken: 't', from: 'Faultline' }).success).toBe(false);
    // Language and sentences default to the reader's (the catalogs), so the config leaves them unset.
    expect(config()).toMatchObject({ repeat: 2 });
    expect(config()).not.toHaveProperty('language');
    expect(config()).not.toHaveProperty('introText');
  });
});

describe('send', () => {
  it('POSTs To, From and inline TwiML to Calls.json with Basic auth and returns the call sid', async () => {
    stub.answer(() => created);
    const result = await provider({ ringTimeoutSeconds: 30 }).send('+8613800138000', samplePage());
    expect(result).toEqual({ providerMessageId: 'CA0123456789abcdef0123456789abcdef' });
    const [req] = stub.requests;
    expect(req).toMatchObject({ method: 'POST', path: `/2010-04-01/Accounts/${ACCOUNT}/Calls.json` });
    expect(Buffer.from(String(req!.headers.authorization).replace(/^Basic /, ''), 'base64').toString()).toBe(
      `${ACCOUNT}:${TOKEN}`,
    );
    const form = new URLSearchParams(req!.body);
    expect([...form.keys()].sort()).toEqual(['From', 'Timeout', 'To', 'Twiml']);
    expect(form.get('To')).toBe('+8613800138000');
    expect(form.get('From')).toBe('+14155550100');
    expect(form.get('Timeout')).toBe('30');
    const gather =
      '<Gather input="dtmf" numDigits="1" timeout="8" method="POST" action="https://faultline.example.com/api/v1/twilio/voice/gather?token=tok123">' +
      '<Say language="en-US">This is Faultline. P1 incident 42: Checkout error rate above 5%. Service checkout-api. Press 1 to acknowledge.</Say>' +
      '</Gather>';
    expect(form.get('Twiml')).toBe(
      `${HEAD}<Response>${gather}${gather}<Say language="en-US">No key was pressed. Goodbye.</Say></Response>`,
    );
  });

  it("speaks a zh-CN reader's page in Mandarin from the catalog, and a configured sentence to every reader", async () => {
    stub.answer(() => created);
    await provider({ repeat: 1 }).send('+8613800138000', samplePage({ locale: 'zh-CN', levelText: 'P1 故障' }));
    expect(new URLSearchParams(stub.requests[0]!.body).get('Twiml')).toContain(
      '<Say language="zh-CN">这里是 Faultline。 P1 故障，编号 42：Checkout error rate above 5%。 服务 checkout-api。 确认请按 1。</Say>' +
        '</Gather><Say language="zh-CN">未收到按键，再见。</Say>',
    );
    stub.answer(() => created);
    await provider({ repeat: 1, introText: '您好。' }).send('+8613800138000', samplePage({ locale: 'zh-CN' }));
    expect(new URLSearchParams(stub.requests.at(-1)!.body).get('Twiml')).toContain(
      '<Say language="zh-CN">您好。 P1，编号 42',
    );
  });

  it('reads a notice once, without a Gather', async () => {
    stub.answer(() => created);
    await provider({ voice: 'Polly.Joanna' }).send('+14155550123', {
      kind: 'notice',
      subject: 'Rules',
      text: 'v3 approved',
    });
    expect(new URLSearchParams(stub.requests[0]!.body).get('Twiml')).toBe(
      `${HEAD}<Response><Say language="en-US" voice="Polly.Joanna">This is Faultline. Rules. v3 approved</Say></Response>`,
    );
  });

  it.each([
    [400, 21217, 'Phone number does not appear to be valid', 'number'],
    [400, 21215, 'Account not authorized to call +86…', 'provider'],
    [401, 20003, 'Authenticate', 'provider'],
    [429, 20429, 'Too Many Requests', 'transient'],
    [500, 20500, 'Internal Server Error', 'transient'],
  ] as const)('maps HTTP %i / Twilio %i to a %s error', async (status, code, message, kind) => {
    stub.answer(() => ({ status, body: { code, message, status } }));
    const err = await provider()
      .send('+14155550123', samplePage())
      .catch((e: unknown) => e);
    expect(classifySendError(err)).toBe(kind);
  });

  it('refuses a number that is not E.164 without calling Twilio', async () => {
    stub.answer(() => created);
    await expect(provider().send('+86-138', samplePage())).rejects.toThrow(InvalidNumberError);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('TwiML', () => {
  const options = {
    actionUrl: 'https://f.example.com/api/v1/twilio/voice/gather?token=a&b',
    language: 'en-US',
    repeat: 1,
    introText: 'This is <Faultline>.',
    ackPromptText: 'Press 1.',
    goodbyeText: 'Bye & thanks',
  };

  it('escapes text and attributes for XML and drops characters XML cannot carry', () => {
    const twiml = buildPageTwiml(
      samplePage({ title: `DB "primary" <down> & 'replica'\u0007 lagging`, levelText: 'P1' }),
      options,
    );
    expect(twiml).toContain('action="https://f.example.com/api/v1/twilio/voice/gather?token=a&amp;b"');
    expect(twiml).toContain(
      'This is &lt;Faultline&gt;. P1 incident 42: DB &quot;primary&quot; &lt;down&gt; &amp; &apos;replica&apos; lagging.',
    );
    expect(twiml).toContain('<Say language="en-US">Bye &amp; thanks</Say>');
    expect(twiml).not.toContain('\u0007');
    // Every '<' left is the start of a TwiML element.
    expect(twiml.match(/<(?!\?xml|\/?(Response|Gather|Say)[ >])/g)).toBeNull();
  });

  it('caps the spoken title and stays under the 4,000-character inline TwiML limit', () => {
    const twiml = buildPageTwiml(samplePage({ title: 'x'.repeat(5000) }), { ...options, repeat: 5 });
    expect(twiml.length).toBeLessThan(4000);
  });

  it('builds a one-line answer for the callback', () => {
    expect(twimlSay('Incident 42 acknowledged.', { language: 'en-US' })).toBe(
      `${HEAD}<Response><Say language="en-US">Incident 42 acknowledged.</Say></Response>`,
    );
  });
});

describe('Gather callback', () => {
  it('puts the ack token of the page in the action URL', () => {
    expect(gatherActionUrl('https://f.example.com/', 'https://f.example.com/ack/eyJh.c2ln')).toBe(
      'https://f.example.com/api/v1/twilio/voice/gather?token=eyJh.c2ln',
    );
  });

  it('reads the pressed key and the token, after the signature is checked', () => {
    const url = 'https://f.example.com/api/v1/twilio/voice/gather?token=eyJh.c2ln';
    const form = new URLSearchParams({
      AccountSid: ACCOUNT,
      CallSid: 'CA1',
      Digits: '1',
      From: '+14155550100',
      To: '+8613800138000',
      FinishedOnKey: '',
    });
    const signature = twilioSignature(TOKEN, url, form);
    expect(verifyTwilioSignature(TOKEN, url, form, signature)).toBe(true);
    expect(parseTwilioGather(form, url)).toEqual({
      callSid: 'CA1',
      digits: '1',
      acknowledged: true,
      token: 'eyJh.c2ln',
      to: '+8613800138000',
    });
    form.set('Digits', '2');
    expect(verifyTwilioSignature(TOKEN, url, form, signature)).toBe(false);
    expect(parseTwilioGather(form, url).acknowledged).toBe(false);
    expect(parseTwilioGather({}, 'https://f.example.com/api/v1/twilio/voice/gather')).toMatchObject({
      digits: '',
      acknowledged: false,
      token: null,
    });
  });
});
