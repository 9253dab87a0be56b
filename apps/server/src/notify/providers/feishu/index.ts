/**
 * Feishu / Lark custom group bot (`feishu`): a page is an interactive card with link buttons, a notice is
 * text (render.ts), posted to the bot's webhook with the optional signature in the body (send.ts, sign.ts).
 * `domain` picks Feishu (open.feishu.cn) or Lark (open.larksuite.com); `apiBase` overrides both. The bot
 * posts into the one group it belongs to, so the send address is ignored.
 */
import { webhookProvider } from '../shared/webhook-factory.ts';
import { FeishuConfig, baseOf } from './config.ts';
import { renderFeishu } from './render.ts';
import { sendFeishu } from './send.ts';

export { feishuSign } from './sign.ts';
export { FeishuConfig, FEISHU_DOMAINS } from './config.ts';

export const factory = webhookProvider<FeishuConfig>({
  id: 'feishu',
  label: 'Feishu / Lark bot',
  configSchema: FeishuConfig,
  secretFields: ['hookId', 'secret'],
  post: (config, message, { fetch, now }) =>
    sendFeishu(
      fetch,
      { base: baseOf(config), hookId: config.hookId, secret: config.secret },
      renderFeishu(message),
      now,
    ),
});
