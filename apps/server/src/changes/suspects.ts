/**
 * Suspect changes of an incident (issue 9 point 2): the ranking (`rank.ts`) over the changes recorded
 * around its impact start, with people's verdicts; `caused` sets the incident's `change_introduced_at`.
 */
import { asc, eq } from 'drizzle-orm';
import type { SuspectChanges, Verdict } from '@faultline/contracts';
import { alerts, authorizeIncident, addTimeline, incidents } from '../incident/index.ts';
import { incidentKeyTimes, putKeyTime } from '../response/index.ts';
import type { Db } from '../db/index.ts';
import type { Ctx, Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { LOOKBACK_MS, rankSuspects, type ChangeKind, type RankIncident } from './rank.ts';
import {
  changeById,
  changesStartedBetween,
  changeView,
  currentVerdicts,
  historyKey,
  insertVerdict,
  verdictHistory,
  type ChangeRow,
  type VerdictRow,
} from './store.ts';

/** The most changes one ranking looks at (the newest in the look-back window). */
export const MAX_CANDIDATES = 500;

async function incidentFacts(db: Db, id: number): Promise<RankIncident> {
  const [row] = await db
    .select({
      service: incidents.service,
      impactStartedAt: incidents.impactStartedAt,
      detectedAt: incidents.detectedAt,
      createdAt: incidents.createdAt,
    })
    .from(incidents)
    .where(eq(incidents.id, id))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  const labels: Record<string, string[]> = {};
  const list = await db
    .select({ labels: alerts.labels })
    .from(alerts)
    .where(eq(alerts.incidentId, id))
    .orderBy(asc(alerts.id))
    .limit(1000);
  for (const a of list)
    for (const [k, v] of Object.entries(a.labels)) {
      const seen = (labels[k] ??= []);
      if (!seen.includes(v)) seen.push(v);
    }
  // The key times as the room holds them: a person's edit of impact start moves the ranking's anchor too.
  const kt = await incidentKeyTimes(db, id);
  return {
    service: row.service,
    impactStartedAt: kt.impact_started_at ?? kt.detected_at ?? row.impactStartedAt ?? row.detectedAt ?? row.createdAt,
    labels,
  };
}

/** The change_introduced_at key time: the earliest start among the changes currently labelled `caused`. */
function introducedAt(verdicts: ReadonlyMap<number, VerdictRow>, byId: ReadonlyMap<number, ChangeRow>): Date | null {
  let at: Date | null = null;
  for (const v of verdicts.values()) {
    const c = byId.get(v.changeId);
    if (v.verdict === 'caused' && c && (at === null || c.startedAt < at)) at = c.startedAt;
  }
  return at;
}

/** One incident's ranking: its facts, the candidate changes, the ranked suspects and the current verdicts. */
export interface IncidentRanking {
  facts: RankIncident;
  candidates: ChangeRow[];
  ranked: ReturnType<typeof rankSuspects>;
  verdicts: Map<number, VerdictRow>;
}

/**
 * Ranks the changes around the incident's impact start (no permission check: callers check).
 * @param asAtImpact count only verdicts given before impact start in the source history (as the ranking
 *   stood then: the evaluation must not see the future); default: every verdict on other incidents
 * @throws AppError NOT_FOUND
 */
export async function rankIncident(db: Db, ctx: Ctx, incidentId: number, asAtImpact = false): Promise<IncidentRanking> {
  const facts = await incidentFacts(db, incidentId);
  const impact = facts.impactStartedAt;
  const candidates = await changesStartedBetween(db, new Date(impact.getTime() - LOOKBACK_MS), impact, MAX_CANDIDATES);
  const verdicts = await currentVerdicts(db, incidentId);
  const history = await verdictHistory(db, incidentId, asAtImpact ? impact : undefined);
  const catalog = ctx.config.catalog;
  const ranked = rankSuspects(
    facts,
    candidates.map((c) => ({
      id: c.id,
      kind: c.kind as ChangeKind,
      summary: c.summary,
      services: c.services,
      labels: c.labels,
      startedAt: c.startedAt,
      endedAt: c.endedAt,
      source: historyKey(c),
    })),
    (s) => catalog.service(s)?.dependsOn ?? [],
    history,
  );
  return { facts, candidates, ranked, verdicts };
}

/**
 * The incident's suspect changes, ranked, with reasons and current verdicts (needs `incident:read` on the
 * incident's team). A change a person labelled is listed even when the ranking would leave it out.
 * @throws AppError NOT_FOUND
 */
export async function suspectChanges({ ctx, input }: Verb<{ incidentId: number }>): Promise<SuspectChanges> {
  await authorizeIncident(ctx.tx, ctx.principal, input.incidentId, 'incident:read');
  const { facts, candidates, ranked, verdicts } = await rankIncident(ctx.tx, ctx, input.incidentId);
  const impact = facts.impactStartedAt;
  const byId = new Map(candidates.map((c) => [c.id, c] as const));
  for (const changeId of verdicts.keys())
    if (!byId.has(changeId)) {
      const c = await changeById(ctx.tx, changeId);
      if (c) byId.set(c.id, c);
    }
  const listed = new Set(ranked.map((s) => s.changeId));
  const verdictView = (id: number) => {
    const v = verdicts.get(id);
    return v ? { verdict: v.verdict as Verdict, why: v.why, actor: v.actor, at: v.at.toISOString() } : null;
  };
  const suspects = ranked.map((s) => ({
    ...s,
    change: changeView(byId.get(s.changeId)!),
    verdict: verdictView(s.changeId),
  }));
  // Labelled changes outside the window (started after impact start, or long before) come last, unranked.
  for (const [id, c] of byId)
    if (!listed.has(id) && verdicts.has(id))
      suspects.push({
        changeId: id,
        rank: suspects.length + 1,
        score: 0,
        reasons: [],
        change: changeView(c),
        verdict: verdictView(id),
      });
  const at = introducedAt(verdicts, byId);
  return {
    incidentId: input.incidentId,
    impactStartedAt: impact.toISOString(),
    changeIntroducedAt: at?.toISOString() ?? null,
    suspects: suspects.map(({ changeId: _id, ...s }) => s),
  };
}

/**
 * A person's verdict on a change for an incident (`caused | fixed | suspect | dismissed`, with why), on the
 * timeline; `caused` sets the incident's `change_introduced_at` to the change's start (the earliest among
 * changes labelled caused). Needs `incident:respond` on the incident's team.
 * @returns the suspect list after the verdict
 * @throws AppError NOT_FOUND (incident or change)
 */
export async function labelChange({
  ctx,
  input,
}: Verb<{ incidentId: number; changeId: number; verdict: Verdict; why: string }>): Promise<SuspectChanges> {
  const now = ctx.clock.now();
  await ctx.tx.transaction(async (tx) => {
    await authorizeIncident(tx, ctx.principal, input.incidentId, 'incident:respond');
    const change = await changeById(tx, input.changeId);
    if (!change) throw new AppError('NOT_FOUND', `change ${input.changeId} does not exist`);
    const before = await currentVerdicts(tx, input.incidentId);
    await insertVerdict(tx, {
      changeId: change.id,
      incidentId: input.incidentId,
      verdict: input.verdict,
      why: input.why,
      actor: ctx.principal.name,
      at: now,
    });
    const after = await currentVerdicts(tx, input.incidentId);
    const rowsById = new Map<number, ChangeRow>([[change.id, change]]);
    for (const id of new Set([...before.keys(), ...after.keys()]))
      if (!rowsById.has(id)) {
        const c = await changeById(tx, id);
        if (c) rowsById.set(id, c);
      }
    const was = introducedAt(before, rowsById);
    const is = introducedAt(after, rowsById);
    const moved = (was?.getTime() ?? null) !== (is?.getTime() ?? null);
    const what = `${change.kind} on ${change.services.join(', ')}: ${change.summary}`;
    if (moved)
      // The room shows it with the other key times (the 1-5-10 clock and the postmortem read them there).
      await putKeyTime(tx, {
        incidentId: input.incidentId,
        code: 'change_introduced_at',
        at: is,
        setBy: ctx.principal.name,
        reason: `change #${change.id} labelled ${input.verdict}`,
        now,
      });
    await addTimeline(tx, {
      incidentId: input.incidentId,
      at: now,
      kind: 'change_verdict',
      actor: ctx.principal.name,
      message:
        `Change #${change.id} (${what}) labelled ${input.verdict}: ${input.why}` +
        (moved ? `; change_introduced_at ${is ? `set to ${is.toISOString()}` : 'cleared'}` : ''),
      data: {
        changeId: change.id,
        verdict: input.verdict,
        why: input.why,
        ...(moved ? { milestone: 'change_introduced_at', at: is?.toISOString() ?? null } : {}),
      },
    });
  });
  ctx.rt.bus.publish({ type: 'incident.updated', incidentId: input.incidentId });
  return suspectChanges({ ctx, input: { incidentId: input.incidentId } });
}
