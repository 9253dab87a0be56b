/**
 * The audit log (DESIGN §7 identity): every change made through the API, console or CLI, with who, what, and
 * the record before and after. Written in the transaction of the change (CONVENTIONS §2), so a change and its
 * audit row commit together or not at all.
 */
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { auditLog } from './tables.ts';
import { authorizeCtx as authorize, type Actor, type Verb } from '../kernel/index.ts';

/** Keys never written to the audit log, at any depth. */
const SECRET_KEYS = new Set(['passwordHash', 'password', 'tokenHash', 'token', 'code', 'codeHash', 'secret']);

/** A deep copy of `v` without secret-bearing keys; Dates become ISO strings. */
export function redact(v: unknown): unknown {
  if (v === null || v === undefined) return v ?? null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(redact);
  if (typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (!SECRET_KEYS.has(k)) out[k] = redact(x);
    return out;
  }
  return v;
}

export interface AuditEntry {
  at: Date;
  /** Principal name (email or token name), or `system`. */
  actor: string;
  actorUserId?: number | null;
  /** `<target>.<verb>`, e.g. `user.create`, `team-member.remove`, `schedule-override.create`. */
  action: string;
  targetType: string;
  targetId: string | number;
  /** The record before the change (null for a creation); secrets are removed. */
  before?: unknown;
  /** The record after the change (null for a deletion); secrets are removed. */
  after?: unknown;
  requestId?: string | null;
}

/** Appends audit rows; call inside the transaction of the change. */
export async function recordAudit(db: Db, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(auditLog).values(
    entries.map((e) => ({
      at: e.at,
      actor: e.actor,
      actorUserId: e.actorUserId ?? null,
      action: e.action,
      targetType: e.targetType,
      targetId: String(e.targetId),
      before: redact(e.before ?? null),
      after: redact(e.after ?? null),
      requestId: e.requestId ?? null,
    })),
  );
}

/** Audit rows, newest first, optionally of one target; `before` is an id cursor (rows with smaller ids). */
export async function listAudit(
  db: Db,
  opts: {
    targetType?: string | undefined;
    targetId?: string | undefined;
    limit: number;
    beforeId?: number | undefined;
  },
): Promise<(typeof auditLog.$inferSelect)[]> {
  const where: SQL[] = [];
  if (opts.targetType) where.push(eq(auditLog.targetType, opts.targetType));
  if (opts.targetId) where.push(eq(auditLog.targetId, opts.targetId));
  if (opts.beforeId) where.push(lt(auditLog.id, opts.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(opts.limit);
}

/**
 * Audit rows for a principal with `audit:read`, newest first (see `listAudit`).
 * @throws AppError FORBIDDEN
 */
export async function readAuditLog({
  ctx,
  input,
}: Verb<{
  targetType?: string | undefined;
  targetId?: string | undefined;
  limit: number;
  beforeId?: number | undefined;
}>): Promise<(typeof auditLog.$inferSelect)[]> {
  authorize(ctx, 'audit:read');
  return listAudit(ctx.tx, input);
}

/** The audit-row fields that name the actor of a change. */
export function auditBy(a: Actor): Pick<AuditEntry, 'at' | 'actor' | 'actorUserId' | 'requestId'> {
  return { at: a.now, actor: a.principal.name, actorUserId: a.principal.userId, requestId: a.requestId ?? null };
}
