/**
 * Feishu / Lark custom group bot (`feishu`): a page is an interactive card with link buttons, a notice is
 * text (render.ts), posted to the bot's webhook with the optional signature in the body (send.ts, sign.ts).
 * `domain` picks Feishu (open.feishu.cn) or Lark (open.larksuite.com); `apiBase` overrides both. The bot
 * posts into the one group it belongs to, so the send address is ignored.
 */
import type { Message, ProviderDeps, ProviderFactory } from '../../provider.ts';
import { FeishuConfig, baseOf } from './config.ts';
import { renderFeishu } from './render.ts';
import { sendFeishu } from './send.ts';

export { feishuSign } from './sign.ts';
export { FeishuConfig, FEISHU_DOMAINS } from './config.ts';

export const factory: ProviderFactory<FeishuConfig> = {
  id: 'feishu',
  label: 'Feishu / Lark bot',
  address: 'none',
  configSchema: FeishuConfig,
  secretFields: ['hookId', 'secret'],
  create(config: FeishuConfig, deps: ProviderDeps) {
    const target = { base: baseOf(config), hookId: config.hookId, secret: config.secret };
    return {
      id: 'feishu',
      configSchema: FeishuConfig,
      send: (_recipient: string, message: Message) =>
        sendFeishu(deps.fetch, target, renderFeishu(message), deps.clock.now()),
    };
  },
};
