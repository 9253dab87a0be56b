import { afterEach, describe, expect, it } from 'vitest';
import { PermanentSendError } from '../../provider.ts';
import { TransientSendError, VendorRejectedError } from '../shared/http.ts';
import {
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

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const provider = (url: string) => factory.create(factory.configSchema.parse({ url }), testDeps());
const HOOK = '/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';

describe('slack-webhook provider', () => {
  it('POSTs {text, blocks} with link buttons to the webhook URL', async () => {
    server = await startServer((_req, res) => text(res, 200, 'ok'));
    expect(await provider(`${server.base}${HOOK}`).send('', samplePage())).toEqual({ providerMessageId: null });

    const [req] = server.requests;
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(HOOK);
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(req!.headers['authorization']).toBeUndefined();
    const body = JSON.parse(req!.body) as {
      text: string;
      blocks: Array<{ type: string; elements?: Array<Record<string, unknown>> }>;
    };
    expect(body.text).toContain('[P1] #42 Payment API 5xx above 5%');
    const buttons = body.blocks.find((b) => b.type === 'actions')!.elements!;
    expect(buttons.map((b) => [b.action_id, b.url])).toEqual([
      ['faultline_ack_link', samplePage().ackUrl],
      ['faultline_resolve_link', samplePage().resolveUrl],
      ['faultline_open', samplePage().incidentUrl],
    ]);
    expect(buttons.every((b) => b.value === undefined)).toBe(true);
  });

  it('adds Join / Decline link buttons to the person’s check-in page, or Join to the room on a channel’s page', async () => {
    server = await startServer((_req, res) => text(res, 200, 'ok'));
    await provider(`${server.base}${HOOK}`).send('', samplePage({ checkIn: SAMPLE_CHECK_IN }));
    const room = { joinUrl: samplePage().incidentUrl, declineUrl: null };
    await provider(`${server.base}${HOOK}`).send('', samplePage({ checkIn: room }));
    const checkInBlock = (i: number) =>
      (JSON.parse(server!.requests[i]!.body) as { blocks: Array<{ block_id?: string }> }).blocks.at(-2);
    const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
    expect(checkInBlock(0)).toEqual({
      type: 'actions',
      block_id: 'faultline_check_in_42',
      elements: [
        { type: 'button', action_id: 'faultline_check_in_link', text: plain('Join'), url: SAMPLE_CHECK_IN.joinUrl },
        {
          type: 'button',
          action_id: 'faultline_decline_link',
          text: plain('Decline'),
          url: SAMPLE_CHECK_IN.declineUrl,
        },
      ],
    });
    expect(checkInBlock(1)).toEqual({
      type: 'actions',
      block_id: 'faultline_check_in_42',
      elements: [{ type: 'button', action_id: 'faultline_check_in_link', text: plain('Join'), url: room.joinUrl }],
    });
  });

  it('leaves out the Resolve link when the page has none', async () => {
    server = await startServer((_req, res) => text(res, 200, 'ok'));
    await provider(`${server.base}${HOOK}`).send('', samplePage({ resolveUrl: undefined }));
    const body = JSON.parse(server.requests[0]!.body) as {
      blocks: Array<{ type: string; elements?: Array<{ action_id: string }> }>;
    };
    expect(body.blocks.find((b) => b.type === 'actions')!.elements!.map((b) => b.action_id)).toEqual([
      'faultline_ack_link',
      'faultline_open',
    ]);
  });

  it('sends a notice as a header and a section', async () => {
    server = await startServer((_req, res) => text(res, 200, 'ok'));
    await provider(`${server.base}${HOOK}`).send('', sampleNotice());
    const body = JSON.parse(server.requests[0]!.body) as { text: string; blocks: Array<{ type: string }> };
    expect(body.text).toBe('Level rules approved');
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section']);
  });

  it.each([
    [400, 'invalid_payload'],
    [403, 'action_prohibited'],
    [404, 'channel_not_found'],
    [404, 'no_service'],
    [410, 'channel_is_archived'],
  ])('maps HTTP %i %s to a permanent error with Slack’s code', async (status, code) => {
    server = await startServer((_req, res) => text(res, status, code));
    const err = await provider(`${server.base}${HOOK}`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as VendorRejectedError).code).toBe(code);
  });

  it('maps 429 (Retry-After) and 500 rollup_error to transient errors', async () => {
    server = await startServer((req, res) =>
      req.url === '/busy' ? text(res, 429, 'rate_limited', { 'retry-after': '1' }) : text(res, 500, 'rollup_error'),
    );
    const busy = await provider(`${server.base}/busy`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(busy).toBeInstanceOf(TransientSendError);
    expect((busy as TransientSendError).retryAfterMs).toBe(1000);
    await expect(provider(`${server.base}/down`).send('', samplePage())).rejects.toBeInstanceOf(TransientSendError);
  });

  it('treats connection refused as transient without quoting the secret URL', async () => {
    const err = await provider(`${await refusedBase()}${HOOK}`)
      .send('', samplePage())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TransientSendError);
    expect((err as Error).message).not.toContain('XXXXXXXX');
  });

  it('keeps the URL secret and http(s) only', () => {
    expect(factory.secretFields).toEqual(['url']);
    expect(factory.configSchema.safeParse({ url: 'hooks.slack.com/services/x' }).success).toBe(false);
  });
});
