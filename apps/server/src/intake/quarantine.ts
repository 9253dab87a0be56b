/**
 * The intake quarantine (docs/intake.md#quarantine): an event convergence could not apply on its own after
 * `QUARANTINE_AFTER` tries is set aside with the reason, so the events behind it go on (bisect.ts). An admin
 * lists quarantined events, replays one after a fix (parsed again from its raw body and converged in its
 * turn), or discards one that should never be applied. Both acts are audited.
 */
import { and, asc, eq, gt, isNotNull, isNull, sql } from 'drizzle-orm';
import type { QuarantinedEvent } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { events } from './tables.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { actorOfCtx, authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { AppError, summariseError } from '../lib/index.ts';
import { reparseEvent } from './reparse.ts';
import type { Signal } from './signal.ts';

/** Failed tries of an event on its own before it is quarantined. */
export const QUARANTINE_AFTER = 5;

/** Characters of the raw body shown in the quarantine list. */
const PREVIEW_CHARS = 2000;

/**
 * Counts a failed try of `eventId` applied on its own and stores the shortened reason; at the
 * `quarantineAfter`-th try the event is quarantined. Nothing happens to an event processed or quarantined
 * meanwhile (another node got there first).
 * @returns the event's tries so far (0 when it was left alone) and whether it is now quarantined
 */
export async function recordConvergeFailure(
  db: Db,
  eventId: number,
  error: unknown,
  now: Date,
  quarantineAfter = QUARANTINE_AFTER,
): Promise<{ attempts: number; quarantined: boolean }> {
  const [row] = await rows<{ attempts: number; quarantined: boolean }>(
    db,
    sql`update events set converge_attempts = converge_attempts + 1, last_error = ${summariseError(error).reason},
          quarantined_at = case when converge_attempts + 1 >= ${quarantineAfter} then ${now.toISOString()}::timestamptz end
        where id = ${eventId} and processed_at is null and quarantined_at is null
        returning converge_attempts as attempts, quarantined_at is not null as quarantined`,
  );
  return row
    ? { attempts: Number(row.attempts), quarantined: Boolean(row.quarantined) }
    : { attempts: 0, quarantined: false };
}

const quarantined = and(isNotNull(events.quarantinedAt), isNull(events.processedAt));

/** Quarantined events for an admin (`server:admin`; see `listQuarantine`). @throws AppError FORBIDDEN */
export async function readQuarantine({
  ctx,
  input,
}: Verb<{ afterId?: number | undefined; limit: number }>): Promise<QuarantinedEvent[]> {
  authorize(ctx, 'server:admin');
  return listQuarantine(ctx.tx, input);
}

/** Quarantined events, oldest first, with ids above `afterId`; at most `limit`. */
export async function listQuarantine(
  db: Db,
  opts: { afterId?: number | undefined; limit: number },
): Promise<QuarantinedEvent[]> {
  const found = await db
    .select({
      id: events.id,
      integration: events.integration,
      source: events.source,
      receivedAt: events.receivedAt,
      quarantinedAt: events.quarantinedAt,
      attempts: events.convergeAttempts,
      reason: events.lastError,
      alerts: sql<number>`json_array_length(${events.signals})`,
      payloadPreview: sql<string>`left(${events.payload}, ${PREVIEW_CHARS})`,
      payloadLength: sql<number>`length(${events.payload})`,
    })
    .from(events)
    .where(opts.afterId === undefined ? quarantined : and(quarantined, gt(events.id, opts.afterId)))
    .orderBy(asc(events.id))
    .limit(opts.limit);
  return found.map((e) => ({
    ...e,
    receivedAt: e.receivedAt.toISOString(),
    quarantinedAt: e.quarantinedAt!.toISOString(),
    reason: e.reason ?? '',
    alerts: Number(e.alerts),
    payloadLength: Number(e.payloadLength),
  }));
}

async function lockQuarantined(tx: Db, id: number) {
  const [row] = await tx
    .select()
    .from(events)
    .where(and(eq(events.id, id), quarantined))
    .for('update');
  if (!row)
    throw new AppError('NOT_FOUND', `event ${id} is not quarantined`, [{ path: 'id', message: 'not quarantined' }]);
  return row;
}

/**
 * Puts a quarantined event back in line: its raw body is parsed again with today's parser (intake/reparse.ts),
 * its tries are reset, and convergence applies it at its next round, before any later event (it keeps its id).
 * If it fails again it is quarantined again after its tries.
 * @throws AppError NOT_FOUND when the event is not quarantined
 */
export async function replayQuarantined({
  ctx,
  input,
}: Verb<{ id: number }>): Promise<{ eventId: number; alerts: number }> {
  authorize(ctx, 'server:admin');
  const { id } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  return db.transaction(async (tx) => {
    const row = await lockQuarantined(tx, id);
    const before = { quarantinedAt: row.quarantinedAt, attempts: row.convergeAttempts, reason: row.lastError };
    let signals: Signal[];
    try {
      signals = reparseEvent({
        source: row.source,
        payload: row.payload,
        receivedAt: row.receivedAt,
        signals: (typeof row.signals === 'string' ? JSON.parse(row.signals) : row.signals) as Signal[],
      });
    } catch (e) {
      throw new AppError('CONFLICT', `event ${id} cannot be parsed again: ${summariseError(e).reason}`);
    }
    await tx
      .update(events)
      .set({ signals, convergeAttempts: 0, lastError: null, quarantinedAt: null })
      .where(eq(events.id, id));
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'intake-event.replay',
      targetType: 'intake-event',
      targetId: id,
      before,
      after: { quarantinedAt: null, alerts: signals.length },
    });
    return { eventId: id, alerts: signals.length };
  });
}

/**
 * Sets a quarantined event aside for good: marked processed without being applied; it stays stored (and in
 * the audit log) with its reason.
 * @throws AppError NOT_FOUND when the event is not quarantined
 */
export async function discardQuarantined({ ctx, input }: Verb<{ id: number }>): Promise<{ eventId: number }> {
  authorize(ctx, 'server:admin');
  const { id } = input;
  const db = ctx.tx;
  const actor = actorOfCtx(ctx);
  return db.transaction(async (tx) => {
    const row = await lockQuarantined(tx, id);
    await tx.update(events).set({ processedAt: actor.now }).where(eq(events.id, id));
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'intake-event.discard',
      targetType: 'intake-event',
      targetId: id,
      before: { quarantinedAt: row.quarantinedAt, attempts: row.convergeAttempts, reason: row.lastError },
      after: { discardedAt: actor.now },
    });
    return { eventId: id };
  });
}
