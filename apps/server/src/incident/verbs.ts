/**
 * The incident domain's API verbs (docs/architecture.md "Verbs"): acknowledge and resolve as the principal,
 * and live grading by people (impact facts, a level set by hand, promoting and dismissing risks). Each
 * checks `incident:respond` on the incident's team itself (404 for an incident the principal may not see,
 * 403 for one it may see but not act on), changes it in one transaction and tells live views after commit.
 * Messages (links, chat buttons, SMS replies) identify the person first and go through `respondToIncident`.
 */
import type { ImpactFacts, LevelChange } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import type { Ctx, Principal, Verb } from '../kernel/index.ts';
import { authorizeIncident } from './access.ts';
import { dismissRisk, promoteRisk, regradeIncident, setLevelByPerson } from './grading.ts';
import { markAcknowledged } from './incidents.ts';
import { markResolved } from './resolve.ts';

/** The medium the timeline names for an act through the API: `console` for a session, else `API`. */
const viaOf = (p: Principal): string => (p.kind === 'session' ? 'console' : 'API');

/**
 * Acknowledges triggered incident `id` as the principal (idempotent for an acknowledged one).
 * @throws AppError NOT_FOUND; FORBIDDEN; PRECONDITION_FAILED when it is mitigated, resolved or closed
 */
export async function acknowledgeIncident({ ctx, input }: Verb<{ id: number }>): Promise<void> {
  await authorizeIncident(ctx.tx, ctx.principal, input.id, 'incident:respond');
  await markAcknowledged(ctx.rt, input.id, ctx.principal.name, viaOf(ctx.principal));
}

/**
 * Resolves incident `id` as the principal (a resolved one stays as it is).
 * @throws AppError NOT_FOUND; FORBIDDEN; PRECONDITION_FAILED for a closed incident
 */
export async function resolveIncident({ ctx, input }: Verb<{ id: number }>): Promise<void> {
  await authorizeIncident(ctx.tx, ctx.principal, input.id, 'incident:respond');
  await markResolved(ctx.rt, input.id, ctx.principal.name, viaOf(ctx.principal), { userId: ctx.principal.userId });
}

/**
 * Checks `incident:respond` on incident `id`, runs `change` in one transaction, then wakes the engine (a
 * change may have queued pages) and publishes the change.
 */
async function gradeAs(ctx: Ctx, id: number, change: (tx: Db, now: Date) => Promise<unknown>): Promise<void> {
  await authorizeIncident(ctx.tx, ctx.principal, id, 'incident:respond');
  await ctx.tx.transaction((tx) => change(tx, ctx.clock.now()));
  ctx.rt.wakeEngine();
  ctx.rt.bus.publish({ type: 'incident.updated', incidentId: id });
}

/**
 * Enters impact facts; the incident is graded again (automatic changes only upgrade).
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION
 */
export async function updateIncidentFacts({
  ctx,
  input,
}: Verb<{ id: number; facts: ImpactFacts; note?: string | undefined }>): Promise<void> {
  await gradeAs(ctx, input.id, (tx, now) =>
    regradeIncident(tx, ctx.config, input.id, now, {
      actor: ctx.principal.name,
      factsPatch: input.facts,
      note: input.note,
    }),
  );
}

/**
 * Sets a sequence's level by hand (a downgrade needs a reason).
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION; PRECONDITION_FAILED
 */
export async function setIncidentLevel({ ctx, input }: Verb<{ id: number; change: LevelChange }>): Promise<void> {
  await gradeAs(ctx, input.id, (tx, now) =>
    setLevelByPerson(tx, ctx.config, input.id, input.change, ctx.principal.name, now),
  );
}

/**
 * Promotes open risk `id` to an incident at a level (it pages).
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION; PRECONDITION_FAILED when it is no open risk
 */
export async function promoteIncidentRisk({ ctx, input }: Verb<{ id: number; change: LevelChange }>): Promise<void> {
  await gradeAs(ctx, input.id, (tx, now) =>
    promoteRisk(tx, ctx.config, input.id, input.change, ctx.principal.name, now),
  );
}

/**
 * Dismisses open risk `id` with a reason (it is closed).
 * @throws AppError NOT_FOUND; FORBIDDEN; PRECONDITION_FAILED when it is no open risk
 */
export async function dismissIncidentRisk({ ctx, input }: Verb<{ id: number; reason: string }>): Promise<void> {
  await gradeAs(ctx, input.id, (tx, now) => dismissRisk(tx, input.id, input.reason, ctx.principal.name, now));
}
