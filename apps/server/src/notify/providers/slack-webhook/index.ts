/**
 * Slack through an incoming webhook (`slack-webhook`), per "Sending messages using incoming webhooks"
 * (https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks): POST JSON `{text, blocks}` to
 * the webhook URL, which is bound to one channel. Slack answers `200 ok`; failures are HTTP statuses with a
 * short code in a plain-text body (https://api.slack.com/changelog/2016-05-17-changes-to-errors-for-incoming-webhooks):
 * 400 `invalid_payload` / `user_not_found`, 403 `action_prohibited`, 404 `channel_not_found` / `no_service`,
 * 410 `channel_is_archived` (all permanent here), 429 rate limited and 500 `rollup_error` (retried).
 *
 * Webhooks usually have no interactivity URL, so Acknowledge and Resolve are link buttons to the signed
 * URLs rather than action buttons.
 */
import { webhookProvider } from '../shared/webhook-factory.ts';
import { renderSlack } from '../slack/render.ts';
import { httpStatusError, isOk, postJson } from '../shared/http.ts';
import { SlackWebhookConfig } from './config.ts';

export { SlackWebhookConfig };

const VENDOR = 'Slack incoming webhook';

export const factory = webhookProvider<SlackWebhookConfig>({
  id: 'slack-webhook',
  label: 'Slack (incoming webhook)',
  configSchema: SlackWebhookConfig,
  secretFields: ['url'],
  async post(config, message, { fetch, now }) {
    const reply = await postJson(fetch, config.url, renderSlack(message, { interactive: false }), { vendor: VENDOR });
    // The body of an error is Slack's code (`channel_is_archived`), quoted as the vendor code — when it looks
    // like one: any other body is not copied.
    const code = reply.text.trim();
    if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now, /^[a-z_]{1,64}$/.test(code) ? code : undefined);
    return { providerMessageId: null };
  },
});
