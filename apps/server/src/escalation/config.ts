/**
 * Escalation's part of the config file (DESIGN §7): the escalation policies, and the index the engine reads
 * (policies, schedules, team member lists and channels by id), built once per load.
 */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';
import type { Schedule } from '../oncall/index.ts';
import type { ChannelConfig } from '../notify/index.ts';
import type { FaultlineConfig } from '../kernel/index.ts';

/**
 * Who a step pages: a user (a team member's email), whoever is on call for a schedule at that moment, a
 * team's members (all, or one in turn: the step's `teamMode`), or a channel.
 */
export const EscalationTarget = z.union(
  [
    z.strictObject({ user: z.email() }),
    z.strictObject({ schedule: id }),
    z.strictObject({ team: id }),
    z.strictObject({ channel: id }),
  ],
  { error: 'a target is one of {user: <email>}, {schedule: <id>}, {team: <id>} or {channel: <id>}' },
);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

/** One step of an escalation policy: wait `delayMinutes` after the previous step, then page `targets`. */
export const EscalationStepConfig = z.strictObject({
  delayMinutes: z
    .number()
    .nonnegative()
    .default(0)
    .describe('minutes to wait after the previous step; a new escalation runs step 0 at once'),
  targets: z.array(EscalationTarget).min(1, 'a step pages at least one target'),
  teamMode: z
    .enum(['all', 'round-robin'])
    .default('all')
    .describe('team targets: page every member, or one member in turn'),
  minLevel: z
    .string()
    .regex(/^[A-Z][1-9]$/, 'a level such as P1')
    .optional()
    .describe(
      'run this step only while the incident is at this level or more severe in that sequence (e.g. P1: a leadership step); otherwise it is passed over',
    ),
});
export type EscalationStepConfig = z.infer<typeof EscalationStepConfig>;

/**
 * An escalation policy (DESIGN §7): steps run in order until someone acknowledges; then the whole list runs
 * `repeat` more times; then, with `handoffTo`, that policy takes over. docs/escalation.md.
 */
export const EscalationPolicyConfig = z.strictObject({
  id,
  name: z.string().optional(),
  repeat: z.number().int().min(0).default(0).describe('run the steps this many more times after the last'),
  steps: z.array(EscalationStepConfig).min(1, 'a policy has at least one step'),
  handoffTo: id.optional().describe('after the last step and repeats, continue with this policy'),
});
export type EscalationPolicyConfig = z.infer<typeof EscalationPolicyConfig>;

/** How automatic pages are paced (DESIGN §4–§5: one page per escalation step, not one per upgrade). */
export const PagingConfig = z
  .strictObject({
    upgradeWindowSeconds: z
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(0)
      .describe(
        'an automatic upgrade page waits this long for further upgrades and is dropped when one overtakes it, so P3 → P2 → P1 pages once at P1; an upgrade to level 1 pages at once; 0: every upgrade pages at once',
      ),
  })
  .default({ upgradeWindowSeconds: 0 });

/** Escalation's top-level config keys. */
export const escalationConfig = {
  escalationPolicies: z.array(EscalationPolicyConfig).default([]),
  paging: PagingConfig,
};
export type EscalationConfigPart = z.output<z.ZodObject<typeof escalationConfig>>;

/** What the escalation engine reads, indexed once per load. */
export interface EscalationIndex {
  policies: ReadonlyMap<string, EscalationPolicyConfig>;
  schedules: ReadonlyMap<string, Schedule>;
  /** Each team's member emails, in config order. */
  teams: ReadonlyMap<string, readonly string[]>;
  channels: ReadonlyMap<string, ChannelConfig>;
}

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends EscalationConfigPart {}
  interface LoadedConfig {
    /** Escalation policies, schedules, team member lists and channels by id (first declaration wins). */
    escalation: EscalationIndex;
  }
}

function byId<T extends { id: string }>(list: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const x of list) if (!out.has(x.id)) out.set(x.id, x);
  return out;
}

/** Indexes the escalation parts of a config (policies, schedules, teams' member emails, channels); first declaration wins. */
export function escalationIndex(config: FaultlineConfig): EscalationIndex {
  return {
    policies: byId(config.escalationPolicies),
    schedules: byId(config.schedules),
    teams: new Map([...byId(config.teams)].map(([id, t]) => [id, t.members.map((m) => m.email)])),
    channels: byId(config.channels),
  };
}
