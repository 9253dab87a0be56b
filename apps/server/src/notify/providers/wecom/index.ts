/**
 * WeCom (企业微信) group robot (`wecom`): a page is Markdown or a text-notice template card, a notice is
 * Markdown (render.ts), posted to `/cgi-bin/webhook/send?key=…` (send.ts). The robot posts into the one
 * group it belongs to, so the send address is ignored.
 */
import { webhookProvider } from '../shared/webhook-factory.ts';
import { WecomConfig } from './config.ts';
import { renderWecom } from './render.ts';
import { sendWecom } from './send.ts';

export { WecomConfig };

export const factory = webhookProvider<WecomConfig>({
  id: 'wecom',
  label: 'WeCom robot',
  configSchema: WecomConfig,
  secretFields: ['key'],
  post: (config, message, { fetch, now }) => sendWecom(fetch, config, renderWecom(message, config.format), now),
});
