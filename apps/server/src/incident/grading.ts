/**
 * Live regrading outside intake (DESIGN §4): impact facts entered by people, duration ticks and KPI
 * evaluations re-run the pure grading function on the whole incident; automatic changes only upgrade.
 * People may set any level (a downgrade is a person's act with a reason), promote a risk to an incident,
 * or dismiss it. Every change is a timeline entry with the rule or the person, in the same transaction.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { ImpactFacts, LevelChange, LevelExplanation } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { alerts, incidents } from './tables.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { grade, formatLevel, type ImpactFactsInput } from '../levels/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { addTimeline } from './timeline.ts';
import { mergeUpgrades, pagesFor, upgradeData, type LevelState, type PageStep } from './level-merge.ts';

type IncidentRow = typeof incidents.$inferSelect;

/** Alerts read for a whole-incident regrade, at most (a storm's further alerts repeat the same labels). */
const MAX_ALERTS_GRADED = 5_000;

async function lockIncident(db: Db, id: number): Promise<IncidentRow> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).for('update').limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  return row;
}

const stateOf = (row: IncidentRow): LevelState => ({
  levels: row.levels,
  levelExplanation: row.levelExplanation as LevelExplanation[],
  risk: row.risk,
});

/** Current level per sequence with since when it holds (its explanation's `setAt`), for duration rules. */
function currentLevels(state: LevelState): Record<string, { level: number; since: Date }> {
  const out: Record<string, { level: number; since: Date }> = {};
  for (const [seq, level] of Object.entries(state.levels)) {
    const e = state.levelExplanation.find((x) => x.sequence === seq);
    out[seq] = { level, since: e ? new Date(e.setAt) : new Date(0) };
  }
  return out;
}

/**
 * Queues the pages a level change calls for (DESIGN §7: an upgrade re-pages, P1/P2 tell leadership). They are
 * `escalation.page` jobs written in this transaction: escalation is above incident (it reads incidents), so
 * incident asks for pages through the job table instead of calling it.
 */
async function sendPages(db: Db, row: IncidentRow, steps: PageStep[], now: Date): Promise<void> {
  for (const s of steps)
    await enqueueJob(
      db,
      'escalation.page',
      {
        incidentId: row.id,
        team: row.team,
        service: row.service,
        step: s.step,
        audience: s.audience,
        at: now.toISOString(),
      },
      now,
      now,
    );
  // The response room (above incident) watches every paged incident: its clock, roles and group. Queued
  // after the pages so it finds the people they reach.
  if (steps.length > 0) await enqueueJob(db, 'response.watch', { incidentId: row.id }, now, now);
  // Recovery (above) nudges the room when the recover target nears with no recovery step run (issue 9).
  if (steps.length > 0) await enqueueJob(db, 'recovery.nudge', { incidentId: row.id }, now, now);
}

export interface RegradeOptions {
  /** Who or what caused it: a person, `kpi:<watch>`, `duration`. */
  actor: string;
  /** Facts to merge into the incident's facts first. */
  factsPatch?: ImpactFacts;
  note?: string;
}

/**
 * Re-grades a whole incident (alerts, facts, current levels and their age) in the caller's transaction,
 * applies upgrades only, writes timeline entries, sends pages and schedules the next duration check.
 * @returns the upgrades applied (empty when nothing changed)
 * @throws AppError NOT_FOUND
 */
export async function regradeIncident(
  db: Db,
  cfg: LoadedConfig,
  id: number,
  now: Date,
  opts: RegradeOptions,
): Promise<string[]> {
  const row = await lockIncident(db, id);
  let facts = row.facts as ImpactFacts;
  if (opts.factsPatch && Object.keys(opts.factsPatch).length > 0) {
    facts = { ...facts, ...opts.factsPatch };
    const described = Object.entries(opts.factsPatch)
      .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
      .join(', ');
    await addTimeline(db, {
      incidentId: id,
      at: now,
      kind: 'facts_updated',
      actor: opts.actor,
      message: `impact facts: ${described}${opts.note ? ` — ${opts.note}` : ''}`,
      data: { facts: opts.factsPatch },
    });
  }
  const firing = await db
    .select({ labels: alerts.labels })
    .from(alerts)
    .where(and(eq(alerts.incidentId, id), eq(alerts.status, 'firing')))
    .limit(MAX_ALERTS_GRADED);
  const service = row.service ? (cfg.catalog.service(row.service) ?? null) : null;
  const before = stateOf(row);
  const result = grade(
    {
      alerts: firing.map((a) => ({ labels: a.labels, status: 'firing' as const })),
      facts: facts as ImpactFactsInput,
      service,
      current: currentLevels(before),
      now,
    },
    cfg.rules,
  );
  const { next, upgrades } = mergeUpgrades(before, result, now);
  for (const u of upgrades) {
    await addTimeline(db, {
      incidentId: id,
      at: now,
      kind: 'level_set',
      actor: 'rule',
      message: u.message,
      data: { ...upgradeData(u), cause: opts.actor },
    });
  }
  await db
    .update(incidents)
    .set({ facts, ...next, updatedAt: now })
    .where(eq(incidents.id, id));
  // A risk was never paged: once it gains a level it pages like a new incident.
  await sendPages(db, row, pagesFor(before.risk, next, upgrades), now);
  await scheduleDurationCheck(db, cfg, { ...row, ...next }, now);
  return upgrades.map((u) => u.label);
}

/**
 * Enqueues a `grade.duration` timer at the earliest moment a duration rule could next match, unless one
 * is already due by then. Duration rules: "the incident has lasted longer than T at a level" (DESIGN §4).
 */
