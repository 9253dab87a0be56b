/**
 * SQL the room's verbs share (no permission checks): reading the room's state of one incident, appending to
 * its event logs, and the once-only emission keys. Events are stored as JSON (instants as ISO strings) and
 * revived here.
 */
import { and, asc, desc, eq, inArray, isNull, lt, lte, ne, or, sql } from 'drizzle-orm';
import { enqueueJob, jobs } from '../engine/index.ts';
import type { Db } from '../db/index.ts';
import { timeline, type IncidentRow } from '../incident/index.ts';
import { declarations, emissions, keyTimes, roomEvents, statusUpdates } from './tables.ts';
import type { GroupEvent } from './group.ts';
import type { RoleEvent } from './role-handover.ts';
import type { WarRoomEvent } from './war-room.ts';
import { MILESTONE_CODES, type MilestoneCode, type Milestones } from './milestones.ts';

export type KeyTimeRow = typeof keyTimes.$inferSelect;
export type StatusUpdateRow = typeof statusUpdates.$inferSelect;
export type DeclarationRow = typeof declarations.$inferSelect;

/** The incident row's lifecycle columns, by key-time code. */
export function rowMilestones(row: IncidentRow): Milestones {
  const m: Milestones = {};
  const cols: Array<[MilestoneCode, Date | null]> = [
    ['impact_started_at', row.impactStartedAt],
    ['detected_at', row.detectedAt],
    ['acknowledged_at', row.acknowledgedAt],
    ['mitigated_at', row.mitigatedAt],
    ['resolved_at', row.resolvedAt],
    // A cancelled incident's closed_at is when it was cancelled, not a close.
    ['closed_at', row.status === 'closed' ? row.closedAt : null],
  ];
  for (const [code, at] of cols) if (at) m[code] = at;
  return m;
}

/**
 * The incident's key times: the row's columns, overlaid by the room's rows (a row with `at` null clears).
 * A reopen deletes the room's rows of the lifecycle codes it clears (`clearKeyTimes`).
 */
export function effectiveMilestones(row: IncidentRow, rows: readonly KeyTimeRow[]): Milestones {
  const m = rowMilestones(row);
  for (const r of rows) {
    const code = r.code as MilestoneCode;
    if (!MILESTONE_CODES.includes(code)) continue;
    if (r.at === null) delete m[code];
    else m[code] = r.at;
  }
  return m;
}

export async function keyTimeRows(db: Db, incidentId: number): Promise<KeyTimeRow[]> {
  return db.select().from(keyTimes).where(eq(keyTimes.incidentId, incidentId));
}

/** Sets (or clears, `at` null) one key time. */
export async function putKeyTime(
  db: Db,
  v: { incidentId: number; code: MilestoneCode; at: Date | null; setBy: string; reason: string | null; now: Date },
): Promise<void> {
  await db
    .insert(keyTimes)
    .values({ incidentId: v.incidentId, code: v.code, at: v.at, setBy: v.setBy, reason: v.reason, updatedAt: v.now })
    .onConflictDoUpdate({
      target: [keyTimes.incidentId, keyTimes.code],
      set: { at: v.at, setBy: v.setBy, reason: v.reason, updatedAt: v.now },
    });
}

/** Sets a key time only when it has no row yet (the first time the system sees it). */
export async function putKeyTimeIfAbsent(
  db: Db,
  v: { incidentId: number; code: MilestoneCode; at: Date; now: Date },
): Promise<void> {
  await db
    .insert(keyTimes)
    .values({ incidentId: v.incidentId, code: v.code, at: v.at, setBy: 'system', reason: null, updatedAt: v.now })
    .onConflictDoNothing();
}

/** Deletes the room's rows of `codes` (a reopen clears mitigated, resolved and closed). */
export async function clearKeyTimes(db: Db, incidentId: number, codes: readonly MilestoneCode[]): Promise<void> {
  await db.delete(keyTimes).where(and(eq(keyTimes.incidentId, incidentId), inArray(keyTimes.code, [...codes])));
}

const revive = <T>(e: Record<string, unknown>): T => ({ ...e, at: new Date(e.at as string) }) as T;

/** The events of one stream, oldest first. */
export async function loadEvents<S extends 'roles' | 'group' | 'warroom'>(
  db: Db,
  incidentId: number,
  stream: S,
): Promise<Array<S extends 'roles' ? RoleEvent : S extends 'group' ? GroupEvent : WarRoomEvent>> {
  const rows = await db
    .select({ event: roomEvents.event })
    .from(roomEvents)
    .where(and(eq(roomEvents.incidentId, incidentId), eq(roomEvents.stream, stream)))
    .orderBy(asc(roomEvents.id));
  return rows.map((r) => revive(r.event));
}

