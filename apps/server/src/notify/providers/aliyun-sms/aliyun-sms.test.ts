import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { InvalidNumberError, TransientSendError, classifySendError } from '../../phone/errors.ts';
import {
  recomputeAcs3,
  samplePage,
  startVendorStub,
  testDeps,
  type VendorStub,
} from '../../../../../../test/support/vendor-stub.ts';
import { ALIYUN_SMS_UP_ACK, AliyunSmsConfig, acsPercentEncode, factory, parseAliyunSmsUp } from './index.ts';

const KEY_ID = 'LTAI5tExampleKeyId';
const SECRET = 'example-access-key-secret';
let stub: VendorStub;
beforeAll(async () => {
  stub = await startVendorStub();
});
afterAll(() => stub.close());

const config = (over: Record<string, unknown> = {}) =>
  AliyunSmsConfig.parse({
    accessKeyId: KEY_ID,
    accessKeySecret: SECRET,
    apiBase: stub.url,
    signName: '故障平台',
    pageTemplate: { code: 'SMS_154950909' },
    ...over,
  });
const provider = (over: Record<string, unknown> = {}) => factory.create(config(over), testDeps());

/** SendSms's success answer. */
const ok = {
  status: 200,
  body: { Code: 'OK', Message: 'OK', BizId: '9006197469364984^0', RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990' },
};
/** A business error: HTTP 200 with a Code other than OK. */
const business = (Code: string, Message: string) => ({ status: 200, body: { Code, Message, RequestId: 'R1' } });
/** A gateway error: an HTTP error status with `{ Code, Message, RequestId, HostId, Recommend }`. */
const gateway = (status: number, Code: string, Message: string) => ({
  status,
  body: {
    Code,
    Message,
    RequestId: 'R2',
    HostId: 'dysmsapi.aliyuncs.com',
    Recommend: 'https://api.aliyun.com/troubleshoot',
  },
});

describe('factory', () => {
  it('is a phone provider with a secret AccessKey', () => {
    expect(factory).toMatchObject({
      id: 'aliyun-sms',
      address: 'phone',
      secretFields: ['accessKeySecret', 'smsUpSecret'],
    });
    expect(config().pageTemplate.params).toEqual({ level: '{{level}}', id: '{{id}}', title: '{{title}}' });
    expect(
      AliyunSmsConfig.parse({ accessKeyId: 'a', accessKeySecret: 'b', signName: 's', pageTemplate: { code: 'SMS_1' } })
        .apiBase,
    ).toBe('https://dysmsapi.aliyuncs.com');
  });

  it('refuses unknown placeholders and malformed template codes', () => {
    const bad = AliyunSmsConfig.safeParse({
      accessKeyId: 'a',
      accessKeySecret: 'b',
      signName: 's',
      pageTemplate: { code: 'TTS_1', params: { t: '{{titel}}' } },
    });
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'pageTemplate.code',
      'pageTemplate.params.t',
    ]);
  });
});

