/** Settings of the Microsoft Teams provider (`teams`, a Workflows webhook). */
import { z } from 'zod';
import { httpUrl } from '../shared/schema.ts';

export const TeamsConfig = z
  .object({
    url: httpUrl().describe(
      'HTTP POST URL of a Teams workflow started by "When a Teams webhook request is received" (template "Send webhook alerts to a channel"). Treat it as a secret: it carries the workflow’s signature.',
    ),
  })
  .strict();
export type TeamsConfig = z.infer<typeof TeamsConfig>;
