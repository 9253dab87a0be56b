/** Settings of the WeCom group robot provider (`wecom`). */
import { z } from 'zod';
import { apiBase, tokenFromUrl } from '../shared/schema.ts';

export const WECOM_API_BASE = 'https://qyapi.weixin.qq.com';

export const WecomConfig = z
  .object({
    key: tokenFromUrl('key', /^[A-Za-z0-9-]{8,128}$/, 'the key of the robot’s webhook URL').describe(
      'The key of the robot’s webhook URL (pasting the whole https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=… URL works too).',
    ),
    format: z
      .enum(['markdown', 'template_card'])
      .default('markdown')
      .describe(
        'How pages look: "markdown" (all facts and alerts) or "template_card" (a text-notice card with buttons).',
      ),
    apiBase: apiBase(WECOM_API_BASE),
  })
  .strict();
export type WecomConfig = z.infer<typeof WecomConfig>;
