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

const HOOK = '2f6bd4bb-5c5a-4c1e-9b44-123456789abc';
const SECRET = 'qO4vS9d1mX7pLk2JhT8rBw';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const provider = (apiBase: string, extra: Record<string, unknown> = {}) =>
  factory.create(factory.configSchema.parse({ hookId: HOOK, apiBase, ...extra }), testDeps());
const feishu = (answer: unknown, status = 200) => startServer((_req, res) => json(res, status, answer));

interface CardBody {
  timestamp?: string;
  sign?: string;
  msg_type: string;
  card: {
    header: { template: string; title: { content: string } };
    elements: Array<{ tag: string; actions?: Array<Record<string, unknown>> }>;
  };
}

describe('feishu provider', () => {
  it('POSTs a signed interactive card to /open-apis/bot/v2/hook/<id>; the sign matches an independent computation', async () => {
    server = await feishu({ code: 0, msg: 'success', data: {} });
    expect(await provider(server.base, { secret: SECRET }).send('', samplePage())).toEqual({ providerMessageId: null });

    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(`/open-apis/bot/v2/hook/${HOOK}`);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(req!.body) as CardBody;
    expect(body.timestamp).toBe(String(NOW.getTime() / 1000));
    // Feishu's documented algorithm, written out independently: key = "<timestamp>\n<secret>", message empty.
    const expected = createHmac('sha256', Buffer.from(`${body.timestamp}\n${SECRET}`, 'utf8'))
      .update(Buffer.alloc(0))
      .digest('base64');
    expect(body.sign).toBe(expected);
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header).toEqual({
      template: 'red',
      title: { tag: 'plain_text', content: '[P1] #42 Payment API 5xx above 5%' },
    });
    expect(body.card.elements.map((e) => e.tag)).toEqual(['div', 'div', 'action', 'note']);
    expect(body.card.elements[2]!.actions!.map((a) => [a.type, a.url])).toEqual([
      ['primary', samplePage().ackUrl],
      ['danger', samplePage().resolveUrl],
      ['default', samplePage().incidentUrl],
    ]);
  });

  it('sends no timestamp or sign without a secret, and a notice as text', async () => {
    server = await feishu({ StatusCode: 0, StatusMessage: 'success' });
    await provider(server.base).send('', sampleNotice());
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      msg_type: 'text',
      content: { text: 'Faultline: Level rules approved\n\nVersion 7 of the level rules is now active.' },
    });
  });

  it('adds a Join / Decline action row to a page with check-in', async () => {
    server = await feishu({ code: 0, msg: 'success', data: {} });
    await provider(server.base).send('', samplePage({ checkIn: SAMPLE_CHECK_IN }));
    const body = JSON.parse(server.requests[0]!.body) as CardBody;
    const plain = (content: string) => ({ tag: 'plain_text', content });
    expect(body.card.elements.map((e) => e.tag)).toEqual(['div', 'div', 'action', 'action', 'note']);
    expect(body.card.elements[3]).toEqual({
      tag: 'action',
      actions: [
        { tag: 'button', text: plain('Join'), type: 'primary', url: SAMPLE_CHECK_IN.joinUrl },
        { tag: 'button', text: plain('Decline'), type: 'default', url: SAMPLE_CHECK_IN.declineUrl },
      ],
    });
  });

  it('colours the header by level', async () => {
    server = await feishu({ code: 0, msg: 'success', data: {} });
    for (const levelText of ['P2', 'P3', 'risk', 'ungraded'])
      await provider(server.base).send('', samplePage({ levelText }));
    expect(server.requests.map((r) => (JSON.parse(r.body) as CardBody).card.header.template)).toEqual([
      'orange',
      'yellow',
      'yellow',
      'blue',
    ]);
  });

  it('maps a signature mismatch (19021) to a permanent error', async () => {
    server = await feishu({
      code: 19021,
      msg: 'sign match fail or timestamp is not within one hour from current time',
      data: {},
    });
    const err = await provider(server.base, { secret: 'wrong-secret' })
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as VendorRejectedError).code).toBe(19021);
    expect((err as Error).message).toBe(
      'Feishu bot: code 19021 sign match fail or timestamp is not within one hour from current time',
    );
  });

  it.each([
    [19001, 'param invalid: incoming webhook access token invalid', 200],
    [19024, 'Key Words Not Found', 200],
    [9499, 'Bad Request', 400],
  ])('maps code %i (%s) to a permanent error', async (code, msg, status) => {
    server = await feishu({ code, msg, data: {} }, status);
    await expect(provider(server.base).send('', samplePage())).rejects.toBeInstanceOf(PermanentSendError);
  });

  it('maps code 11232 (frequency limited), HTTP 500 and 429 to transient errors', async () => {
    server = await startServer((req, res) => {
      if (req.url.startsWith('/limited')) return json(res, 200, { code: 11232, msg: 'frequency limited', data: {} });
      if (req.url.startsWith('/busy')) return text(res, 429, 'Too Many Requests', { 'retry-after': '3' });
      return text(res, 500, 'internal');
    });
    const limited = await provider(`${server.base}/limited`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(TransientSendError);
    expect((limited as TransientSendError).code).toBe(11232);
    const busy = await provider(`${server.base}/busy`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect((busy as TransientSendError).retryAfterMs).toBe(3000);
    await expect(provider(`${server.base}/down`).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });

  it('treats connection refused as transient', async () => {
    await expect(provider(await refusedBase()).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });
});

describe('feishu config', () => {
  const parse = (v: unknown) => factory.configSchema.safeParse(v);
  it('defaults to the Feishu domain and posts there', async () => {
    const r = parse({ hookId: HOOK });
    expect(r.success && r.data).toEqual({ hookId: HOOK, domain: 'feishu' });
    let url = '';
    const deps = testDeps({
      fetch: async (u) => {
        url = String(u);
        return Response.json({ code: 0, msg: 'success', data: {} });
      },
    });
    await factory.create(r.data!, deps).send('', sampleNotice());
    expect(url).toBe(`https://open.feishu.cn/open-apis/bot/v2/hook/${HOOK}`);
  });
  it('takes the id and the Lark domain from a pasted Lark URL', async () => {
    const r = parse({ hookId: `https://open.larksuite.com/open-apis/bot/v2/hook/${HOOK}` });
    expect(r.success && r.data).toEqual({ hookId: HOOK, domain: 'lark' });
    let url = '';
    const deps = testDeps({
      fetch: async (u) => {
        url = String(u);
        return Response.json({ code: 0, msg: 'success', data: {} });
      },
    });
    await factory.create(r.data!, deps).send('', sampleNotice());
    expect(url).toBe(`https://open.larksuite.com/open-apis/bot/v2/hook/${HOOK}`);
  });
  it('keeps an explicit domain, and refuses bad ids and bases', () => {
    expect(
      parse({ hookId: `https://open.larksuite.com/open-apis/bot/v2/hook/${HOOK}`, domain: 'feishu' }).data?.domain,
    ).toBe('feishu');
    expect(parse({ hookId: 'a/b' }).success).toBe(false);
    expect(parse({ hookId: HOOK, domain: 'dingtalk' }).success).toBe(false);
    expect(parse({ hookId: HOOK, apiBase: 'ws://open.feishu.cn' }).success).toBe(false);
  });
  it('lists the secret fields', () => {
    expect(factory.secretFields).toEqual(['hookId', 'secret']);
  });
});
