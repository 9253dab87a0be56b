import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidNumberError, classifySendError } from '../../phone/errors.ts';
import {
  recomputeAcs3,
  samplePage,
  startVendorStub,
  testDeps,
  type VendorStub,
} from '../../../../../../test/support/vendor-stub.ts';
import { AliyunVoiceConfig, factory } from './index.ts';

const SECRET = 'voice-secret';
let stub: VendorStub;
beforeAll(async () => {
  stub = await startVendorStub();
});
afterAll(() => stub.close());

const config = (over: Record<string, unknown> = {}) =>
  AliyunVoiceConfig.parse({
    accessKeyId: 'LTAI5tVoiceKey',
    accessKeySecret: SECRET,
    apiBase: stub.url,
    pageTemplate: { code: 'TTS_10001' },
    ...over,
  });
const provider = (over: Record<string, unknown> = {}) => factory.create(config(over), testDeps());
const ok = {
  status: 200,
  body: { Code: 'OK', Message: 'OK', CallId: '116012354148^10281378****', RequestId: 'D9CB3933' },
};

describe('aliyun-voice', () => {
  it('is a phone provider defaulting to the dyvmsapi endpoint', () => {
    expect(factory).toMatchObject({ id: 'aliyun-voice', address: 'phone', secretFields: ['accessKeySecret'] });
    expect(
      AliyunVoiceConfig.parse({ accessKeyId: 'a', accessKeySecret: 'b', pageTemplate: { code: 'TTS_1' } }),
    ).toMatchObject({ apiBase: 'https://dyvmsapi.aliyuncs.com', playTimes: 2 });
    expect(
      AliyunVoiceConfig.safeParse({ accessKeyId: 'a', accessKeySecret: 'b', pageTemplate: { code: 'SMS_1' } }).success,
    ).toBe(false);
  });

  it('calls SingleCallByTts with the documented parameters, signed with ACS3-HMAC-SHA256, and returns the CallId', async () => {
    stub.answer(() => ok);
    const result = await provider({ calledShowNumber: '057188773344', playTimes: 3 }).send(
      '+8613800138000',
      samplePage(),
    );
    expect(result).toEqual({ providerMessageId: '116012354148^10281378****' });
    const [req] = stub.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/', body: '' });
    expect(Object.fromEntries(req!.query)).toEqual({
      CalledNumber: '13800138000',
      CalledShowNumber: '057188773344',
      TtsCode: 'TTS_10001',
      TtsParam: '{"level":"P1","id":"42","title":"Checkout error rate above 5%"}',
      PlayTimes: '3',
      OutId: 'faultline-42',
    });
    expect(req!.headers).toMatchObject({ 'x-acs-action': 'SingleCallByTts', 'x-acs-version': '2017-05-25' });
    const sig = recomputeAcs3(req!, SECRET);
    expect(sig.credential).toBe('LTAI5tVoiceKey');
    expect(sig.given).toBe(sig.expected);
  });

  it('uses the shared number pool when no caller number is set', async () => {
    stub.answer(() => ok);
    await provider().send('+8613800138000', samplePage());
    expect(stub.requests[0]!.query.has('CalledShowNumber')).toBe(false);
  });

  it('leaves numbers outside mainland China to the next channel, without a request', async () => {
    stub.answer(() => ok);
    const err = await provider()
      .send('+14155550123', samplePage())
      .catch((e: unknown) => e);
    expect(classifySendError(err)).toBe('provider');
    expect(stub.requests).toHaveLength(0);
    await expect(provider().send('8613800138000', samplePage())).rejects.toThrow(InvalidNumberError);
  });

  it.each([
    ['isv.MOBILE_NUMBER_ILLEGAL', 'number'],
    ['isv.BUSINESS_LIMIT_CONTROL', 'transient'],
    ['isv.VOICE_CALL_FAIL', 'transient'],
    ['isv.TTS_TEMPLATE_ILLEGAL', 'provider'],
    ['isv.DISPLAY_NUMBER_ILLEGAL', 'provider'],
    ['isv.OUT_OF_SERVICE', 'provider'],
    ['isv.COMPLAINT_REJECT', 'provider'],
    ['isv.UNKNOWN_NEW_CODE', 'transient'],
  ] as const)('maps %s to a %s error', async (Code, kind) => {
    stub.answer(() => ({ status: 200, body: { Code, Message: Code, RequestId: 'R' } }));
    const err = await provider()
      .send('+8613800138000', samplePage())
      .catch((e: unknown) => e);
    expect(classifySendError(err)).toBe(kind);
  });
});
