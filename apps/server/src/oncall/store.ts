/**
 * Schedules and escalation policies edited at runtime (DESIGN §7, issue 4 point 4): verbs that validate a
 * body with the config's own zod schemas (plus an optional owning `team`), refuse ids the config defines,
 * write one row and its audit entry in one transaction. The caller (route) authorizes first and refreshes
 * the directory after (`rt.refreshOncall()`).
 */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { scheduleOverrides, storedSchedules } from './tables.ts';
import { storedPolicies } from '../escalation/tables.ts';
import { EscalationPolicyConfig } from '../escalation/config.ts';
import type { LoadedConfig } from '../kernel/config.ts';
import type { Principal } from '../kernel/roles.ts';
import { recordAudit } from '../audit/audit.ts';
import { AppError, fieldsFromZod, validationError } from '../lib/errors.ts';
import { Schedule } from './schema.ts';
import type { StoredItem, StoredOncall } from './directory.ts';

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

type Parsed<T> =
  { ok: true; value: ParsedBody<T> } | { ok: false; error: string; fields: ReturnType<typeof fieldsFromZod> };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): Parsed<T> {
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

/** Parses a stored policy body (`EscalationPolicyConfig` of config/schema.ts plus `team`); never throws. */
export function parseStoredPolicy(raw: unknown): Parsed<EscalationPolicyConfig> {
  return parseWith(EscalationPolicyConfig, raw);
}

/**
 * Reads a request body for a schedule or policy; the path id (PUT) fills or must equal `body.id`.
 * @throws AppError VALIDATION naming every field path
 */
export function readBody<T extends { id: string }>(
  kind: 'schedule' | 'policy',
  raw: unknown,
  pathId?: string,
): ParsedBody<T> {
  let input = raw;
  if (pathId !== undefined && typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const given = (raw as Record<string, unknown>).id;
    if (given !== undefined && given !== pathId)
      throw validationError([{ path: 'id', message: `must equal the id in the path ("${pathId}")` }], kind);
    input = { ...raw, id: pathId };
  }
  const parsed = (kind === 'schedule' ? parseStoredSchedule(input) : parseStoredPolicy(input)) as Parsed<T>;
  if (!parsed.ok) throw validationError(parsed.fields, kind === 'schedule' ? 'schedule' : 'escalation policy');
  return parsed.value;
}

/** Who changes something, for the audit log. */
export interface Actor {
  principal: Principal;
  requestId?: string;
  now: Date;
}

const auditBase = (a: Actor) => ({
  at: a.now,
  actor: a.principal.name,
  actorUserId: a.principal.userId,
  requestId: a.requestId ?? null,
});

const withTeam = <T extends object>(p: ParsedBody<T>) => ({ ...p.body, ...(p.team ? { team: p.team } : {}) });

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

/** The team owning a config policy: the first team (config order) that uses it, else null. */
export function configPolicyTeam(cfg: LoadedConfig, policyId: string): string | null {
  return cfg.config.teams.find((t) => t.escalationPolicy === policyId)?.id ?? null;
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

/** A policy's owner and origin, or undefined when unknown. */
export function policyOwner(
  cfg: LoadedConfig,
  stored: StoredOncall,
  id: string,
): { source: 'config' | 'api'; team: string | null; item?: StoredItem<EscalationPolicyConfig> } | undefined {
  if (cfg.config.escalationPolicies.some((p) => p.id === id))
    return { source: 'config', team: configPolicyTeam(cfg, id) };
  const item = stored.policies.find((p) => p.id === id);
  return item ? { source: 'api', team: item.team, item } : undefined;
}

function conflictWithConfig(what: string, id: string): AppError {
  return new AppError('CONFLICT', `${what} "${id}" is defined in the config file; change it there`);
}

/**
 * Checks a policy's references against the directory (`cfg.escalation`, merged): schedules, teams and
 * channels of targets exist; `handoffTo` exists and does not lead back to this policy.
 * @throws AppError VALIDATION with the field paths
 */
export function checkPolicyRefs(cfg: LoadedConfig, policy: EscalationPolicyConfig): void {
  const fields: Array<{ path: string; message: string }> = [];
  const dir = cfg.escalation;
  policy.steps.forEach((step, i) =>
    step.targets.forEach((t, j) => {
      const path = `steps.${i}.targets.${j}`;
      if ('schedule' in t && !dir.schedules.has(t.schedule))
        fields.push({ path: `${path}.schedule`, message: `unknown schedule "${t.schedule}"` });
      if ('team' in t && !dir.teams.has(t.team))
        fields.push({ path: `${path}.team`, message: `unknown team "${t.team}"` });
      if ('channel' in t && !dir.channels.has(t.channel))
        fields.push({ path: `${path}.channel`, message: `unknown channel "${t.channel}"` });
    }),
  );
  if (policy.handoffTo !== undefined) {
    if (!dir.policies.has(policy.handoffTo) && policy.handoffTo !== policy.id)
      fields.push({ path: 'handoffTo', message: `unknown escalation policy "${policy.handoffTo}"` });
    else {
      const seen = new Set<string>([policy.id]);
      for (let id: string | undefined = policy.handoffTo; id; id = dir.policies.get(id)?.handoffTo) {
        if (seen.has(id)) {
          fields.push({ path: 'handoffTo', message: `hand-off cycle through "${id}"; an escalation would never end` });
          break;
        }
        seen.add(id);
      }
    }
  }
  if (fields.length) throw validationError(fields, 'escalation policy');
}

/** The two kinds of stored on-call object: their table, their name in messages and their audit target type. */
const KINDS = {
  schedule: {
    table: storedSchedules,
    what: 'schedule',
    target: 'schedule',
    inConfig: (cfg: LoadedConfig, id: string) => cfg.config.schedules.some((s) => s.id === id),
  },
  policy: {
    table: storedPolicies,
    what: 'escalation policy',
    target: 'escalation-policy',
    inConfig: (cfg: LoadedConfig, id: string) => cfg.config.escalationPolicies.some((p) => p.id === id),
  },
} as const;
type Kind = keyof typeof KINDS;

/** Inserts a stored object and its audit row; CONFLICT when the config defines the id or it is stored already. */
async function insertStored<T extends { id: string }>(
  db: Db,
  cfg: LoadedConfig,
  kind: Kind,
  input: ParsedBody<T>,
  a: Actor,
): Promise<void> {
  const { table, what, target, inConfig } = KINDS[kind];
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
async function replaceStored<T extends { id: string }>(
  db: Db,
  cfg: LoadedConfig,
  kind: Kind,
  input: ParsedBody<T>,
  a: Actor,
): Promise<void> {
  const { table, what, target, inConfig } = KINDS[kind];
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
async function deleteStored(
  db: Db,
  kind: Kind,
  id: string,
  a: Actor,
  alsoDelete?: (tx: Db) => Promise<unknown>,
): Promise<void> {
  const { table, what, target } = KINDS[kind];
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
  await insertStored(db, cfg, 'schedule', input, a);
}

/**
 * Replaces a stored schedule's body (its runtime overrides stay).
 * @throws AppError CONFLICT for a config schedule, NOT_FOUND for an unknown id
 */
export async function updateSchedule(db: Db, cfg: LoadedConfig, input: ParsedBody<Schedule>, a: Actor): Promise<void> {
  await replaceStored(db, cfg, 'schedule', input, a);
}

/**
 * Deletes a stored schedule and its runtime overrides.
 * @throws AppError CONFLICT for a config schedule or one a policy still targets, NOT_FOUND for an unknown id
 */
export async function deleteSchedule(db: Db, cfg: LoadedConfig, id: string, a: Actor): Promise<void> {
  if (KINDS.schedule.inConfig(cfg, id)) throw conflictWithConfig('schedule', id);
  const users = [...cfg.escalation.policies.values()].filter((p) =>
    p.steps.some((s) => s.targets.some((t) => 'schedule' in t && t.schedule === id)),
  );
  if (users.length)
    throw new AppError(
      'CONFLICT',
      `schedule "${id}" is paged by escalation policy ${users.map((p) => `"${p.id}"`).join(', ')}; remove it there first`,
    );
  await deleteStored(db, 'schedule', id, a, (tx) =>
    tx.delete(scheduleOverrides).where(eq(scheduleOverrides.scheduleId, id)),
  );
}

/**
 * Stores a new escalation policy after checking its references.
 * @throws AppError CONFLICT when the id is defined in the config or already stored; VALIDATION for references
 */
export async function createPolicy(
  db: Db,
  cfg: LoadedConfig,
  input: ParsedBody<EscalationPolicyConfig>,
  a: Actor,
): Promise<void> {
  if (KINDS.policy.inConfig(cfg, input.body.id)) throw conflictWithConfig('escalation policy', input.body.id);
  checkPolicyRefs(cfg, input.body);
  await insertStored(db, cfg, 'policy', input, a);
}

/**
 * Replaces a stored policy's body. Running escalations continue at their position in the new steps.
 * @throws AppError CONFLICT for a config policy, NOT_FOUND for an unknown id, VALIDATION for references
 */
export async function updatePolicy(
  db: Db,
  cfg: LoadedConfig,
  input: ParsedBody<EscalationPolicyConfig>,
  a: Actor,
): Promise<void> {
  if (KINDS.policy.inConfig(cfg, input.body.id)) throw conflictWithConfig('escalation policy', input.body.id);
  checkPolicyRefs(cfg, input.body);
  await replaceStored(db, cfg, 'policy', input, a);
}

/**
 * Deletes a stored policy.
 * @throws AppError CONFLICT for a config policy, or one a team or another policy's hand-off still uses;
 *   NOT_FOUND for an unknown id
 */
export async function deletePolicy(
  db: Db,
  cfg: LoadedConfig,
  stored: StoredOncall,
  id: string,
  a: Actor,
): Promise<void> {
  if (KINDS.policy.inConfig(cfg, id)) throw conflictWithConfig('escalation policy', id);
  const usedBy = [
    ...cfg.config.teams.filter((t) => t.escalationPolicy === id).map((t) => `team "${t.id}"`),
    ...[...stored.apiTeams].filter(([, t]) => t.escalationPolicy === id).map(([tid]) => `team "${tid}"`),
    ...[...cfg.escalation.policies.values()]
      .filter((p) => p.handoffTo === id && p.id !== id)
      .map((p) => `policy "${p.id}"`),
  ];
  if (usedBy.length)
    throw new AppError('CONFLICT', `escalation policy "${id}" is used by ${usedBy.join(', ')}; change that first`);
  await deleteStored(db, 'policy', id, a);
}
