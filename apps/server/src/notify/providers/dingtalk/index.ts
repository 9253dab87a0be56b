/**
 * DingTalk custom group robot (`dingtalk`): a page is an actionCard with link buttons, a notice is Markdown
 * (render.ts), sent to `/robot/send` with the optional 加签 signature in the query (send.ts, sign.ts). The
 * robot posts into the one group it belongs to, so the send address is ignored.
 */
import type { Message, ProviderDeps, ProviderFactory } from '../../provider.ts';
import { DingtalkConfig } from './config.ts';
import { renderDingtalk } from './render.ts';
import { sendDingtalk } from './send.ts';

export { dingtalkSign } from './sign.ts';
export { DingtalkConfig };

export const factory: ProviderFactory<DingtalkConfig> = {
  id: 'dingtalk',
  label: 'DingTalk robot',
  address: 'none',
  configSchema: DingtalkConfig,
  secretFields: ['accessToken', 'secret'],
  create(config: DingtalkConfig, deps: ProviderDeps) {
    return {
      id: 'dingtalk',
      configSchema: DingtalkConfig,
      send: (_recipient: string, message: Message) =>
        sendDingtalk(deps.fetch, config, renderDingtalk(message), deps.clock.now()),
    };
  },
};
