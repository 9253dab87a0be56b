/**
 * Escalation step choice (DESIGN §7, CONVENTIONS §1): which concrete recipients a step of a policy pages at
 * an instant, and which step comes next. Pure functions of the policy, the schedules, the teams and `now`;
 * the engine (escalation/engine.ts) writes the notifications and timers.
 *
 * Rules (docs/escalation.md):
 * - `{user}` pages that email; `{channel}` posts to that channel; `{schedule}` pages whoever the schedule
 *   has on call at `now` (`onCallAt`); `{team}` pages every member (`teamMode: all`) or one member
 *   (`round-robin`, see `roundRobinIndex`).
 * - Recipients are de-duplicated (emails case-insensitively; the first spelling is kept), in target order.
 * - `nextStep`: the next step of the list; after the last, step 0 of the next round while rounds remain
 *   (`repeat` more rounds after round 0); then the `handoffTo` policy; then the end.
 */
import type { LoadedConfig } from '../kernel/index.ts';
import type { EscalationPolicyConfig } from './config.ts';
import type { Schedule } from '../oncall/index.ts';
import { onCallAt } from '../oncall/index.ts';

/** Someone or something a step pages. */
export type Recipient = { kind: 'email'; address: string } | { kind: 'channel'; channelId: string };

/** What step choice reads besides the policy: schedules by id, and each team's member emails in config order. */
export interface Directory {
  schedules: ReadonlyMap<string, Schedule>;
  teams: ReadonlyMap<string, readonly string[]>;
}

/** The moment and incident a step is resolved for, and the directory. */
export interface StepContext extends Directory {
  incidentId: number;
  /** The instant schedules are read at (UTC). */
  now: Date;
}

/** A position in an escalation: step index within the policy, and round (0 = first pass, 1 = first repeat …). */
export interface Position {
  step: number;
  round: number;
}

/** What a step resolves to: its recipients, and why any target gave nobody (for the timeline). */
export interface StepRecipients {
  recipients: Recipient[];
  /** e.g. `schedule weekend has nobody on call`; empty when every target gave someone. */
  nobody: string[];
}

/**
 * Which member of an `n`-member team a round-robin step pages: `(incidentId + round + step) mod n`.
 * The incident id spreads consecutive incidents over the members; each repeat of the policy (`round`)
 * moves one member further, so `n` rounds page every member once; `step` makes two round-robin steps on
 * the same team page different members.
 * @returns an index in `[0, n)`; 0 when `n <= 0`
 */
export function roundRobinIndex(incidentId: number, round: number, step: number, n: number): number {
  if (n <= 0) return 0;
  const k = (incidentId + round + step) % n;
  return k < 0 ? k + n : k;
}

/**
 * The recipients of step `stepIndex` of `policy` in round `round`, at `ctx.now`, for incident `ctx.incidentId`.
 * Unknown schedules or teams (a config changed under a running escalation) give nobody, with a reason.
 * @throws RangeError when `stepIndex` is not a step of the policy
 */
export function stepRecipients(
  policy: EscalationPolicyConfig,
  stepIndex: number,
  round: number,
  ctx: StepContext,
): StepRecipients {
  const step = policy.steps[stepIndex];
  if (!step) throw new RangeError(`policy ${policy.id} has no step ${stepIndex}`);
  const out: Recipient[] = [];
  const nobody: string[] = [];
  const seen = new Set<string>();
  const addEmail = (address: string) => {
    const key = `email:${address.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ kind: 'email', address });
  };
  for (const target of step.targets) {
    if ('user' in target) addEmail(target.user);
    else if ('channel' in target) {
      const key = `channel:${target.channel}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push({ kind: 'channel', channelId: target.channel });
      }
    } else if ('schedule' in target) {
      const schedule = ctx.schedules.get(target.schedule);
      if (!schedule) {
        nobody.push(`schedule ${target.schedule} is not configured`);
        continue;
      }
      const who = onCallAt(schedule, ctx.now);
      if (who.length === 0) nobody.push(`schedule ${target.schedule} has nobody on call`);
      who.forEach(addEmail);
    } else {
      const members = ctx.teams.get(target.team);
      if (!members) {
        nobody.push(`team ${target.team} is not configured`);
        continue;
      }
      if (members.length === 0) {
        nobody.push(`team ${target.team} has no members`);
        continue;
      }
      if (step.teamMode === 'round-robin')
        addEmail(members[roundRobinIndex(ctx.incidentId, round, stepIndex, members.length)]!);
      else members.forEach(addEmail);
    }
  }
  return { recipients: out, nobody };
}

/** What follows a step: another position of the same policy, a hand-off to another policy, or the end (null). */
export type Next = Position | { handoff: string } | null;

/**
 * The position after step `step` of round `round` in `policy`: the next step; after the last step, step 0 of
 * the next round while `round < policy.repeat`; then `{ handoff }` when the policy names `handoffTo`; else
 * null (the escalation ends).
 */
export function nextStep(policy: EscalationPolicyConfig, step: number, round: number): Next {
  if (step + 1 < policy.steps.length) return { step: step + 1, round };
  if (round < policy.repeat) return { step: 0, round: round + 1 };
  if (policy.handoffTo) return { handoff: policy.handoffTo };
  return null;
}

/**
 * Minutes to wait before running step `step` when it is reached from another step (a repeat or a hand-off
 * also waits step 0's delay). A new escalation runs its first step at once, whatever its delay.
 */
export function delayBefore(policy: EscalationPolicyConfig, step: number): number {
  return policy.steps[step]?.delayMinutes ?? 0;
}

/**
 * Whether a step runs for an incident at `levels` (sequence id → level number, 1 = most severe): a step
 * without `minLevel` always does; with `minLevel: P1` only while the incident's P level is 1. An incident not
 * graded in that sequence (or a risk) does not meet it. DESIGN §7: "an upgrade of the incident's level re-pages
 * and can add steps (e.g. P1 adds the leadership step at once)" — the upgrade restarts the policy, and the
 * steps whose level is now met are no longer passed over.
 */
export function stepApplies(
  step: { minLevel?: string | undefined },
  levels: Readonly<Record<string, number>>,
): boolean {
  if (!step.minLevel) return true;
  const level = levels[step.minLevel[0]!];
  return level !== undefined && level <= Number(step.minLevel.slice(1));
}

/**
 * The escalation policy an incident of `service` and `team` is paged through (issue 12): the service's
 * (`catalog…services[].escalationPolicy` or linked through the API), else the team's, else null — the team's
 * `oncall` list is paged. A named policy that does not exist is passed over (lint reports it). Pure.
 */
export function policyFor(
  cfg: LoadedConfig,
  incident: { service: string | null; team: string | null },
): { id: string; via: 'service' | 'team' } | null {
  const fromService = incident.service ? cfg.catalog.service(incident.service)?.escalationPolicy : null;
  if (fromService && cfg.escalation.policies.has(fromService)) return { id: fromService, via: 'service' };
  const fromTeam = incident.team ? cfg.catalog.team(incident.team)?.escalationPolicy : null;
  if (fromTeam && cfg.escalation.policies.has(fromTeam)) return { id: fromTeam, via: 'team' };
  return null;
}
