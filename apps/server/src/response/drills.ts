/**
 * Fault drills (issue 17 point 10; seed 000: "regular fault drills and scenario rehearsals"). A drill is a
 * declared incident marked as a drill (`incidents.drill`), opened from a scenario by hand (`runDrill`) or when a
 * configured drill is due (`runScheduledDrill`, the `response.drill` job). It runs the whole room — paging,
 * check-in, roles, playbooks, the 1-5-10 clock — with three differences:
 *
 * - it pages only its participants (notify's drill guard drops everyone else, whichever page asks);
 * - every message is marked "[DRILL]" (page titles, check-in and stakeholder emails);
 * - it never reaches the public status page and is excluded from the fault metrics (reason `drill`).
 *
 * Its impact starts when it is declared (the scenario plays a fault that begins now), so the 1-5-10 clock runs
 * from the declaration. Injected alerts and the KPI drop are timeline entries: never sent through intake, so a
 * drill cannot join or page a real incident's group. Afterwards `drillReport` gives the times per stage against
 * the targets, check-in times and the roles filled.
 */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { DrillScenario, type DrillReport, type DrillSummary } from '@faultline/contracts';
import type { z } from 'zod';
import type { Db } from '../db/index.ts';
import { enqueueJob, jobs, type JobOutcome } from '../engine/index.ts';
import { can, systemCtx, type LoadedConfig, type Runtime, type Verb } from '../kernel/index.ts';
import { addTimeline, authorizeIncident, formatLevels, incidents } from '../incident/index.ts';
import { AppError } from '../lib/index.ts';
import { declare } from './declare.ts';
import { nextDrillAt, type DrillSchedule } from './drill-schedule.ts';
import { loadRoom } from './room.ts';
import { ROLE_IDS } from './roles.ts';
import { drills } from './tables.ts';
import type { DrillConfig } from './config.ts';

/** A parsed scenario (contracts `DrillScenario`). */
export type DrillScenarioInput = z.output<typeof DrillScenario>;

/** Where a scheduled drill came from: its configured id and the instant it was due. */
interface ScheduledBy {
  scheduleId: string;
  dueAt: Date;
}

/**
 * Declares a drill from `input` as `ctx.principal`; returns the incident id, or null when the scheduled drill
 * `scheduled` was already declared for that instant (by another node).
 * @throws AppError VALIDATION naming `service`, `sequence` or `level`; FORBIDDEN without incident:respond on
 *   the service's team
 */
export async function runDrill({
  ctx,
  input,
  scheduled,
}: Verb<DrillScenarioInput> & { scheduled?: ScheduledBy }): Promise<number | null> {
  const participants = [...new Set(input.participants.map((p) => p.toLowerCase()))];
  const now = ctx.clock.now();
  try {
    return await declare({
      ctx,
      input: {
        title: input.title,
        service: input.service ?? null,
        sequence: input.sequence,
        level: input.level,
        description: input.description,
        source: 'internal',
        reporter: scheduled ? `drill schedule ${scheduled.scheduleId}` : ctx.principal.name,
        impactStartedAt: now.toISOString(),
      },
      drill: {
        drill: { participants, scheduleId: scheduled?.scheduleId ?? null },
        then: async (tx, incidentId) => {
          const inserted = await tx
            .insert(drills)
            .values({
              incidentId,
              scenario: { ...input, participants } as Record<string, unknown>,
              scheduleId: scheduled?.scheduleId ?? null,
              dueAt: scheduled?.dueAt ?? null,
              declaredBy: ctx.principal.name,
              declaredAt: now,
            })
            .onConflictDoNothing()
            .returning({ id: drills.incidentId });
          // Another node declared this due drill first: undo this one (the whole transaction).
          if (!inserted[0]) throw new AlreadyDeclared();
          for (const a of input.alerts) {
            const labels = Object.entries(a.labels)
              .map(([k, v]) => `${k}="${v}"`)
              .join(', ');
            await addTimeline(tx, {
              incidentId,
              at: now,
              kind: 'note',
              actor: 'drill',
              message: `[DRILL] injected alert: ${a.summary}${labels ? ` {${labels}}` : ''}`,
              data: { drill: true, injected: 'alert', summary: a.summary, labels: a.labels },
            });
          }
          if (input.kpiDrop)
            await addTimeline(tx, {
              incidentId,
              at: now,
              kind: 'note',
              actor: 'drill',
              message: `[DRILL] injected KPI drop: ${input.kpiDrop}`,
              data: { drill: true, injected: 'kpi', kpiDrop: input.kpiDrop },
            });
        },
      },
    });
  } catch (e) {
    if (e instanceof AlreadyDeclared) return null;
    throw e;
  }
}

class AlreadyDeclared extends Error {}

/** `GET /api/v1/drills`: the drills of the teams the caller may read, newest first (at most `limit`). */
export async function listDrills({ ctx, input }: Verb<{ limit: number }>): Promise<DrillSummary[]> {
  const list = await ctx.tx
    .select({ d: drills, i: incidents })
    .from(drills)
    .innerJoin(incidents, eq(incidents.id, drills.incidentId))
    .orderBy(desc(drills.incidentId))
    .limit(input.limit);
  return list
    .filter(({ i }) => can(ctx.principal, 'incident:read', i.team))
    .map(({ d, i }) => ({
      incidentId: i.id,
      title: i.title,
      status: i.status,
      scheduleId: d.scheduleId,
      declaredAt: d.declaredAt.toISOString(),
      participants: i.drill?.participants ?? [],
    }));
}

