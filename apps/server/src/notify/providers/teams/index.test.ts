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

const provider = (url: string) => factory.create(factory.configSchema.parse({ url }), testDeps());
const FLOW =
  '/workflows/abc123/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=SIGNATURE';

interface Envelope {
  type: string;
  attachments: Array<{
    contentType: string;
    contentUrl: null;
    content: {
      type: string;
      version: string;
      body: Array<Record<string, unknown>>;
      actions?: Array<Record<string, unknown>>;
    };
  }>;
}

describe('teams provider', () => {
  it('POSTs an Adaptive Card 1.4 message envelope and returns the run id', async () => {
    server = await startServer((_req, res) => text(res, 202, '', { 'x-ms-workflow-run-id': '08584712345678901234' }));
    expect(await provider(`${server.base}${FLOW}`).send('', samplePage())).toEqual({
      providerMessageId: '08584712345678901234',
    });

    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(FLOW);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(req!.body) as Envelope;
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const att = body.attachments[0]!;
    expect(att.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(att.contentUrl).toBeNull();
    expect(att.content.type).toBe('AdaptiveCard');
    expect(att.content.version).toBe('1.4');
    expect(att.content.body[0]).toMatchObject({ type: 'TextBlock', text: '[P1] #42 Payment API 5xx above 5%' });
    expect(att.content.body[1]).toEqual({
      type: 'FactSet',
      facts: [
        { title: 'Level', value: 'P1' },
        { title: 'Status', value: 'triggered' },
        { title: 'Service', value: 'payments-api' },
        { title: 'Paged because', value: 'initial' },
      ],
    });
    expect(att.content.actions!.map((a) => [a.type, a.title, a.url])).toEqual([
      ['Action.OpenUrl', 'Acknowledge', samplePage().ackUrl],
      ['Action.OpenUrl', 'Resolve', samplePage().resolveUrl],
      ['Action.OpenUrl', 'Open in Faultline', samplePage().incidentUrl],
    ]);
  });

  it('accepts 200 without a run id (legacy endpoints) and renders notices without actions', async () => {
    server = await startServer((_req, res) => text(res, 200, '1'));
    expect(await provider(`${server.base}${FLOW}`).send('', sampleNotice())).toEqual({ providerMessageId: null });
    const card = (JSON.parse(server.requests[0]!.body) as Envelope).attachments[0]!.content;
    expect(card.body.map((b) => b.text)).toEqual([
      'Level rules approved',
      'Version 7 of the level rules is now active.',
    ]);
    expect(card.actions).toBeUndefined();
  });

  it('maps a workflow’s 400 error body to a permanent error with its code', async () => {
    server = await startServer((_req, res) =>
      json(res, 400, {
        error: { code: 'TriggerInputSchemaMismatch', message: 'The input body does not match the schema.' },
      }),
    );
    const err = await provider(`${server.base}${FLOW}`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as VendorRejectedError).code).toBe(
      'TriggerInputSchemaMismatch: The input body does not match the schema.',
    );
  });

  it('maps 404 (workflow deleted) to permanent, 429 and 500 to transient', async () => {
    server = await startServer((req, res) => {
      if (req.url.startsWith('/gone'))
        return json(res, 404, { error: { code: 'WorkflowNotFound', message: 'no such workflow' } });
      if (req.url.startsWith('/busy')) return text(res, 429, 'Too many requests', { 'retry-after': '60' });
      return text(res, 500, 'internal');
    });
    await expect(provider(`${server.base}/gone`).send('', samplePage())).rejects.toBeInstanceOf(PermanentSendError);
    const busy = await provider(`${server.base}/busy`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(TransientSendError);
    expect((busy as TransientSendError).retryAfterMs).toBe(60_000);
    await expect(provider(`${server.base}/down`).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });

  it('reads a legacy connector’s "200 with an error body" answer', async () => {
    server = await startServer((req, res) =>
      text(
        res,
        200,
        `Webhook message delivery failed with error: Microsoft Teams endpoint returned HTTP error ${req.url === '/throttled' ? 429 : 400} with ContextId abc.`,
      ),
    );
    await expect(provider(`${server.base}/throttled`).send('', samplePage())).rejects.toBeInstanceOf(
      TransientSendError,
    );
    await expect(provider(`${server.base}/bad`).send('', samplePage())).rejects.toBeInstanceOf(PermanentSendError);
  });

  it('treats connection refused as transient', async () => {
    await expect(provider(`${await refusedBase()}${FLOW}`).send('', samplePage())).rejects.toBeInstanceOf(
      TransientSendError,
    );
  });

  it('keeps the URL secret and http(s) only', () => {
    expect(factory.secretFields).toEqual(['url']);
    expect(factory.configSchema.safeParse({ url: 'mailto:ops@example.com' }).success).toBe(false);
  });
});
