/** Settings of the Mattermost provider (`mattermost`, an incoming webhook). */
import { z } from 'zod';
import { httpUrl } from '../shared/schema.ts';

export const MattermostConfig = z
  .object({
    url: httpUrl().describe('Incoming webhook URL (https://<your-mattermost>/hooks/<id>). Treat it as a secret.'),
    channel: z
      .string()
      .trim()
      .regex(/^@?[a-z0-9._-]+$/i, 'a channel name as in its URL (town-square), or @username for a direct message')
      .optional()
      .describe('Post to this channel instead of the webhook’s own (the webhook must not be locked to its channel).'),
    username: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe('Display name for the posts (needs "Enable integrations to override usernames").'),
    iconUrl: httpUrl()
      .optional()
      .describe('Profile picture for the posts (needs "Enable integrations to override profile picture icons").'),
  })
  .strict();
export type MattermostConfig = z.infer<typeof MattermostConfig>;
