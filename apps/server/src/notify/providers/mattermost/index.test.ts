import { afterEach, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { TransientSendError, VendorRejectedError } from '../shared/http.ts';
import {
  json,
  refusedBase,
  sampleNotice,
  samplePage,
  startServer,
  testDeps,
  text,
  type TestServer,
} from '../../../../../../test/support/chat-webhook-testing.ts';
import { factory } from './index.ts';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const HOOK = '/hooks/xxx-generatedkey-xxx';
const provider = (url: string, extra: Record<string, unknown> = {}) =>
  factory.create(factory.configSchema.parse({ url, ...extra }), testDeps());

describe('mattermost provider', () => {
  it('POSTs text with links and a coloured attachment to the hook', async () => {
    server = await startServer((_req, res) => text(res, 200, 'ok'));
    expect(await provider(`${server.base}${HOOK}`).send('', samplePage())).toEqual({ providerMessageId: null });

    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(HOOK);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(req!.body) as Record<string, unknown> & {
      text: string;
      attachments: Array<Record<string, unknown>>;
    };
    expect(body.text).toBe(
      `#### :rotating_light: \\[P1\\] \\#42 Payment API 5xx above 5%\n[Acknowledge](${samplePage().ackUrl}) · [Resolve](${samplePage().resolveUrl}) · [Open in Faultline](${samplePage().incidentUrl})`,
    );
    expect(body).not.toHaveProperty('channel');
    expect(body.props).toEqual({ faultline: { event: 'incident.page', incidentId: 42 } });
    expect(body.attachments[0]).toMatchObject({
      color: '#C92A2A',
      title: '#42 Payment API 5xx above 5%',
      title_link: samplePage().incidentUrl,
      fields: [
        { short: true, title: 'Level', value: 'P1' },
        { short: true, title: 'Status', value: 'triggered' },
        { short: true, title: 'Service', value: 'payments-api' },
        { short: true, title: 'Paged because', value: 'initial' },
      ],
      text: '- HTTP 5xx ratio 7.2% on payments-api\n- p99 latency 2.4 s on payments-api',
    });
  });

  it('adds the channel, username and icon overrides from the config', async () => {
    server = await startServer((_req, res) => text(res, 200, 'ok'));
    await provider(`${server.base}${HOOK}`, {
      channel: 'incidents',
      username: 'Faultline',
      iconUrl: 'https://faultline.example/icon.png',
    }).send('', sampleNotice());
    expect(JSON.parse(server.requests[0]!.body)).toEqual({
      text: '#### Level rules approved\nVersion 7 of the level rules is now active.',
      props: { faultline: { event: 'notice' } },
      channel: 'incidents',
      username: 'Faultline',
      icon_url: 'https://faultline.example/icon.png',
    });
  });

  it('maps an AppError 4xx to a permanent error with its id', async () => {
    server = await startServer((_req, res) =>
      json(res, 400, { id: 'web.incoming_webhook.invalid.app_error', message: 'Invalid webhook.', status_code: 400 }),
    );
    const err = await provider(`${server.base}${HOOK}`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as VendorRejectedError).code).toBe('web.incoming_webhook.invalid.app_error: Invalid webhook.');
  });

  it('maps 429 and 500 to transient errors', async () => {
    server = await startServer((req, res) =>
      req.url === '/busy' ? text(res, 429, 'slow down', { 'retry-after': '2' }) : text(res, 500, 'oops'),
    );
    await expect(provider(`${server.base}/busy`).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
    await expect(provider(`${server.base}/down`).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });

  it('treats connection refused as transient', async () => {
    await expect(provider(`${await refusedBase()}${HOOK}`).send('', samplePage())).rejects.toBeInstanceOf(
      TransientSendError,
    );
  });

  it('validates the config', () => {
    const parse = (v: unknown) => factory.configSchema.safeParse(v);
    expect(factory.secretFields).toEqual(['url']);
    expect(parse({ url: 'https://chat.example/hooks/abc', channel: '@alice' }).success).toBe(true);
    expect(parse({ url: 'https://chat.example/hooks/abc', channel: 'two words' }).success).toBe(false);
    expect(parse({ url: 'https://chat.example/hooks/abc', iconUrl: 'data:image/png;base64,AAAA' }).success).toBe(false);
  });
});
