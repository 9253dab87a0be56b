/**
 * DingTalk custom group robot (`dingtalk`): a page is an actionCard with link buttons, a notice is Markdown
 * (render.ts), sent to `/robot/send` with the optional 加签 signature in the query (send.ts, sign.ts). The
 * robot posts into the one group it belongs to, so the send address is ignored.
 */
import { webhookProvider } from '../shared/webhook-factory.ts';
import { DingtalkConfig } from './config.ts';
import { renderDingtalk } from './render.ts';
import { sendDingtalk } from './send.ts';

export { dingtalkSign } from './sign.ts';
export { DingtalkConfig };

export const factory = webhookProvider<DingtalkConfig>({
  id: 'dingtalk',
  label: 'DingTalk robot',
  configSchema: DingtalkConfig,
  secretFields: ['accessToken', 'secret'],
  post: (config, message, { fetch, now }) => sendDingtalk(fetch, config, renderDingtalk(message), now),
});
