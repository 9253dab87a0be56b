/**
 * WeCom (企业微信) group robot (`wecom`): a page is Markdown or a text-notice template card, a notice is
 * Markdown (render.ts), posted to `/cgi-bin/webhook/send?key=…` (send.ts). The robot posts into the one
 * group it belongs to, so the send address is ignored.
 */
import type { Message, ProviderDeps, ProviderFactory } from '../../provider.ts';
import { WecomConfig } from './config.ts';
import { renderWecom } from './render.ts';
import { sendWecom } from './send.ts';

export { WecomConfig };

export const factory: ProviderFactory<WecomConfig> = {
  id: 'wecom',
  label: 'WeCom robot',
  address: 'none',
  configSchema: WecomConfig,
  secretFields: ['key'],
  create(config: WecomConfig, deps: ProviderDeps) {
    return {
      id: 'wecom',
      configSchema: WecomConfig,
      send: (_recipient: string, message: Message) =>
        sendWecom(deps.fetch, config, renderWecom(message, config.format), deps.clock.now()),
    };
  },
};
