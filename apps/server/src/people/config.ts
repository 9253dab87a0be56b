/**
 * People's part of the config file: `teams`, each with its members (who become users with a team role) and
 * its first on-call form (an `oncall` list, or an escalation policy).
 */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';

export const MemberConfig = z.strictObject({
  name: z.string().min(1),
  email: z.email(),
  timeZone: z.string().default('UTC').describe('IANA time zone, e.g. Europe/Berlin'),
  role: z
    .enum(['manager', 'responder', 'viewer', 'stakeholder'])
    .optional()
    .describe("the member's role in this team, default responder (docs/identity.md)"),
});
export type MemberConfig = z.infer<typeof MemberConfig>;

export const TeamConfig = z.strictObject({
  id,
  name: z.string().optional(),
  members: z.array(MemberConfig).default([]),
  oncall: z
    .array(z.email())
    .default([])
    .describe("the team's current responders (first on-call form); each must be a member"),
  escalationPolicy: id
    .optional()
    .describe('page the team through this escalation policy instead of its oncall list (DESIGN §7)'),
});
export type TeamConfig = z.infer<typeof TeamConfig>;

/** People's top-level config keys. */
export const peopleConfig = { teams: z.array(TeamConfig).default([]) };
export type PeopleConfigPart = z.output<z.ZodObject<typeof peopleConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends PeopleConfigPart {}
}