/**
 * The report of drill `id` at `now`: per 1-5-10 stage the time taken from the drill's start against its target
 * (met, breached, or still running), each member's check-in time from their first invitation, and each role's
 * first holder and when they took it.
 * @throws AppError NOT_FOUND for an incident that is not a drill or may not be seen
 */
export async function drillReport({ ctx, input }: Verb<{ id: number }>): Promise<DrillReport> {
  await authorizeIncident(ctx.tx, ctx.principal, input.id, 'incident:read');
  const report = await buildDrillReport(ctx.tx, ctx.config, input.id, ctx.clock.now());
  if (!report) throw notADrill(input.id);
  return report;
}

/**
 * The report of drill `id` at `now` (see `drillReport`), read in `db` without a permission check (the report
 * mail's job); null when `id` is not a drill.
 */
export async function buildDrillReport(
  db: Db,
  config: LoadedConfig,
  id: number,
  now: Date,
): Promise<DrillReport | null> {
  const [d] = await db.select().from(drills).where(eq(drills.incidentId, id));
  if (!d) return null;
  const room = await loadRoom(db, config, id, now);
  const start = room.row.createdAt.getTime();
  const roles = ROLE_IDS.map((role) => {
    const first = room.roles.tenures.find((t) => t.role === role);
    return {
      role,
      required: room.policy.requiredRoles.includes(role),
      holder: room.roles.slots[role].holder ?? first?.holder ?? null,
      filledAfterMs: first ? Math.max(0, first.assumedAt.getTime() - start) : null,
    };
  });
  return {
    incidentId: room.row.id,
    title: room.row.title,
    status: room.row.status,
    level: room.row.risk ? null : formatLevels(room.row.levels) || null,
    scheduleId: d.scheduleId,
    declaredAt: d.declaredAt.toISOString(),
    declaredBy: d.declaredBy,
    participants: room.row.drill?.participants ?? [],
    stages: room.clock.stages.map((s) => ({
      stage: s.stage,
      targetMs: s.targetMs,
      tookMs: s.endedAt ? s.elapsedMs : null,
      state: s.state,
    })),
    checkIns: room.group.members.map((m) => ({
      person: m.person,
      state: m.state,
      afterMs: m.answeredAt ? Math.max(0, m.answeredAt.getTime() - m.firstInvitedAt.getTime()) : null,
    })),
    roles,
    rolesMissing: roles.filter((r) => r.required && r.filledAfterMs === null).map((r) => r.role),
  };
}

const notADrill = (id: number) => new AppError('NOT_FOUND', `incident ${id} is not a drill`);

/** The schedule of configured drill `d`. */
const scheduleOf = (d: DrillConfig): DrillSchedule => d.schedule;

/**
 * Enqueues the `response.drill` job of configured drill `drillId` due at `dueAt`, unless one for that drill
 * and instant is waiting. Serialised per drill by a transaction-scoped advisory lock, so nodes starting
 * together add one (and the unique key on `response_drills` declares it once even if two were added).
 */
async function ensureDrillJob(db: Db, drillId: string, dueAt: Date, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`jobs:response.drill:${drillId}`}))`);
    const waiting = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          eq(jobs.kind, 'response.drill'),
          isNull(jobs.doneAt),
          sql`${jobs.payload}->>'drillId' = ${drillId}`,
          sql`${jobs.payload}->>'dueAt' = ${dueAt.toISOString()}`,
        ),
      )
      .limit(1);
    if (waiting.length === 0)
      await enqueueJob(tx, 'response.drill', { drillId, dueAt: dueAt.toISOString() }, dueAt, now);
  });
}

/**
 * Starts the timer of every enabled configured drill at its next occurrence from now (at boot and after a
 * config reload). A timer left by an earlier config finds, when it runs, that its instant is no longer an
 * occurrence of the drill (or that the drill is gone) and declares nothing.
 */
export async function startDrillSchedules(rt: Runtime): Promise<void> {
  const now = rt.clock.now();
  for (const d of rt.config().config.response.drills)
    if (d.enabled) await ensureDrillJob(rt.db, d.id, nextDrillAt(scheduleOf(d), now), now);
}

/**
 * The `response.drill` job: declares configured drill `drillId` due at `dueAt` (once across nodes) and starts
 * the timer of its next occurrence. A drill removed or disabled since, or rescheduled so that `dueAt` is no
 * longer one of its occurrences, is not declared.
 */
export async function runScheduledDrill(rt: Runtime, payload: { drillId: string; dueAt: string }): Promise<JobOutcome> {
  const d = rt.config().config.response.drills.find((x) => x.id === payload.drillId && x.enabled);
  const dueAt = new Date(payload.dueAt);
  if (!d || nextDrillAt(scheduleOf(d), dueAt).getTime() !== dueAt.getTime()) return { kind: 'done' };
  const ctx = systemCtx(rt, 'drill');
  const id = await runDrill({ ctx, input: DrillScenario.parse(d.scenario), scheduled: { scheduleId: d.id, dueAt } });
  // The next one: after this, and never in the past (a node down for a while skips the drills it missed).
  const now = rt.clock.now();
  const after = new Date(Math.max(dueAt.getTime() + 1, now.getTime()));
  await ensureDrillJob(rt.db, d.id, nextDrillAt(scheduleOf(d), after), now);
  if (id !== null) {
    rt.bus.publish({ type: 'incident.updated', incidentId: id });
    rt.wakeEngine();
  }
  return { kind: 'done', incidentIds: id === null ? [] : [id] };
}
