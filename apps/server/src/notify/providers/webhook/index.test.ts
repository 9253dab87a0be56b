import { afterEach, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { SEND_TIMEOUT_MS, TransientSendError } from '../shared/http.ts';
import { createOutboundClient, type OutboundInit } from '../../../lib/outbound/index.ts';
import { factory, verifyWebhookSignature, type WebhookPagePayload } from './index.ts';
import {
  NOW,
  refusedBase,
  sampleNotice,
  samplePage,
  startServer,
  testDeps,
  text,
  type TestServer,
} from '../../../../../../test/support/chat-webhook-testing.ts';

const SECRET = 'whsec-0123456789abcdef';
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function provider(url: string, headers?: Record<string, string>) {
  return factory.create(factory.configSchema.parse({ url, secret: SECRET, headers }), testDeps());
}

const DELIVERY_ID = '5f2b0c1e9a7d4e3f8b6a1c2d3e4f5a6b';

describe('webhook provider', () => {
  it('POSTs the documented, signed JSON body for a page', async () => {
    server = await startServer((_req, res) => text(res, 204, ''));
    const result = await provider(`${server.base}/hooks/faultline?team=pay`, { Authorization: 'Bearer abc' }).send('', {
      ...samplePage(),
      deliveryId: DELIVERY_ID,
    });

    expect(result).toEqual({ providerMessageId: null });
    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe('/hooks/faultline?team=pay');
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req!.headers['authorization']).toBe('Bearer abc');
    expect(req!.headers['user-agent']).toBe('Faultline-Webhook/1');
    expect(req!.headers['x-faultline-event']).toBe('incident.page');
    // Receivers de-duplicate a page re-sent after a crash on this key: the page's stable delivery id.
    expect(req!.headers['idempotency-key']).toBe(DELIVERY_ID);
    const ts = req!.headers['x-faultline-timestamp'] as string;
    expect(ts).toBe(String(NOW.getTime() / 1000));
    const sig = req!.headers['x-faultline-signature'] as string;
    expect(sig).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature(SECRET, ts, req!.body, sig, NOW)).toBe(true);

    const body = JSON.parse(req!.body) as WebhookPagePayload;
    expect(body).toEqual({
      version: 1,
      event: 'incident.page',
      sentAt: '2026-11-21T12:00:00.000Z',
      incident: {
        id: 42,
        title: 'Payment API 5xx above 5%',
        levelText: 'P1',
        status: 'triggered',
        service: 'payments-api',
        url: 'https://faultline.example/incidents/42',
      },
      page: {
        step: 'initial',
        ackUrl: 'https://faultline.example/ack/eyJhY3Rpb24iOiJhY2sifQ.c2ln',
        resolveUrl: 'https://faultline.example/resolve/eyJhY3Rpb24iOiJyZXNvbHZlIn0.c2ln',
      },
      alerts: samplePage().alerts,
    });
  });

  it('sends a notice as event "notice"', async () => {
    server = await startServer((_req, res) => text(res, 200, 'ok'));
    await provider(`${server.base}/h`).send('', sampleNotice());
    const [req] = server.requests;
    expect(req!.headers['x-faultline-event']).toBe('notice');
    expect(JSON.parse(req!.body)).toEqual({
      version: 1,
      event: 'notice',
      sentAt: '2026-11-21T12:00:00.000Z',
      notice: { subject: 'Level rules approved', text: 'Version 7 of the level rules is now active.' },
    });
  });

  it('treats 500 and 429 as transient, keeping Retry-After', async () => {
    server = await startServer((req, res) =>
      req.url === '/busy' ? text(res, 429, 'slow down', { 'retry-after': '30' }) : text(res, 500, 'boom'),
    );
    const e500 = await provider(`${server.base}/down`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(e500).toBeInstanceOf(TransientSendError);
    expect(e500).not.toBeInstanceOf(PermanentSendError);
    const e429 = await provider(`${server.base}/busy`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(e429).toBeInstanceOf(TransientSendError);
    expect((e429 as TransientSendError).retryAfterMs).toBe(30_000);
  });

  it('treats other 4xx and redirects as permanent', async () => {
    server = await startServer((req, res) =>
      req.url === '/moved' ? text(res, 301, '', { location: 'http://elsewhere.example/' }) : text(res, 410, 'gone'),
    );
    await expect(provider(`${server.base}/gone`).send('', samplePage())).rejects.toBeInstanceOf(PermanentSendError);
    const moved = await provider(`${server.base}/moved`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(moved).toBeInstanceOf(PermanentSendError);
    expect(server.requests).toHaveLength(2);
  });

  it('treats connection refused as transient, without the URL in the message', async () => {
    const base = await refusedBase();
    const err = await provider(`${base}/secret-path?token=s3cr3t`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSendError);
    expect((err as Error).message).toContain('ECONNREFUSED');
    expect((err as Error).message).not.toContain('s3cr3t');
  });

  it.each([
    ['http://10.0.0.7/hook', '10.0.0.7 is a private address'],
    ['http://169.254.169.254/latest/meta-data/iam/', '169.254.169.254 is the cloud metadata address'],
    [
      'http://metadata.google.internal/computeMetadata/v1/',
      'metadata.google.internal resolves to 169.254.169.254, the cloud metadata address',
    ],
    ['http://[::1]:8080/hook', '::1 is a loopback address'],
  ])('refuses %s permanently, before connecting, with a reason that names the address', async (url, reason) => {
    const connected: string[] = [];
    const outbound = createOutboundClient({
      allow: () => [],
      resolve: async () => [{ address: '169.254.169.254', family: 4 }],
      // A tripwire: records what would have been connected, connects nothing.
      connector: (opts, cb) => {
        connected.push(opts.hostname);
        cb(new Error('tripwire'), null);
      },
    });
    const err = await factory
      .create(factory.configSchema.parse({ url, secret: SECRET }), testDeps({ fetch: outbound.fetch }))
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as Error).message).toBe(
      `webhook: refused: ${reason}; outbound calls reach only public addresses unless outbound.allow lists the host or address`,
    );
    expect(connected).toEqual([]);
  });

  it('bounds each attempt by the send timeout and does not follow redirects', async () => {
    let init: OutboundInit | undefined;
    const deps = testDeps({
      fetch: async (_url, i) => {
        init = i;
        return new Response('', { status: 200 });
      },
    });
    await factory
      .create(factory.configSchema.parse({ url: 'https://receiver.example/h', secret: SECRET }), deps)
      .send('', samplePage());
    expect(init?.timeoutMs).toBe(SEND_TIMEOUT_MS);
    expect(init?.redirect).toBe('manual');
  });
});

