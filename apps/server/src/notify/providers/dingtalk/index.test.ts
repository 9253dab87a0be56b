import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { TransientSendError, VendorRejectedError } from '../shared/http.ts';
import {
  json,
  NOW,
  refusedBase,
  sampleNotice,
  SAMPLE_CHECK_IN,
  samplePage,
  startServer,
  testDeps,
  text,
  type TestServer,
} from '../../../../../../test/support/chat-webhook-testing.ts';
import { factory } from './index.ts';

const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SECRET = 'SECd3b1f0c0a8e64b1b9a77b2c6d2b4e7f0a1b2c3d4e5f60718293a4b5c6d7e8f9';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const provider = (apiBase: string, extra: Record<string, unknown> = {}) =>
  factory.create(factory.configSchema.parse({ accessToken: TOKEN, apiBase, ...extra }), testDeps());

/** A DingTalk stand-in answering every request with `answer`. */
const dingtalk = (answer: unknown, status = 200) => startServer((_req, res) => json(res, status, answer));

describe('dingtalk provider', () => {
  it('sends a signed actionCard to /robot/send; the sign matches an independent computation', async () => {
    server = await dingtalk({ errcode: 0, errmsg: 'ok' });
    expect(await provider(server.base, { secret: SECRET }).send('', samplePage())).toEqual({ providerMessageId: null });

    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const url = new URL(req!.url, 'http://x');
    expect(url.pathname).toBe('/robot/send');
    expect([...url.searchParams.keys()].sort()).toEqual(['access_token', 'sign', 'timestamp']);
    expect(url.searchParams.get('access_token')).toBe(TOKEN);
    const timestamp = url.searchParams.get('timestamp')!;
    expect(timestamp).toBe(String(NOW.getTime()));
    // DingTalk's documented algorithm, written out independently of sign.ts.
    const expected = createHmac('sha256', Buffer.from(SECRET, 'utf8'))
      .update(Buffer.from(`${timestamp}\n${SECRET}`, 'utf8'))
      .digest('base64');
    expect(url.searchParams.get('sign')).toBe(expected);
    // And the raw query carries it percent-encoded, as the docs require.
    expect(req!.url).toContain(`sign=${encodeURIComponent(expected)}`);

    const body = JSON.parse(req!.body) as {
      msgtype: string;
      actionCard: { title: string; text: string; btnOrientation: string; btns: unknown[] };
    };
    expect(body.msgtype).toBe('actionCard');
    expect(body.actionCard.title).toBe('Faultline [P1] #42 Payment API 5xx above 5%');
    expect(body.actionCard.text).toContain('- **Service**: payments-api');
    expect(body.actionCard.text).toContain('- HTTP 5xx ratio 7.2% on payments-api');
    expect(body.actionCard.btnOrientation).toBe('1');
    expect(body.actionCard.btns).toEqual([
      { title: 'Acknowledge', actionURL: samplePage().ackUrl },
      { title: 'Resolve', actionURL: samplePage().resolveUrl },
      { title: 'Open in Faultline', actionURL: samplePage().incidentUrl },
    ]);
  });

  it('adds Join and Decline buttons, stacked, to a page with check-in', async () => {
    server = await dingtalk({ errcode: 0, errmsg: 'ok' });
    await provider(server.base).send('', samplePage({ checkIn: SAMPLE_CHECK_IN }));
    const body = JSON.parse(server.requests[0]!.body) as { actionCard: Record<string, unknown> };
    expect(body.actionCard.btnOrientation).toBe('0');
    expect(body.actionCard.btns).toEqual([
      { title: 'Acknowledge', actionURL: samplePage().ackUrl },
      { title: 'Resolve', actionURL: samplePage().resolveUrl },
      { title: 'Join', actionURL: SAMPLE_CHECK_IN.joinUrl },
      { title: 'Decline', actionURL: SAMPLE_CHECK_IN.declineUrl },
      { title: 'Open in Faultline', actionURL: samplePage().incidentUrl },
    ]);
  });

  it('sends no timestamp or sign without a secret, and a notice as markdown', async () => {
    server = await dingtalk({ errcode: 0, errmsg: 'ok' });
    await provider(server.base).send('', sampleNotice());
    const [req] = server.requests;
    expect(req!.url).toBe(`/robot/send?access_token=${TOKEN}`);
    expect(JSON.parse(req!.body)).toEqual({
      msgtype: 'markdown',
      markdown: {
        title: 'Faultline: Level rules approved',
        text: '### Level rules approved\n\nVersion 7 of the level rules is now active.\n\n###### Faultline',
      },
    });
  });

  it.each([
    [310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]'],
    [310000, 'keywords not in content'],
    [300001, 'token is not exist'],
  ])('maps errcode %i (%s) to a permanent error', async (errcode, errmsg) => {
    server = await dingtalk({ errcode, errmsg });
    const err = await provider(server.base, { secret: SECRET })
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as VendorRejectedError).code).toBe(errcode);
    expect((err as Error).message).toBe(`DingTalk robot: errcode ${errcode} ${errmsg}`);
  });

  it('maps errcode 130101 (send too fast) and -1 (busy) to transient errors', async () => {
    for (const [errcode, errmsg] of [
      [130101, 'send too fast, exceed 20 times per minute'],
      [-1, '系统繁忙'],
    ] as const) {
      server = await dingtalk({ errcode, errmsg });
      const err = await provider(server.base)
        .send('', samplePage())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TransientSendError);
      expect((err as TransientSendError).code).toBe(errcode);
      await server.close();
    }
    server = undefined;
  });

  it('maps HTTP 500 and a body without errcode to transient errors', async () => {
    server = await startServer((req, res) =>
      req.url.startsWith('/robot') ? text(res, 502, 'Bad Gateway') : text(res, 200, '<html>proxy</html>'),
    );
    await expect(provider(server.base).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
    await expect(provider(`${server.base}/proxy`).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });

  it('treats connection refused as transient, without the token in the message', async () => {
    const err = await provider(await refusedBase())
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSendError);
    expect((err as Error).message).not.toContain(TOKEN);
  });
});

describe('dingtalk config', () => {
  const parse = (v: unknown) => factory.configSchema.safeParse(v);
  it('takes the token from a pasted webhook URL and defaults apiBase', () => {
    const r = parse({ accessToken: `https://oapi.dingtalk.com/robot/send?access_token=${TOKEN}` });
    expect(r.success && r.data).toEqual({ accessToken: TOKEN, apiBase: 'https://oapi.dingtalk.com' });
  });
  it('refuses malformed tokens, secrets and bases', () => {
    expect(parse({ accessToken: 'has spaces in it' }).success).toBe(false);
    expect(parse({ accessToken: TOKEN, secret: 'not-a-sec-secret' }).success).toBe(false);
    expect(parse({ accessToken: TOKEN, apiBase: 'https://oapi.dingtalk.com/?x=1' }).success).toBe(false);
    expect(parse({ accessToken: TOKEN, apiBase: 'gopher://oapi.dingtalk.com' }).success).toBe(false);
  });
  it('lists the secret fields', () => {
    expect(factory.secretFields).toEqual(['accessToken', 'secret']);
  });
});
