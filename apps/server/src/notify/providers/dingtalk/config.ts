/** Settings of the DingTalk custom robot provider (`dingtalk`). */
import { z } from 'zod';
import { apiBase, tokenFromUrl } from '../shared/schema.ts';

export const DINGTALK_API_BASE = 'https://oapi.dingtalk.com';

export const DingtalkConfig = z
  .object({
    accessToken: tokenFromUrl(
      'access_token',
      /^[A-Za-z0-9_-]{8,256}$/,
      'the access_token of the robot’s webhook URL',
    ).describe(
      'The access_token of the robot’s webhook URL (pasting the whole https://oapi.dingtalk.com/robot/send?access_token=… URL works too).',
    ),
    secret: z
      .string()
      .trim()
      .regex(/^SEC[A-Za-z0-9]+$/, 'must be the SEC… string shown under "Additional signature" (加签)')
      .optional()
      .describe('Signing secret (SEC…) when the robot’s security setting is "Additional signature" (加签).'),
    apiBase: apiBase(DINGTALK_API_BASE),
  })
  .strict();
export type DingtalkConfig = z.infer<typeof DingtalkConfig>;