describe('webhook config', () => {
  const parse = (v: unknown) => factory.configSchema.safeParse(v);
  it('accepts http(s) URLs only', () => {
    expect(parse({ url: 'https://x.example/h', secret: SECRET }).success).toBe(true);
    expect(parse({ url: 'ftp://x.example/h', secret: SECRET }).success).toBe(false);
    expect(parse({ url: 'javascript:alert(1)', secret: SECRET }).success).toBe(false);
  });
  it('refuses short secrets, reserved or malformed headers, and unknown keys', () => {
    expect(parse({ url: 'https://x.example', secret: 'short' }).success).toBe(false);
    expect(parse({ url: 'https://x.example', secret: SECRET, headers: { 'X-Faultline-Signature': 'x' } }).success).toBe(
      false,
    );
    expect(parse({ url: 'https://x.example', secret: SECRET, headers: { 'Content-Type': 'text/plain' } }).success).toBe(
      false,
    );
    expect(parse({ url: 'https://x.example', secret: SECRET, headers: { 'bad name': 'x' } }).success).toBe(false);
    expect(parse({ url: 'https://x.example', secret: SECRET, headers: { 'X-Ok': 'a\r\nInjected: 1' } }).success).toBe(
      false,
    );
    expect(parse({ url: 'https://x.example', secret: SECRET, extra: 1 }).success).toBe(false);
  });
  it('lists the secret fields', () => {
    expect(factory.secretFields).toEqual(['secret', 'headers']);
  });
});
