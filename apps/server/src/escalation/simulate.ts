/**
 * The escalation simulator (issue 4 point 8): "who gets paged, how and when, for service S at level L at
 * time T", answered from the same rules the engine runs (escalation/engine.ts, escalation/policy.ts):
 *
 * - The policy: the service's `escalationPolicy` (the file's or linked), else its owning team's (engine
 *   `policyFor`); without one the team's `oncall` list is paged at once (notify/page.ts).
 * - Leadership: a `P` level of 1 or 2 also tells the business line's leadership at once
 *   (incident/level-merge.ts `pagesFor`).
 * - Steps: the first runs at `at`; each later step after its `delayMinutes` (a repeat's or hand-off's first
 *   step waits its own delay, `delayBefore`); a step with nobody to page is skipped and the next runs at
 *   once; schedules are read at the instant each step runs, so a delay that crosses a hand-off or a DST
 *   change pages whoever is on call then. Delays are elapsed minutes (wall clocks may jump at DST).
 * - A round-robin team step pages one member depending on the incident: every member it may pick is listed.
 * - People: each person's contact methods by the rules the engine pages with (notify/person-page.ts:
 *   verified, enabled methods by their notification rules for the level's urgency, notify/urgency.ts; no
 *   rule for it: their first verified method at once); someone with no verified method is not paged and is
 *   listed as not reached; an address that is no user's gets one email, as the engine sends it.
 */
