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
  type TestServer,
} from '../../../../../../test/support/chat-webhook-testing.ts';
import { factory } from './index.ts';

const TOKEN = 'xoxb-1234-5678-abcdefABCDEF';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function provider(apiBase: string, extra: Record<string, unknown> = {}) {
  return factory.create(factory.configSchema.parse({ token: TOKEN, apiBase, ...extra }), testDeps());
}

/** A Slack Web API stand-in: answers per channel name. */
async function slack(answer: (channel: string) => [number, unknown, Record<string, string>?]) {
  return startServer((req, res) => {
    const body = JSON.parse(req.body) as { channel: string };
    const [status, payload, headers] = answer(body.channel);
    json(res, status, payload, headers);
  });
}

describe('slack provider (chat.postMessage)', () => {
  it('sends the documented request and returns the message ts', async () => {
    server = await slack((channel) => [200, { ok: true, channel, ts: '1795262400.000100', message: {} }]);
    const result = await provider(`${server.base}/api`).send('C0123456789', samplePage());

    expect(result).toEqual({ providerMessageId: '1795262400.000100' });
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/api/chat.postMessage');
    expect(req!.headers['authorization']).toBe(`Bearer ${TOKEN}`);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(req!.body) as {
      channel: string;
      text: string;
      blocks: Array<{ type: string; elements?: unknown[] }>;
    };
    expect(body.channel).toBe('C0123456789');
    expect(body.text).toBe('[P1] #42 Payment API 5xx above 5% (payments-api, triggered)');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'context']);
    const actions = body.blocks.find((b) => b.type === 'actions')!.elements as Array<Record<string, unknown>>;
    expect(actions.map((a) => [a.action_id, a.value, a.url])).toEqual([
      ['faultline_ack', '42', undefined],
      ['faultline_resolve', '42', undefined],
      ['faultline_open', undefined, 'https://faultline.example/incidents/42'],
    ]);
  });

  it('adds the Check in / Decline buttons of the interactivity URL to a page with check-in', async () => {
    server = await slack((channel) => [200, { ok: true, channel, ts: '1795262400.000100', message: {} }]);
    await provider(`${server.base}/api`).send('C0123456789', samplePage({ checkIn: SAMPLE_CHECK_IN }));
    const body = JSON.parse(server.requests[0]!.body) as { blocks: Array<{ type: string }> };
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'actions', 'actions', 'context']);
    const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
    expect(body.blocks[4]).toEqual({
      type: 'actions',
      block_id: 'faultline_check_in_42',
      elements: [
        { type: 'button', action_id: 'faultline_check_in', text: plain('Check in'), style: 'primary', value: '42' },
        { type: 'button', action_id: 'faultline_decline', text: plain('Decline'), value: '42' },
      ],
    });
  });

  it('posts to defaultChannel when the address is empty, and refuses when there is neither', async () => {
    server = await slack((channel) => [200, { ok: true, channel, ts: '1.2' }]);
    await provider(`${server.base}/api`, { defaultChannel: 'C0DEFAULT' }).send('', sampleNotice());
    expect(JSON.parse(server.requests[0]!.body).channel).toBe('C0DEFAULT');
    await expect(provider(`${server.base}/api`).send('  ', sampleNotice())).rejects.toBeInstanceOf(PermanentSendError);
    expect(server.requests).toHaveLength(1);
  });

  it.each(['channel_not_found', 'not_in_channel', 'invalid_auth', 'account_inactive', 'token_revoked', 'is_archived'])(
    'maps {ok:false, error:%s} to a permanent error',
    async (error) => {
      server = await slack(() => [200, { ok: false, error }]);
      const err = await provider(`${server.base}/api`)
        .send('C1', samplePage())
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PermanentSendError);
      expect((err as VendorRejectedError).code).toBe(error);
      expect((err as Error).message).toBe(`Slack chat.postMessage: ${error}`);
    },
  );

  it('maps HTTP 429 with Retry-After to a transient error carrying the delay', async () => {
    server = await slack(() => [429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' }]);
    const err = await provider(`${server.base}/api`)
      .send('C1', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSendError);
    expect(err).not.toBeInstanceOf(PermanentSendError);
    expect((err as TransientSendError).retryAfterMs).toBe(7000);
    expect((err as TransientSendError).code).toBe('ratelimited');
  });

  it('retries {ok:false} for rate limits, internal errors and codes it does not know', async () => {
    for (const error of ['ratelimited', 'internal_error', 'something_new']) {
      server = await slack(() => [200, { ok: false, error }]);
      await expect(provider(`${server.base}/api`).send('C1', samplePage())).rejects.toBeInstanceOf(TransientSendError);
      await server.close();
    }
    server = undefined;
  });

  it('treats HTTP 500 and a non-Slack body as transient', async () => {
    server = await startServer((req, res) =>
      req.url === '/api/chat.postMessage'
        ? json(res, 503, { ok: false, error: 'service_unavailable' })
        : json(res, 200, {}),
    );
    await expect(provider(`${server.base}/api`).send('C1', samplePage())).rejects.toBeInstanceOf(TransientSendError);
    await expect(provider(`${server.base}/other`).send('C1', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });

  it('treats connection refused as transient', async () => {
    await expect(provider(`${await refusedBase()}/api`).send('C1', samplePage())).rejects.toBeInstanceOf(
      TransientSendError,
    );
  });
});

describe('slack config', () => {
  const parse = (v: unknown) => factory.configSchema.safeParse(v);
  it('validates the token and apiBase, defaulting apiBase to slack.com', () => {
    const ok = parse({ token: TOKEN });
    expect(ok.success && ok.data.apiBase).toBe('https://slack.com/api');
    expect(parse({ token: TOKEN, apiBase: 'http://127.0.0.1:9/api/' }).data?.apiBase).toBe('http://127.0.0.1:9/api');
    expect(parse({ token: 'xoxa-not-a-bot-token' }).success).toBe(false);
    expect(parse({ token: TOKEN, apiBase: 'file:///etc' }).success).toBe(false);
    expect(parse({ token: TOKEN, signingSecret: 'not hex' }).success).toBe(false);
    expect(
      parse({ token: TOKEN, signingSecret: '8f742231b10e8888abcd99yyyzzz85a5'.replace(/[yz]/g, 'a') }).success,
    ).toBe(true);
  });
  it('lists the secret fields', () => {
    expect(factory.secretFields).toEqual(['token', 'signingSecret']);
  });
});
