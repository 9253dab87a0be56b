import { afterEach, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { TransientSendError, VendorRejectedError } from '../shared/http.ts';
import {
  json,
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

const KEY = '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa'.replace(/x/g, '0').replace('sifa', 'abcd');
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const provider = (apiBase: string, extra: Record<string, unknown> = {}) =>
  factory.create(factory.configSchema.parse({ key: KEY, apiBase, ...extra }), testDeps());
const wecom = (answer: unknown) => startServer((_req, res) => json(res, 200, answer));

describe('wecom provider', () => {
  it('POSTs Markdown to /cgi-bin/webhook/send?key=…', async () => {
    server = await wecom({ errcode: 0, errmsg: 'ok' });
    expect(await provider(server.base).send('', samplePage())).toEqual({ providerMessageId: null });

    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(`/cgi-bin/webhook/send?key=${KEY}`);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(req!.body) as { msgtype: string; markdown: { content: string } };
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.content).toBe(
      [
        '### <font color="warning">[P1]</font> #42 Payment API 5xx above 5%',
        '> Status: <font color="comment">triggered</font>',
        '> Service: <font color="comment">payments-api</font>',
        '> Paged because: <font color="comment">initial</font>',
        '',
        '**Alerts**',
        '• HTTP 5xx ratio 7.2% on payments-api',
        '• p99 latency 2.4 s on payments-api',
        '',
        `[Acknowledge](${samplePage().ackUrl})  [Resolve](${samplePage().resolveUrl})  [Open in Faultline](${samplePage().incidentUrl})`,
        '<font color="comment">Faultline · incident #42</font>',
      ].join('\n'),
    );
  });

  it('keeps Markdown within 4,096 bytes and keeps the links when alerts are long', async () => {
    server = await wecom({ errcode: 0, errmsg: 'ok' });
    const long = samplePage({
      alerts: Array.from({ length: 5 }, (_, i) => ({ summary: `告警${i} ${'很长的描述'.repeat(200)}`, labels: {} })),
    });
    await provider(server.base).send('', long);
    const content = (JSON.parse(server.requests[0]!.body) as { markdown: { content: string } }).markdown.content;
    expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(4096);
    expect(content).toContain(`[Acknowledge](${long.ackUrl})`);
  });

  it('renders a text_notice template card when configured', async () => {
    server = await wecom({ errcode: 0, errmsg: 'ok' });
    await provider(server.base, { format: 'template_card' }).send('', samplePage());
    const body = JSON.parse(server.requests[0]!.body) as { msgtype: string; template_card: Record<string, unknown> };
    expect(body.msgtype).toBe('template_card');
    expect(body.template_card).toMatchObject({
      card_type: 'text_notice',
      source: { desc: 'Faultline', desc_color: 2 },
      main_title: { title: '#42 Payment API 5xx above…', desc: 'P1 · triggered · payments-api' },
      emphasis_content: { title: 'P1', desc: 'Level' },
      jump_list: [
        { type: 1, title: 'Acknowledge', url: samplePage().ackUrl },
        { type: 1, title: 'Resolve', url: samplePage().resolveUrl },
        { type: 1, title: 'Open incident', url: samplePage().incidentUrl },
      ],
      card_action: { type: 1, url: samplePage().incidentUrl },
    });
    expect(Array.from((body.template_card.main_title as { title: string }).title)).toHaveLength(26);
  });

  it('puts Join / Decline in the template card’s three jumps, and as Markdown links', async () => {
    server = await wecom({ errcode: 0, errmsg: 'ok' });
    await provider(server.base, { format: 'template_card' }).send('', samplePage({ checkIn: SAMPLE_CHECK_IN }));
    const room = { joinUrl: samplePage().incidentUrl, declineUrl: null };
    await provider(server.base, { format: 'template_card' }).send('', samplePage({ checkIn: room }));
    await provider(server.base).send('', samplePage({ checkIn: SAMPLE_CHECK_IN }));
    const card = (i: number) =>
      (JSON.parse(server!.requests[i]!.body) as { template_card: Record<string, unknown> }).template_card;
    expect(card(0).jump_list).toEqual([
      { type: 1, title: 'Acknowledge', url: samplePage().ackUrl },
      { type: 1, title: 'Join', url: SAMPLE_CHECK_IN.joinUrl },
      { type: 1, title: 'Decline', url: SAMPLE_CHECK_IN.declineUrl },
    ]);
    expect(card(0).card_action).toEqual({ type: 1, url: samplePage().incidentUrl });
    expect(card(1).jump_list).toEqual([
      { type: 1, title: 'Acknowledge', url: samplePage().ackUrl },
      { type: 1, title: 'Join', url: room.joinUrl },
      { type: 1, title: 'Resolve', url: samplePage().resolveUrl },
    ]);
    const md = (JSON.parse(server.requests[2]!.body) as { markdown: { content: string } }).markdown.content;
    expect(md).toContain(
      `[Acknowledge](${samplePage().ackUrl})  [Resolve](${samplePage().resolveUrl})  ` +
        `[Join](${SAMPLE_CHECK_IN.joinUrl})  [Decline](${SAMPLE_CHECK_IN.declineUrl})  [Open in Faultline](${samplePage().incidentUrl})`,
    );
  });

  it('sends notices as Markdown', async () => {
    server = await wecom({ errcode: 0, errmsg: 'ok' });
    await provider(server.base, { format: 'template_card' }).send('', sampleNotice());
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      msgtype: 'markdown',
      markdown: {
        content:
          '### Level rules approved\nVersion 7 of the level rules is now active.\n<font color="comment">Faultline</font>',
      },
    });
  });

  it('maps errcode 45009 (rate limit) to a transient error', async () => {
    server = await wecom({ errcode: 45009, errmsg: 'api freq out of limit' });
    const err = await provider(server.base)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSendError);
    expect(err).not.toBeInstanceOf(PermanentSendError);
    expect((err as TransientSendError).code).toBe(45009);
  });

  it('maps errcode 93000 (invalid key) to a permanent error, without echoing the caller’s IP', async () => {
    server = await wecom({
      errcode: 93000,
      errmsg:
        'invalid webhook url, hint: [1708397705432012366598976], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=93000',
    });
    const err = await provider(server.base)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as VendorRejectedError).code).toBe(93000);
    expect((err as Error).message).toBe('WeCom robot: errcode 93000 invalid webhook url');
  });

  it('maps HTTP 500 and connection refused to transient errors', async () => {
    server = await startServer((_req, res) => text(res, 500, 'error'));
    await expect(provider(server.base).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
    await expect(provider(await refusedBase()).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });
});

describe('wecom config', () => {
  const parse = (v: unknown) => factory.configSchema.safeParse(v);
  it('takes the key from a pasted webhook URL and defaults format and apiBase', () => {
    const r = parse({ key: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${KEY}` });
    expect(r.success && r.data).toEqual({ key: KEY, format: 'markdown', apiBase: 'https://qyapi.weixin.qq.com' });
  });
  it('refuses malformed keys and formats', () => {
    expect(parse({ key: 'a key' }).success).toBe(false);
    expect(parse({ key: KEY, format: 'news' }).success).toBe(false);
  });
  it('lists the secret fields', () => {
    expect(factory.secretFields).toEqual(['key']);
  });
});