export async function scheduleDurationCheck(db: Db, cfg: LoadedConfig, row: IncidentRow, now: Date): Promise<void> {
  if (!['triggered', 'acknowledged', 'mitigated'].includes(row.status)) return;
  const service = row.service ? (cfg.catalog.service(row.service) ?? null) : null;
  const current = currentLevels(stateOf(row));
  let due: number | undefined;
  for (const rule of cfg.rules.forService(service)) {
    if (rule.condition.type !== 'duration') continue;
    const cur = current[rule.sequence];
    if (!cur || cur.level > rule.condition.atLevel || cur.level <= rule.level) continue;
    const at = cur.since.getTime() + rule.condition.minutes * 60_000;
    if (at > now.getTime() && (due === undefined || at < due)) due = at;
  }
  if (due === undefined) return;
  const pending = await rows<{ n: number }>(
    db,
    sql`select count(*)::int as n from jobs where kind = 'grade.duration' and done_at is null
        and payload->>'incidentId' = ${String(row.id)} and run_at <= ${new Date(due).toISOString()}::timestamptz`,
  );
  if ((pending[0]?.n ?? 0) > 0) return;
  await enqueueJob(db, 'grade.duration', { incidentId: row.id }, new Date(due), now);
}

/**
 * A person sets (or clears) a sequence's level, with a reason. Upgrades page like automatic ones; a
 * downgrade or clear is recorded and pages nobody.
 * @throws AppError NOT_FOUND; VALIDATION for an unknown sequence or a level past its last.
 */
export async function setLevelByPerson(
  db: Db,
  cfg: LoadedConfig,
  id: number,
  change: LevelChange,
  actor: string,
  now: Date,
): Promise<void> {
  const count = cfg.rules.levelCount(change.sequence);
  if (count === undefined)
    throw new AppError('VALIDATION', `unknown sequence ${change.sequence}`, [
      { path: 'sequence', message: 'unknown sequence' },
    ]);
  if (change.level !== null && change.level > count) {
    throw new AppError('VALIDATION', `sequence ${change.sequence} has ${count} levels`, [
      { path: 'level', message: `at most ${count}` },
    ]);
  }
  const row = await lockIncident(db, id);
  const before = stateOf(row);
  const from = before.levels[change.sequence];
  const levels = { ...before.levels };
  const explanation = before.levelExplanation.filter((e) => e.sequence !== change.sequence);
  if (change.level === null) delete levels[change.sequence];
  else {
    levels[change.sequence] = change.level;
    explanation.push({
      sequence: change.sequence,
      level: formatLevel(change.sequence, change.level),
      ruleId: 'manual',
      rule: `set by ${actor}: ${change.reason}`,
      evidence: [change.reason],
      setAt: now.toISOString(),
      actor,
    });
  }
  const next: LevelState = {
    levels,
    levelExplanation: explanation,
    risk: Object.keys(levels).length === 0 && before.risk,
  };
  const fromLabel = from === undefined ? 'none' : formatLevel(change.sequence, from);
  const toLabel = change.level === null ? 'none' : formatLevel(change.sequence, change.level);
  await addTimeline(db, {
    incidentId: id,
    at: now,
    kind: 'level_changed',
    actor,
    message: `${actor} changed ${change.sequence} ${fromLabel} → ${toLabel}: ${change.reason}`,
    data: {
      sequence: change.sequence,
      from: from === undefined ? null : fromLabel,
      level: change.level === null ? null : toLabel,
      reason: change.reason,
    },
  });
  await db
    .update(incidents)
    .set({ ...next, updatedAt: now })
    .where(eq(incidents.id, id));
  const upgraded = change.level !== null && (from === undefined || change.level < from);
  if (upgraded) {
    const label = formatLevel(change.sequence, change.level!);
    const fake = {
      sequence: change.sequence,
      from,
      to: change.level!,
      label,
      match: { sequence: change.sequence, level: change.level!, ruleId: 'manual', rule: change.reason, evidence: [] },
      message: '',
    };
    await sendPages(db, row, pagesFor(before.risk, next, [fake]), now);
  }
  await scheduleDurationCheck(db, cfg, { ...row, ...next }, now);
}

/**
 * Promotes a risk to an incident at a level: it is paged like a new incident.
 * @throws AppError NOT_FOUND; PRECONDITION_FAILED when it is not an open risk.
 */
export async function promoteRisk(
  db: Db,
  cfg: LoadedConfig,
  id: number,
  change: LevelChange,
  actor: string,
  now: Date,
): Promise<void> {
  const row = await lockIncident(db, id);
  if (!row.risk || row.status === 'closed')
    throw new AppError('PRECONDITION_FAILED', `incident ${id} is not an open risk`);
  await addTimeline(db, {
    incidentId: id,
    at: now,
    kind: 'risk_promoted',
    actor,
    message: `${actor} promoted the risk to an incident: ${change.reason}`,
  });
  await setLevelByPerson(db, cfg, id, change, actor, now);
}

/**
 * Dismisses a risk with a reason: it is closed and pages nobody.
 * @throws AppError NOT_FOUND; PRECONDITION_FAILED when it is not an open risk.
 */
export async function dismissRisk(db: Db, id: number, reason: string, actor: string, now: Date): Promise<void> {
  const row = await lockIncident(db, id);
  if (!row.risk || row.status === 'closed')
    throw new AppError('PRECONDITION_FAILED', `incident ${id} is not an open risk`);
  await db
    .update(incidents)
    .set({ status: 'closed', closedAt: now, closeReason: reason, updatedAt: now })
    .where(eq(incidents.id, id));
  await addTimeline(db, {
    incidentId: id,
    at: now,
    kind: 'risk_dismissed',
    actor,
    message: `${actor} dismissed the risk: ${reason}`,
    data: { reason },
  });
}