describe('send', () => {
  it('sends SendSms with the documented parameters, signed with ACS3-HMAC-SHA256', async () => {
    stub.answer(() => ok);
    const result = await provider().send('+8613800138000', samplePage());
    expect(result).toEqual({ providerMessageId: '9006197469364984^0' });
    const [req] = stub.requests;
    expect(req!.method).toBe('POST');
    expect(req!.path).toBe('/');
    expect(req!.body).toBe('');
    expect(req!.headers['content-type']).toBeUndefined();
    expect(Object.fromEntries(req!.query)).toEqual({
      PhoneNumbers: '13800138000',
      SignName: '故障平台',
      TemplateCode: 'SMS_154950909',
      TemplateParam: '{"level":"P1","id":"42","title":"Checkout error rate above 5%"}',
    });
    expect(req!.headers).toMatchObject({
      'x-acs-action': 'SendSms',
      'x-acs-version': '2017-05-25',
      'x-acs-date': '2026-11-21T12:00:00Z',
      'x-acs-content-sha256': createHash('sha256').update('').digest('hex'),
    });
    expect(req!.headers['x-acs-signature-nonce']).toMatch(/^[0-9a-f-]{36}$/);
    const sig = recomputeAcs3(req!, SECRET);
    expect(sig.credential).toBe(KEY_ID);
    expect(sig.signedHeaders).toEqual([
      'host',
      'x-acs-action',
      'x-acs-content-sha256',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-version',
    ]);
    expect(sig.given).toBe(sig.expected);
    expect(recomputeAcs3(req!, 'another-secret').expected).not.toBe(sig.given);
  });

  it('signs values that need percent-encoding (spaces, *, ~, quotes, CJK) the way the gateway re-derives them', async () => {
    stub.answer(() => ok);
    await provider({
      pageTemplate: { code: 'SMS_1', params: { title: '{{title}} (*~!) {{service}}' } },
      maxParamLength: 200,
    }).send('+85291234567', samplePage({ title: "DB 'primary' 宕机 + 100% load" }));
    const [req] = stub.requests;
    expect(req!.query.get('PhoneNumbers')).toBe('85291234567');
    expect(req!.rawQuery).toContain('%20');
    expect(req!.rawQuery).not.toContain('+');
    expect(req!.rawQuery).toContain('%2A');
    expect(req!.rawQuery).toContain('~');
    expect(JSON.parse(req!.query.get('TemplateParam')!)).toEqual({
      title: "DB 'primary' 宕机 + 100% load (*~!) checkout-api",
    });
    const sig = recomputeAcs3(req!, SECRET);
    expect(sig.given).toBe(sig.expected);
  });

  it('cuts each template variable to maxParamLength characters', async () => {
    stub.answer(() => ok);
    await provider({ maxParamLength: 10 }).send(
      '+8613800138000',
      samplePage({ title: '支付网关错误率超过百分之五影响下单' }),
    );
    expect(JSON.parse(stub.requests[0]!.query.get('TemplateParam')!)).toEqual({
      level: 'P1',
      id: '42',
      title: '支付网关错误率超过…',
    });
  });

  it('sends notices with the notice template, and fails over without one', async () => {
    stub.answer(() => ok);
    await provider({ noticeTemplate: { code: 'SMS_2' } }).send('+8613800138000', {
      kind: 'notice',
      subject: '规则',
      text: '已批准',
    });
    expect(Object.fromEntries(stub.requests[0]!.query)).toMatchObject({
      TemplateCode: 'SMS_2',
      TemplateParam: '{"subject":"规则","text":"已批准"}',
    });
    const err = await provider()
      .send('+8613800138000', { kind: 'notice', subject: 's', text: 't' })
      .catch((e: unknown) => e);
    expect(classifySendError(err)).toBe('provider');
  });

  it.each([
    [business('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号'), 'number'],
    [business('isv.TEMPLATE_MISSING_PARAMETERS', '模板缺少变量'), 'provider'],
    [business('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名'), 'provider'],
    [business('isv.SMS_TEMPLATE_ILLEGAL', '模板不合法'), 'provider'],
    [business('isv.AMOUNT_NOT_ENOUGH', '账户余额不足'), 'provider'],
    [business('isv.PARAM_NOT_SUPPORT_URL', '不支持URL'), 'provider'],
    [business('isp.RAM_PERMISSION_DENY', 'RAM权限DENY'), 'provider'],
    [business('isv.BUSINESS_LIMIT_CONTROL', '触发号码天级流控Permits:10'), 'transient'],
    [business('isp.SYSTEM_ERROR', '系统错误'), 'transient'],
    [gateway(400, 'Throttling.User', 'Request was denied due to user flow control.'), 'transient'],
    [gateway(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.'), 'provider'],
    [gateway(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.'), 'provider'],
    [business('isv.SOMETHING_NEW', '新错误'), 'transient'],
    [gateway(400, 'MissingPhoneNumbers', 'PhoneNumbers is mandatory for this action.'), 'provider'],
    [
      gateway(503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'),
      'transient',
    ],
  ] as const)('maps %j to a %s error', async (answer, kind) => {
    stub.answer(() => answer);
    const err = await provider()
      .send('+8613800138000', samplePage())
      .catch((e: unknown) => e);
    expect(classifySendError(err)).toBe(kind);
    expect((err as Error).message).toContain(answer.body.Code);
  });

  it('treats a non-JSON 502 as transient and a non-JSON 403 as permanent', async () => {
    stub.answer(() => ({ status: 502, body: 'Bad Gateway' }));
    await expect(provider().send('+8613800138000', samplePage())).rejects.toThrow(TransientSendError);
    stub.answer(() => ({ status: 403, body: 'Forbidden' }));
    const err = await provider()
      .send('+8613800138000', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect(err).not.toBeInstanceOf(InvalidNumberError);
  });

  it('gives up after the timeout with a transient error', async () => {
    stub.answer(() => ({ ...ok, delayMs: 1_000 }));
    await expect(provider({ timeoutMs: 100 }).send('+8613800138000', samplePage())).rejects.toThrow(
      'aliyun-sms: request timed out',
    );
  });

  it('refuses a number that is not E.164 without a request', async () => {
    stub.answer(() => ok);
    await expect(provider().send('13800138000', samplePage())).rejects.toThrow(InvalidNumberError);
    expect(stub.requests).toHaveLength(0);
  });
});

describe('percent-encoding', () => {
  it('keeps only RFC 3986 unreserved characters', () => {
    expect(acsPercentEncode("a b*c~d!e'f(g)h+i/j=k&l")).toBe('a%20b%2Ac~d%21e%27f%28g%29h%2Bi%2Fj%3Dk%26l');
    expect(acsPercentEncode('中')).toBe('%E4%B8%AD');
  });
});

describe('SmsUp replies', () => {
  it('reads the pushed replies, giving mainland senders +86', () => {
    const push = [
      {
        phone_number: '13800138000',
        content: 'ACK 42',
        send_time: '2026-11-21 12:01:00',
        dest_code: '1234',
        sequence_id: 1234567890,
      },
      {
        phone_number: '8613900139000',
        content: '确认',
        send_time: '2026-11-21 12:02:00',
        dest_code: '1234',
        sequence_id: '2',
      },
      { phone_number: 'garbage', content: 'x' },
      { phone_number: '13800138000' },
    ];
    expect(parseAliyunSmsUp(push)).toEqual([
      { from: '+8613800138000', body: 'ACK 42', sequenceId: '1234567890' },
      { from: '+8613900139000', body: '确认', sequenceId: '2' },
    ]);
    expect(parseAliyunSmsUp({ not: 'an array' })).toEqual([]);
    expect(ALIYUN_SMS_UP_ACK.code).toBe(0);
  });
});
