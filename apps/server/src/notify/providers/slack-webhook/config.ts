/** Settings of the Slack incoming-webhook provider (`slack-webhook`). */
import { z } from 'zod';
import { httpUrl } from '../shared/schema.ts';

export const SlackWebhookConfig = z
  .object({
    url: httpUrl().describe(
      'Incoming webhook URL from the Slack app’s "Incoming Webhooks" page (https://hooks.slack.com/services/…). Treat it as a secret.',
    ),
  })
  .strict();
export type SlackWebhookConfig = z.infer<typeof SlackWebhookConfig>;
