/**
 * Objects stored at runtime beside the config file's (DESIGN §7): the verbs for schedules, and the shared
 * helpers escalation uses for its stored policies. A verb validates a body with the config's own zod schema
 * (plus an optional owning `team`), refuses ids the config defines, and writes one row and its audit entry
 * in one transaction. The caller (route) authorizes first and refreshes the directory after
 * (`rt.refreshOncall()`).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/index.ts';
import { scheduleOverrides, storedSchedules } from './tables.ts';
import type { Actor, LoadedConfig } from '../kernel/index.ts';
import { recordAudit } from '../audit/index.ts';
import { AppError, fieldsFromZod, validationError } from '../lib/index.ts';
import { Schedule } from './schema.ts';
import type { StoredOncall } from './directory.ts';

const TeamField = z.strictObject({
  team: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"')
    .optional(),
});

/** A stored body: the config shape plus the optional owning `team`. */
export interface ParsedBody<T> {
  body: T;
  team: string | null;
}

/** A schedule or policy stored at runtime, with its owning team and last editor. */
export interface StoredItem<T> {
  id: string;
  body: T;
  team: string | null;
  updatedBy: string;
  updatedAt: Date;
}

/** A parsed stored body, or every problem with its field path. */
export type Parsed<T> =
  { ok: true; value: ParsedBody<T> } | { ok: false; error: string; fields: ReturnType<typeof fieldsFromZod> };

/** Parses a stored body: `schema` plus the optional owning `team`; never throws. */
export function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'body: expected an object', fields: [{ path: 'body', message: 'expected an object' }] };
  const { team, ...rest } = raw as Record<string, unknown>;
  const t = TeamField.safeParse(team === undefined ? {} : { team });
  const b = schema.safeParse(rest);
  const fields = [
    ...(t.success ? [] : fieldsFromZod(t.error.issues)),
    ...(b.success ? [] : fieldsFromZod(b.error.issues)),
  ];
  if (!t.success || !b.success)
    return { ok: false, error: fields.map((f) => `${f.path}: ${f.message}`).join('; '), fields };
  return { ok: true, value: { body: b.data, team: t.data.team ?? null } };
}

/** Parses a stored schedule body (`Schedule` of oncall/schema.ts plus `team`); never throws. */
export function parseStoredSchedule(raw: unknown): Parsed<Schedule> {
  return parseWith(Schedule, raw);
}

/**
 * Reads a request body for a schedule or policy; the path id (PUT) fills or must equal `body.id`.
 * @throws AppError VALIDATION naming every field path
 */
export function readBody<T extends { id: string }>(kind: StoredKind, raw: unknown, pathId?: string): ParsedBody<T> {
  let input = raw;
  if (pathId !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const given = (raw as Record<string, unknown>).id;
    if (given !== undefined && given !== pathId)
      throw validationError([{ path: 'id', message: `must equal the id in the path ("${pathId}")` }], kind.what);
    input = { ...raw, id: pathId };
  }
  const parsed = parseWith(kind.schema, input) as Parsed<T>;
  if (!parsed.ok) throw validationError(parsed.fields, kind.what);
  return parsed.value;
}

/** Who changes something, for the audit log (the kernel's `Actor`; `actorOfCtx(ctx)` in a verb). */
export type { Actor };

export const auditBase = (a: Actor) => ({
  at: a.now,
  actor: a.principal.name,
  actorUserId: a.principal.userId,
  requestId: a.requestId ?? null,
});

export const withTeam = <T extends object>(p: ParsedBody<T>) => ({ ...p.body, ...(p.team ? { team: p.team } : {}) });

/** The team owning a config schedule: the first team (config order) whose policy chain pages it, else null. */
export function configScheduleTeam(cfg: LoadedConfig, scheduleId: string): string | null {
  for (const team of cfg.config.teams) {
    const seen = new Set<string>();
    for (let id = team.escalationPolicy; id && !seen.has(id); id = cfg.escalation.policies.get(id)?.handoffTo) {
      seen.add(id);
      const p = cfg.escalation.policies.get(id);
      if (p?.steps.some((s) => s.targets.some((t) => 'schedule' in t && t.schedule === scheduleId))) return team.id;
    }
  }
  return null;
}

/** A schedule's owner and origin: `config`, `api`, or undefined when unknown. */
export function scheduleOwner(
  cfg: LoadedConfig,
  stored: StoredOncall,
  id: string,
): { source: 'config' | 'api'; team: string | null; item?: StoredItem<Schedule> } | undefined {
  if (cfg.config.schedules.some((s) => s.id === id)) return { source: 'config', team: configScheduleTeam(cfg, id) };
  const item = stored.schedules.find((s) => s.id === id);
  return item ? { source: 'api', team: item.team, item } : undefined;
}

export function conflictWithConfig(what: string, id: string): AppError {
  return new AppError('CONFLICT', `${what} "${id}" is defined in the config file; change it there`);
}

