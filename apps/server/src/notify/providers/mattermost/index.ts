/**
 * Mattermost through an incoming webhook (`mattermost`), per https://developers.mattermost.com/integrate/webhooks/incoming/:
 * POST JSON (`text`, `attachments`, `props`, and the optional `channel`, `username`, `icon_url` overrides)
 * to `https://<server>/hooks/<id>`. Mattermost answers `200 ok`; an error is a JSON body
 * `{id, message, status_code}` with a 4xx status (bad payload, unknown hook, override not allowed), which
 * is final; 429 and 5xx are retried.
 */
import { webhookProvider } from '../shared/webhook-factory.ts';
import { httpStatusError, isOk, postJson, type HttpReply } from '../shared/http.ts';
import { MattermostConfig } from './config.ts';
import { renderMattermost } from './render.ts';

export { MattermostConfig };

const VENDOR = 'Mattermost webhook';

export const factory = webhookProvider<MattermostConfig>({
  id: 'mattermost',
  label: 'Mattermost (incoming webhook)',
  configSchema: MattermostConfig,
  secretFields: ['url'],
  async post(config, message, { fetch, now }) {
    const body = {
      ...renderMattermost(message),
      ...(config.channel ? { channel: config.channel } : {}),
      ...(config.username ? { username: config.username } : {}),
      ...(config.iconUrl ? { icon_url: config.iconUrl } : {}),
    };
    const reply = await postJson(fetch, config.url, body, { vendor: VENDOR });
    if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now, appError(reply));
    return { providerMessageId: null };
  },
});

/** `id: message` of a Mattermost AppError body, when the answer is one. */
function appError(reply: HttpReply): string | undefined {
  const e = reply.json as { id?: unknown; message?: unknown } | undefined;
  if (!e || typeof e.id !== 'string') return undefined;
  return typeof e.message === 'string' ? `${e.id}: ${e.message}` : e.id;
}
