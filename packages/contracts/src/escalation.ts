/** Escalation policies and who is on call (DESIGN §7), as `GET /api/v1/escalation-policies` and `GET /api/v1/oncall` return them. */
import { z } from 'zod';
import { pageOf } from './page.ts';

/** A step target as written in the config: exactly one of the keys. */
export const EscalationTargetView = z.union([
  z.object({ user: z.string() }),
  z.object({ schedule: z.string() }),
  z.object({ team: z.string() }),
  z.object({ channel: z.string() }),
]);
export type EscalationTargetView = z.infer<typeof EscalationTargetView>;

export const EscalationStepView = z.object({
  delayMinutes: z.number().describe('minutes after the previous step; a new escalation runs step 1 at once'),
  teamMode: z.enum(['all', 'round-robin']),
  minLevel: z.string().optional().describe('the step runs only at this level or more severe, e.g. P1'),
  targets: z.array(EscalationTargetView),
});
export type EscalationStepView = z.infer<typeof EscalationStepView>;

export const EscalationPolicyView = z.object({
  id: z.string(),
  name: z.string(),
  repeat: z.number().int().describe('how many more times the steps run after the first pass'),
  handoffTo: z.string().nullable(),
  steps: z.array(EscalationStepView),
  /** Teams paged through this policy. */
  teams: z.array(z.string()),
  /** Services whose incidents are paged through this policy (before their team's). */
  services: z.array(z.string()),
});
export type EscalationPolicyView = z.infer<typeof EscalationPolicyView>;

export const EscalationPolicyList = pageOf('policies', EscalationPolicyView);
export type EscalationPolicyList = z.infer<typeof EscalationPolicyList>;

/** Someone or something a step pages. */
export const RecipientView = z.union([
  z.object({ kind: z.literal('email'), address: z.string() }),
  z.object({ kind: z.literal('channel'), channelId: z.string() }),
]);
export type RecipientView = z.infer<typeof RecipientView>;

export const OncallView = z.object({
  at: z.string(),
  schedules: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      timeZone: z.string(),
      onCall: z.array(z.string()).describe('emails; empty in a gap'),
    }),
  ),
  teams: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      escalationPolicy: z.string().nullable(),
      /**
       * Who a new incident of the team would page first at `at`: step 1 of its policy (for a round-robin
       * step, every member it may pick), or the team's `oncall` list when it has no policy.
       */
      responders: z.array(RecipientView),
      /** Per step of the policy, at `at` (empty without a policy). */
      steps: z.array(
        z.object({
          delayMinutes: z.number(),
          roundRobin: z.boolean().describe('one of the team-target recipients is paged, in turn'),
          recipients: z.array(RecipientView),
          nobody: z.array(z.string()).describe('why a target gives nobody, e.g. a schedule gap'),
        }),
      ),
    }),
  ),
});
export type OncallView = z.infer<typeof OncallView>;