/**
 * A kind of object stored at runtime: its table (`id`, `body`, `updatedBy`, `updatedAt`), its body schema,
 * its name in messages, its audit target type, and whether the config file defines an id.
 */
export interface StoredKind {
  table: typeof storedSchedules;
  schema: z.ZodType<{ id: string }>;
  what: string;
  target: string;
  inConfig(cfg: LoadedConfig, id: string): boolean;
}

/** Stored schedules. */
export const SCHEDULE_KIND: StoredKind = {
  table: storedSchedules,
  schema: Schedule,
  what: 'schedule',
  target: 'schedule',
  inConfig: (cfg, id) => cfg.config.schedules.some((s) => s.id === id),
};

/** Inserts a stored object and its audit row; CONFLICT when the config defines the id or it is stored already. */
export async function insertStored<T extends { id: string }>(
  db: Db,
  cfg: LoadedConfig,
  kind: StoredKind,
  input: ParsedBody<T>,
  a: Actor,
): Promise<void> {
  const { table, what, target, inConfig } = kind;
  const id = input.body.id;
  if (inConfig(cfg, id)) throw conflictWithConfig(what, id);
  await db.transaction(async (tx) => {
    const body = withTeam(input);
    const inserted = await tx
      .insert(table)
      .values({ id, body, updatedBy: a.principal.name, updatedAt: a.now })
      .onConflictDoNothing()
      .returning({ id: table.id });
    if (inserted.length === 0) throw new AppError('CONFLICT', `${what} "${id}" already exists`);
    await recordAudit(tx, {
      ...auditBase(a),
      action: `${target}.create`,
      targetType: target,
      targetId: id,
      after: body,
    });
  });
}

/** Replaces a stored object's body with its audit row (before/after); CONFLICT for a config id, NOT_FOUND. */
export async function replaceStored<T extends { id: string }>(
  db: Db,
  cfg: LoadedConfig,
  kind: StoredKind,
  input: ParsedBody<T>,
  a: Actor,
): Promise<void> {
  const { table, what, target, inConfig } = kind;
  const id = input.body.id;
  if (inConfig(cfg, id)) throw conflictWithConfig(what, id);
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(table).where(eq(table.id, id)).for('update');
    if (!before) throw new AppError('NOT_FOUND', `no ${what} "${id}"`);
    const body = withTeam(input);
    await tx.update(table).set({ body, updatedBy: a.principal.name, updatedAt: a.now }).where(eq(table.id, id));
    await recordAudit(tx, {
      ...auditBase(a),
      action: `${target}.update`,
      targetType: target,
      targetId: id,
      before: before.body,
      after: body,
    });
  });
}

/** Deletes a stored object (and what `alsoDelete` removes in the same transaction) with its audit row. */
export async function deleteStored(
  db: Db,
  kind: StoredKind,
  id: string,
  a: Actor,
  alsoDelete?: (tx: Db) => Promise<unknown>,
): Promise<void> {
  const { table, what, target } = kind;
  await db.transaction(async (tx) => {
    const [before] = await tx.delete(table).where(eq(table.id, id)).returning();
    if (!before) throw new AppError('NOT_FOUND', `no ${what} "${id}"`);
    await alsoDelete?.(tx);
    await recordAudit(tx, {
      ...auditBase(a),
      action: `${target}.delete`,
      targetType: target,
      targetId: id,
      before: before.body,
    });
  });
}

/**
 * Stores a new schedule.
 * @throws AppError CONFLICT when the id is defined in the config or already stored
 */
export async function createSchedule(db: Db, cfg: LoadedConfig, input: ParsedBody<Schedule>, a: Actor): Promise<void> {
  await insertStored(db, cfg, SCHEDULE_KIND, input, a);
}

/**
 * Replaces a stored schedule's body (its runtime overrides stay).
 * @throws AppError CONFLICT for a config schedule, NOT_FOUND for an unknown id
 */
export async function updateSchedule(db: Db, cfg: LoadedConfig, input: ParsedBody<Schedule>, a: Actor): Promise<void> {
  await replaceStored(db, cfg, SCHEDULE_KIND, input, a);
}

/**
 * Deletes a stored schedule and its runtime overrides.
 * @throws AppError CONFLICT for a config schedule or one a policy still targets, NOT_FOUND for an unknown id
 */
export async function deleteSchedule(db: Db, cfg: LoadedConfig, id: string, a: Actor): Promise<void> {
  if (SCHEDULE_KIND.inConfig(cfg, id)) throw conflictWithConfig('schedule', id);
  const users = [...cfg.escalation.policies.values()].filter((p) =>
    p.steps.some((s) => s.targets.some((t) => 'schedule' in t && t.schedule === id)),
  );
  if (users.length)
    throw new AppError(
      'CONFLICT',
      `schedule "${id}" is paged by escalation policy ${users.map((p) => `"${p.id}"`).join(', ')}; remove it there first`,
    );
  await deleteStored(db, SCHEDULE_KIND, id, a, (tx) =>
    tx.delete(scheduleOverrides).where(eq(scheduleOverrides.scheduleId, id)),
  );
}
