/**
 * Generic outgoing webhook (`webhook`): POSTs a stable, versioned JSON body (payload.ts) to any URL, signed
 * with HMAC-SHA256 over `"<timestamp>.<body>"` (sign.ts) so the receiver can check origin and freshness.
 * Any 2xx answer is acceptance; 408/425/429/5xx and network errors are retried; other answers are final.
 * The scheme is documented for receivers in docs/channels.md ("Webhook signatures").
 */
import { webhookProvider } from '../shared/webhook-factory.ts';
import { WebhookConfig } from './config.ts';
import { httpStatusError, isOk, postBody } from '../shared/http.ts';
import { webhookPayload } from './payload.ts';
import { signWebhook } from './sign.ts';

export { verifyWebhookSignature, signWebhook, DEFAULT_TOLERANCE_S } from './sign.ts';
export type { WebhookPayload, WebhookPagePayload, WebhookNoticePayload } from './payload.ts';
export { WebhookConfig };

const VENDOR = 'webhook';

export const factory = webhookProvider<WebhookConfig>({
  id: 'webhook',
  label: 'Webhook (signed JSON)',
  configSchema: WebhookConfig,
  secretFields: ['secret', 'headers'],
  async post(config, message, { fetch, now }) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    // Sent at the signed second, so `sentAt` and the timestamp header agree.
    const body = JSON.stringify(webhookPayload(message, new Date(Number(timestamp) * 1000)));
    const reply = await postBody(fetch, config.url, body, {
      vendor: VENDOR,
      headers: {
        ...config.headers,
        'user-agent': 'Faultline-Webhook/1',
        'x-faultline-event': message.kind === 'page' ? 'incident.page' : 'notice',
        'x-faultline-timestamp': timestamp,
        'x-faultline-signature': signWebhook(config.secret, timestamp, body),
        // The same for every attempt of one page (also a re-send after a node crash): receivers de-duplicate
        // on it (IETF draft "The Idempotency-Key HTTP Header Field").
        ...(message.kind === 'page' && message.deliveryId ? { 'idempotency-key': message.deliveryId } : {}),
      },
    });
    if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now);
    return { providerMessageId: null };
  },
});