import { inArray } from 'drizzle-orm';
import type { SimulatedPerson, SimulatedStep, SimulationView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { users } from '../people/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import type { EscalationPolicyConfig } from './config.ts';
import { AppError } from '../lib/index.ts';
import { urgencyOf, type Urgency, findPeople, notificationPlanFor, maskAddress } from '../notify/index.ts';
import { delayBefore, nextStep, policyFor, stepApplies, stepRecipients } from './policy.ts';

/** Steps listed at most (a hand-off chain that loops forever is cut here; lint reports the cycle). */
export const MAX_SIMULATED_STEPS = 100;

/** P levels up to this number tell leadership (incident/level-merge.ts LEADERSHIP_MAX_LEVEL). */
const LEADERSHIP_MAX_LEVEL = 2;
const LEADERSHIP_SEQUENCE = 'P';
const MIN_MS = 60_000;

/** A step of the plan before people's contact details are attached. */
export interface PlannedStep extends Omit<SimulatedStep, 'people'> {
  emails: string[];
}

/** The pure part of a simulation: who is paged when, by email. */
export interface EscalationPlan extends Omit<
  SimulationView,
  'leadership' | 'oncallList' | 'steps' | 'unreachable' | 'mutedBy' | 'heldUntil'
> {
  leadership: string[];
  oncallList: string[];
  steps: PlannedStep[];
}

/** Reads `P1` as sequence `P`, level 1. */
function parseLevel(level: string): { sequence: string; n: number } {
  const m = /^([A-Za-z]+)(\d+)$/.exec(level);
  if (!m)
    throw new AppError('VALIDATION', 'a level is a sequence and a number, e.g. P1', [
      { path: 'level', message: 'e.g. P1' },
    ]);
  return { sequence: m[1]!.toUpperCase(), n: Number(m[2]) };
}

/**
 * Plans the escalation of a new incident of `service` at `level` starting at `at`. Pure.
 * @throws AppError NOT_FOUND for an unknown service; VALIDATION for a malformed level
 */
export function planEscalation(cfg: LoadedConfig, input: { service: string; level: string; at: Date }): EscalationPlan {
  const svc = cfg.catalog.service(input.service) ?? cfg.catalog.resolveService(input.service);
  if (!svc) throw new AppError('NOT_FOUND', `no service "${input.service}" in the catalog`);
  const { sequence, n } = parseLevel(input.level);
  const urgency: Urgency = urgencyOf({ levels: { [sequence]: n }, risk: false }, cfg.config.notify?.urgency);
  const team = cfg.catalog.team(svc.team);
  const line = cfg.catalog.businessLine(svc.businessLine);
  const leadership = sequence === LEADERSHIP_SEQUENCE && n <= LEADERSHIP_MAX_LEVEL ? [...(line?.leadership ?? [])] : [];
  const chosen = policyFor(cfg, { service: svc.id, team: svc.team });
  // A named policy that does not exist is passed over by the engine; say which one.
  const policyId = chosen?.id ?? svc.escalationPolicy ?? team?.escalationPolicy ?? null;
  const first = chosen ? cfg.escalation.policies.get(chosen.id) : undefined;
  const base = {
    service: svc.id,
    module: svc.module,
    businessLine: svc.businessLine,
    team: svc.team,
    level: `${sequence}${n}`,
    urgency,
    at: input.at.toISOString(),
    leadership,
  };
  if (!first) {
    return {
      ...base,
      policy: null,
      oncallList: (team?.oncall ?? []).map((m) => m.email),
      steps: [],
      end: policyId
        ? `escalation policy "${policyId}" does not exist: the team's oncall list is paged`
        : 'no escalation policy',
    };
  }
  const steps: PlannedStep[] = [];
  let pos: { policy: EscalationPolicyConfig; step: number; round: number } = { policy: first, step: 0, round: 0 };
  let t = input.at.getTime();
  let end = 'finished';
  for (;;) {
    if (steps.length >= MAX_SIMULATED_STEPS) {
      end = `step limit: stopped listing after ${MAX_SIMULATED_STEPS} steps (a hand-off cycle?)`;
      break;
    }
    const { policy, step, round } = pos;
    // Every member a round-robin step may pick: the pick depends on the incident id.
    const asAll = { ...policy, steps: policy.steps.map((s) => ({ ...s, teamMode: 'all' as const })) };
    const r = stepApplies(policy.steps[step]!, { [sequence]: n })
      ? stepRecipients(asAll, step, round, { incidentId: 0, now: new Date(t), ...cfg.escalation })
      : { recipients: [], nobody: [] };
    const emails = r.recipients.flatMap((x) => (x.kind === 'email' ? [x.address] : []));
    const channels = r.recipients.flatMap((x) => (x.kind === 'channel' ? [x.channelId] : []));
    const s = policy.steps[step]!;
    const passedOver = !stepApplies(s, { [sequence]: n });
    steps.push({
      policy: policy.id,
      step: step + 1,
      round,
      offsetMinutes: (t - input.at.getTime()) / MIN_MS,
      at: new Date(t).toISOString(),
      passedOver,
      skipped: !passedOver && r.recipients.length === 0,
      roundRobin: s.teamMode === 'round-robin' && s.targets.some((x) => 'team' in x),
      emails,
      channels,
      nobody: r.nobody,
    });
    const next = nextStep(policy, step, round);
    if (!next) break;
    const nextPolicy = 'handoff' in next ? cfg.escalation.policies.get(next.handoff) : policy;
    if (!nextPolicy) {
      end = `policy-missing: hand-off to unknown escalation policy "${'handoff' in next ? next.handoff : ''}"`;
      break;
    }
    const nextPos = 'handoff' in next ? { policy: nextPolicy, step: 0, round: 0 } : { policy, ...next };
    // The engine runs the next step at once after an empty one (skip rule), else after its delay.
    // A step passed over for its level keeps the next step's delay, like a step that ran.
    if (passedOver || r.recipients.length > 0) t += delayBefore(nextPos.policy, nextPos.step) * MIN_MS;
    pos = nextPos;
  }
  return {
    ...base,
    policy: { id: first.id, name: first.name ?? first.id, via: chosen!.via },
    oncallList: [],
    steps,
    end,
  };
}

/** A person's contact plan for one urgency (notify/person-page.ts rules). */
export interface ContactPlan {
  name: string | null;
  timeZone: string | null;
  contacts: Array<{ kind: string; address: string; delayMinutes: number }>;
}

/**
 * Reads people's contact plans for `urgency` with the same rules the engine pages by
 * (`notificationPlanFor`: verified, enabled methods by the person's rules, else their first verified
 * method at once).
 * @param emails any case; the result is keyed by lower-cased email (enabled users only)
 */
export async function contactPlans(
  db: Db,
  emails: readonly string[],
  urgency: Urgency,
): Promise<Map<string, ContactPlan>> {
  const people = await findPeople(db, emails);
  const ids = [...people.values()].map((p) => p.userId);
  const plans = await notificationPlanFor(db, ids, urgency);
  const zones = ids.length
    ? new Map(
        (await db.select({ id: users.id, timeZone: users.timeZone }).from(users).where(inArray(users.id, ids))).map(
          (u) => [u.id, u.timeZone],
        ),
      )
    : new Map<number, string>();
  const out = new Map<string, ContactPlan>();
  for (const [email, p] of people) {
    out.set(email, {
      name: p.name,
      timeZone: zones.get(p.userId) ?? null,
      contacts: (plans.get(p.userId) ?? []).map((c) => ({
        kind: c.kind,
        address: c.address,
        delayMinutes: c.delayMinutes,
      })),
    });
  }
  return out;
}

/** Why a person would not be reached, or null (a non-user address gets a bare email). */
function whyUnreached(plan: ContactPlan | undefined): string | null {
  return plan && plan.contacts.length === 0 ? 'no verified contact method: not paged' : null;
}

/**
 * Attaches each person's contact plan to a planned escalation and lists who would not be reached.
 * @param plans from `contactPlans`, keyed by lower-cased email
 */
export function attachContacts(plan: EscalationPlan, plans: ReadonlyMap<string, ContactPlan>): SimulationView {
  const unreachable = new Map<string, string>();
  const person = (email: string, atIso: string): SimulatedPerson => {
    const p = plans.get(email.toLowerCase());
    const why = whyUnreached(p);
    if (why) unreachable.set(email, why);
    const at = Date.parse(atIso);
    // Not a user: the engine sends one email to the bare address (notify/person-page.ts).
    const contacts = p ? p.contacts : [{ kind: 'email', address: email, delayMinutes: 0 }];
    return {
      email,
      name: p?.name ?? null,
      timeZone: p?.timeZone ?? null,
      contacts: contacts.map((c) => ({ ...c, at: new Date(at + c.delayMinutes * MIN_MS).toISOString() })),
      reachable: why === null,
      why,
    };
  };
  return {
    ...plan,
    leadership: plan.leadership.map((e) => person(e, plan.at)),
    oncallList: plan.oncallList.map((e) => person(e, plan.at)),
    steps: plan.steps.map(({ emails, ...s }) => ({ ...s, people: emails.map((e) => person(e, s.at)) })),
    unreachable: [...unreachable].map(([email, why]) => ({ email, why })),
    // Not muted; the verb fills these in when it is given the alert's labels.
    mutedBy: [],
    heldUntil: null,
  };
}

/**
 * The simulation as a viewer may see it (docs/security.md "Who can change whom"): the contact addresses of
 * people (users) for whom `mayRead(email)` is false are masked (notify/contact-methods.ts `maskAddress`);
 * kinds, delays and times stay, so "who, how and when" is still answered. Addresses of nobody (a bare email
 * from a policy) are the policy's, not a person's, and stay. Pure.
 */
export function hideContacts(view: SimulationView, mayRead: (email: string) => boolean): SimulationView {
  const person = (p: SimulatedPerson): SimulatedPerson =>
    p.name === null || mayRead(p.email)
      ? p
      : { ...p, contacts: p.contacts.map((c) => ({ ...c, address: maskAddress(c.kind, c.address) })) };
  return {
    ...view,
    leadership: view.leadership.map(person),
    oncallList: view.oncallList.map(person),
    steps: view.steps.map((s) => ({ ...s, people: s.people.map(person) })),
  };
}

/** Every email a plan pages. */
export function planEmails(plan: EscalationPlan): string[] {
  return [...plan.leadership, ...plan.oncallList, ...plan.steps.flatMap((s) => s.emails)];
}

/**
 * Simulates the escalation of a new incident (see the module comment).
 * @throws AppError NOT_FOUND for an unknown service; VALIDATION for a malformed level
 */
export async function simulateEscalation(
  db: Db,
  cfg: LoadedConfig,
  input: { service: string; level: string; at: Date },
): Promise<SimulationView> {
  const plan = planEscalation(cfg, input);
  return attachContacts(plan, await contactPlans(db, planEmails(plan), plan.urgency));
}
