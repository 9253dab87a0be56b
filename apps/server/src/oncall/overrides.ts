/**
 * Overrides and shift swaps made by people at runtime (DESIGN §7, issue 4 point 3), on config and stored
 * schedules alike. An override puts `user` on call over `[start, end)`: alone over every layer, or — with
 * `replaces` — only over the time the layers give `replaces` (one half of a swap). The directory appends
 * them after the schedule's own overrides, oldest first (oncall/directory.ts), so the newest one wins.
 */
import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { OverrideInput, OverrideView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { scheduleOverrides } from './tables.ts';
import { users } from '../people/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { recordAudit } from '../audit/index.ts';
import { AppError, fieldsFromZod, validationError } from '../lib/index.ts';
import { Override } from './schema.ts';
import type { Actor } from './store.ts';

type Row = typeof scheduleOverrides.$inferSelect;

/** An override row as the API returns it. */
export function overrideView(r: Row): OverrideView {
  return {
    id: r.id,
    schedule: r.scheduleId,
    user: r.userEmail,
    replaces: r.replacesEmail,
    start: r.startAt.toISOString(),
    end: r.endAt.toISOString(),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * The emails Faultline knows as people: users (lower-case) and config team members.
 * @returns a lower-cased set
 */
export async function knownPeople(db: Db, cfg: LoadedConfig): Promise<Set<string>> {
  const rows = await db.select({ email: users.email }).from(users);
  const out = new Set(rows.map((r) => r.email.toLowerCase()));
  for (const t of cfg.config.teams) for (const m of t.members) out.add(m.email.toLowerCase());
  return out;
}

/**
 * Creates an override on schedule `scheduleId` (config or stored).
 * @throws AppError NOT_FOUND for an unknown schedule; VALIDATION (field paths) for an end not after the
 *   start, a user replacing themselves, or a user or `replaces` Faultline does not know
 */
export async function createOverride(
  db: Db,
  cfg: LoadedConfig,
  scheduleId: string,
  input: OverrideInput,
  a: Actor,
): Promise<OverrideView> {
  if (!cfg.escalation.schedules.has(scheduleId)) throw new AppError('NOT_FOUND', `no schedule "${scheduleId}"`);
  const parsed = Override.safeParse(input);
  if (!parsed.success) throw validationError(fieldsFromZod(parsed.error.issues), 'override');
  const known = await knownPeople(db, cfg);
  const fields = (['user', 'replaces'] as const).flatMap((k) => {
    const email = parsed.data[k];
    return email && !known.has(email.toLowerCase())
      ? [{ path: k, message: `"${email}" is not a Faultline user or team member` }]
      : [];
  });
  if (fields.length) throw validationError(fields, 'override');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(scheduleOverrides)
      .values({
        scheduleId,
        userEmail: parsed.data.user,
        replacesEmail: parsed.data.replaces ?? null,
        startAt: new Date(parsed.data.start),
        endAt: new Date(parsed.data.end),
        createdBy: a.principal.name,
        createdAt: a.now,
      })
      .returning();
    const view = overrideView(row!);
    await recordAudit(tx, {
      at: a.now,
      actor: a.principal.name,
      actorUserId: a.principal.userId,
      requestId: a.requestId ?? null,
      action: 'schedule-override.create',
      targetType: 'schedule',
      targetId: scheduleId,
      after: view,
    });
    return view;
  });
}

/**
 * A schedule's runtime overrides that end after `after` (UTC instant), by start then id: at most `page.limit`,
 * those after `page.afterPosition` (the previous page's last `[start ISO, id]`).
 */
export async function listOverrides(
  db: Db,
  scheduleId: string,
  after: Date,
  page: { limit: number; afterPosition?: readonly [string, number] | undefined },
): Promise<OverrideView[]> {
  const position = page.afterPosition;
  const rows = await db
    .select()
    .from(scheduleOverrides)
    .where(
      and(
        eq(scheduleOverrides.scheduleId, scheduleId),
        gt(scheduleOverrides.endAt, after),
        // After the previous page's last override in (start, id) order.
        position === undefined
          ? undefined
          : or(
              gt(scheduleOverrides.startAt, new Date(position[0])),
              and(eq(scheduleOverrides.startAt, new Date(position[0])), gt(scheduleOverrides.id, position[1])),
            ),
      ),
    )
    .orderBy(asc(scheduleOverrides.startAt), asc(scheduleOverrides.id))
    .limit(page.limit);
  return rows.map(overrideView);
}

/**
 * One override of a schedule.
 * @throws AppError NOT_FOUND
 */
export async function getOverride(db: Db, scheduleId: string, id: number): Promise<OverrideView> {
  const [row] = await db
    .select()
    .from(scheduleOverrides)
    .where(and(eq(scheduleOverrides.scheduleId, scheduleId), eq(scheduleOverrides.id, id)));
  if (!row) throw new AppError('NOT_FOUND', `schedule "${scheduleId}" has no override ${id}`);
  return overrideView(row);
}

/**
 * Deletes an override.
 * @throws AppError NOT_FOUND
 */
export async function deleteOverride(db: Db, scheduleId: string, id: number, a: Actor): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(scheduleOverrides)
      .where(and(eq(scheduleOverrides.scheduleId, scheduleId), eq(scheduleOverrides.id, id)))
      .returning();
    if (!row) throw new AppError('NOT_FOUND', `schedule "${scheduleId}" has no override ${id}`);
    await recordAudit(tx, {
      at: a.now,
      actor: a.principal.name,
      actorUserId: a.principal.userId,
      requestId: a.requestId ?? null,
      action: 'schedule-override.delete',
      targetType: 'schedule',
      targetId: scheduleId,
      before: overrideView(row),
    });
  });
}

/** Runtime overrides naming an email no user has (for the lint): id, schedule and the unknown emails. */
export async function overridesOfUnknownUsers(
  db: Db,
  known: ReadonlySet<string>,
  now: Date,
): Promise<Array<{ id: number; scheduleId: string; emails: string[] }>> {
  const rows = await db.select().from(scheduleOverrides).where(gt(scheduleOverrides.endAt, now));
  return rows.flatMap((r) => {
    const emails = [r.userEmail, r.replacesEmail].filter((e): e is string => !!e && !known.has(e.toLowerCase()));
    return emails.length ? [{ id: r.id, scheduleId: r.scheduleId, emails }] : [];
  });
}