/** Appends an accepted event to a stream. */
export async function appendEvent(
  db: Db,
  incidentId: number,
  stream: 'roles' | 'group' | 'warroom',
  event: RoleEvent | GroupEvent | WarRoomEvent,
): Promise<void> {
  await db.insert(roomEvents).values({
    incidentId,
    stream,
    at: event.at,
    event: JSON.parse(JSON.stringify(event)) as Record<string, unknown>,
  });
}

export async function listUpdates(db: Db, incidentId: number): Promise<StatusUpdateRow[]> {
  return db.select().from(statusUpdates).where(eq(statusUpdates.incidentId, incidentId)).orderBy(asc(statusUpdates.id));
}

export async function lastUpdate(db: Db, incidentId: number): Promise<StatusUpdateRow | undefined> {
  const [row] = await db
    .select()
    .from(statusUpdates)
    .where(eq(statusUpdates.incidentId, incidentId))
    .orderBy(desc(statusUpdates.id))
    .limit(1);
  return row;
}

export async function declarationOf(db: Db, incidentId: number): Promise<DeclarationRow | undefined> {
  const [row] = await db.select().from(declarations).where(eq(declarations.incidentId, incidentId));
  return row;
}

export async function emittedKeys(db: Db, incidentId: number): Promise<Set<string>> {
  const rows = await db.select({ key: emissions.key }).from(emissions).where(eq(emissions.incidentId, incidentId));
  return new Set(rows.map((r) => r.key));
}

/** Records an emission; false when another node recorded it first (then it must not act). */
export async function recordEmission(db: Db, incidentId: number, key: string, at: Date): Promise<boolean> {
  const rows = await db.insert(emissions).values({ incidentId, key, at }).onConflictDoNothing().returning();
  return rows.length > 0;
}

/**
 * The email of whoever acknowledged `row`, as the room knows people: the `person` the acknowledgement
 * recorded (a link, a chat button or an SMS reply names the person by display name and records their email),
 * else `acknowledged_by` when it is an address (the console and the API); null when nobody acknowledged or
 * the acknowledger is no person (a chat channel).
 */
export async function acknowledgerEmail(db: Db, row: IncidentRow): Promise<string | null> {
  if (!row.acknowledgedBy) return null;
  const [entry] = await db
    .select({ data: timeline.data })
    .from(timeline)
    .where(and(eq(timeline.incidentId, row.id), eq(timeline.kind, 'acknowledged')))
    .orderBy(desc(timeline.id))
    .limit(1);
  const person = (entry?.data as { person?: unknown } | undefined)?.person;
  if (typeof person === 'string' && person.includes('@')) return person.toLowerCase();
  return row.acknowledgedBy.includes('@') ? row.acknowledgedBy.toLowerCase() : null;
}

/** Serialises the room's changes of one incident (its event logs replay in order): locks the incident row. */
export async function lockRoom(db: Db, incidentId: number): Promise<void> {
  await db.execute(sql`select id from incidents where id = ${incidentId} for update`);
}

/**
 * Enqueues a watch of incident `incidentId` at `at` unless one is already waiting to run no later.
 * Call inside the transaction of the change; `exceptJob` is the running watch itself.
 */
export async function scheduleWatch(
  db: Db,
  incidentId: number,
  at: Date,
  now: Date,
  exceptJob: number | null = null,
): Promise<void> {
  const waiting = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        eq(jobs.kind, 'response.watch'),
        isNull(jobs.doneAt),
        lte(jobs.runAt, at),
        sql`${jobs.payload}->>'incidentId' = ${String(incidentId)}`,
        exceptJob === null ? undefined : ne(jobs.id, exceptJob),
        // A watch running now (claimed) has already read the room: it does not count as waiting.
        or(isNull(jobs.lockedUntil), lt(jobs.lockedUntil, now)),
      ),
    )
    .limit(1);
  if (waiting.length === 0) await enqueueJob(db, 'response.watch', { incidentId }, at, now);
}

/**
 * Whether incident `incidentId` has pages or escalation steps due and not yet run (the group invites the people
 * they reach).
 */
export async function pagesQueued(db: Db, incidentId: number, now: Date): Promise<boolean> {
  const rows = await db
    .select({ id: jobs.id })
    .from(jobs)
    .where(
      and(
        inArray(jobs.kind, ['escalation.page', 'escalation.step']),
        isNull(jobs.doneAt),
        lte(jobs.runAt, now),
        sql`${jobs.payload}->>'incidentId' = ${String(incidentId)}`,
      ),
    )
    .limit(1);
  return rows.length > 0;
}
