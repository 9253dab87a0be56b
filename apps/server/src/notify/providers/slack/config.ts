/** Settings of the Slack app provider (`slack`, Web API `chat.postMessage`). */
import { z } from 'zod';
import { apiBase } from '../shared/schema.ts';

export const SLACK_API_BASE = 'https://slack.com/api';

export const SlackConfig = z
  .object({
    token: z
      .string()
      .trim()
      .regex(/^xox[bp]-[A-Za-z0-9-]+$/, 'must be a Slack bot token (xoxb-…)')
      .describe('Bot User OAuth Token of the Slack app (xoxb-…), with the chat:write scope.'),
    defaultChannel: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('Channel ID (C…) used when a page names no channel. Invite the app to it (/invite @app).'),
    signingSecret: z
      .string()
      .trim()
      .regex(/^[0-9a-f]{16,}$/i, 'must be the Signing Secret from the app’s Basic Information page')
      .optional()
      .describe('Signing Secret of the Slack app; verifies button clicks sent to the interactivity URL.'),
    apiBase: apiBase(SLACK_API_BASE),
  })
  .strict();
export type SlackConfig = z.infer<typeof SlackConfig>;
