/**
 * The on-call directory the escalation engine reads (DESIGN §7): the config's schedules and policies plus the
 * ones stored at runtime (`stored_schedules`, `stored_escalation_policies`), with runtime overrides
 * (`schedule_overrides`) appended to their schedule's overrides, and teams created through the API with their
 * members in position order.
 *
 * Rules:
 * - A config id always wins; the API refuses to store one (store.ts), so a clash only arises if the config
 *   gains an id that is already stored — then the stored one is hidden until it is renamed or deleted.
 * - Runtime overrides come after the schedule's config overrides, oldest first, so the latest override wins
 *   where several collide (the calculators' "later in the list wins" rule, oncall/final.ts).
 * - Overrides that ended more than `OVERRIDE_HISTORY_DAYS` ago are not loaded (final schedules of older
 *   windows show the layers only).
 *
 * Each node keeps the stored part in memory: it is reloaded after every change made through this node
 * (`rt.refreshOncall()`) and every `POLL_MS` for changes made through other nodes.
 */
import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { scheduleOverrides, storedSchedules } from './tables.ts';
import { storedPolicies } from '../escalation/tables.ts';
import { teamMembers, teams, users } from '../people/tables.ts';
import type { LoadedConfig } from '../kernel/config.ts';
import type { EscalationPolicyConfig } from '../escalation/config.ts';
import type { Override, Schedule } from './schema.ts';
import { parseStoredPolicy, parseStoredSchedule } from './store.ts';

/** Overrides that ended longer ago than this are not kept in memory. */
export const OVERRIDE_HISTORY_DAYS = 90;

/** How often a node re-reads the stored part (changes made through other nodes), in ms. */
export const POLL_MS = 10_000;

/** A schedule or policy stored at runtime, with its owning team and last editor. */
export interface StoredItem<T> {
  id: string;
  body: T;
  team: string | null;
  updatedBy: string;
  updatedAt: Date;
}

/** A runtime override, as stored. */
export interface RuntimeOverride {
  id: number;
  scheduleId: string;
  user: string;
  replaces: string | null;
  start: Date;
  end: Date;
  createdBy: string;
  createdAt: Date;
}

/** What the database adds to the config. */
export interface StoredOncall {
  schedules: ReadonlyArray<StoredItem<Schedule>>;
  policies: ReadonlyArray<StoredItem<EscalationPolicyConfig>>;
  overrides: readonly RuntimeOverride[];
  /** Teams created through the API (`source = 'api'`): member emails in position order, and their policy. */
  apiTeams: ReadonlyMap<string, { members: readonly string[]; escalationPolicy: string | null }>;
}

export const EMPTY_STORED: StoredOncall = { schedules: [], policies: [], overrides: [], apiTeams: new Map() };

/**
 * Reads the stored schedules, policies, recent overrides and API teams. A stored body that no longer parses
 * (a schema tightened since) is skipped and reported through `onInvalid`.
 */
export async function loadStoredOncall(
  db: Db,
  now: Date,
  onInvalid: (what: string, id: string, message: string) => void = () => {},
): Promise<StoredOncall> {
  const since = new Date(now.getTime() - OVERRIDE_HISTORY_DAYS * 86_400_000);
  const [scheduleRows, policyRows, overrideRows, teamRows, memberRows] = await Promise.all([
    db.select().from(storedSchedules).orderBy(asc(storedSchedules.id)),
    db.select().from(storedPolicies).orderBy(asc(storedPolicies.id)),
    db
      .select()
      .from(scheduleOverrides)
      .where(gt(scheduleOverrides.endAt, since))
      .orderBy(asc(scheduleOverrides.createdAt), asc(scheduleOverrides.id)),
    db.select().from(teams).where(eq(teams.source, 'api')),
    db
      .select({ teamId: teamMembers.teamId, email: users.email, position: teamMembers.position })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .orderBy(asc(teamMembers.position), asc(users.email)),
  ]);
  const schedules: Array<StoredItem<Schedule>> = [];
  for (const r of scheduleRows) {
    const parsed = parseStoredSchedule(r.body);
    if (!parsed.ok) onInvalid('schedule', r.id, parsed.error);
    else schedules.push({ id: r.id, body: parsed.value.body, team: parsed.value.team, ...meta(r) });
  }
  const policies: Array<StoredItem<EscalationPolicyConfig>> = [];
  for (const r of policyRows) {
    const parsed = parseStoredPolicy(r.body);
    if (!parsed.ok) onInvalid('escalation policy', r.id, parsed.error);
    else policies.push({ id: r.id, body: parsed.value.body, team: parsed.value.team, ...meta(r) });
  }
  const apiTeams = new Map<string, { members: string[]; escalationPolicy: string | null }>();
  for (const t of teamRows) apiTeams.set(t.id, { members: [], escalationPolicy: t.escalationPolicy });
  for (const m of memberRows) apiTeams.get(m.teamId)?.members.push(m.email);
  return {
    schedules,
    policies,
    overrides: overrideRows.map((o) => ({
      id: o.id,
      scheduleId: o.scheduleId,
      user: o.userEmail,
      replaces: o.replacesEmail,
      start: o.startAt,
      end: o.endAt,
      createdBy: o.createdBy,
      createdAt: o.createdAt,
    })),
    apiTeams,
  };
}

function meta(r: { updatedBy: string; updatedAt: Date }): { updatedBy: string; updatedAt: Date } {
  return { updatedBy: r.updatedBy, updatedAt: r.updatedAt };
}

/** A runtime override in the calculators' form. */
export function toOverride(o: RuntimeOverride): Override {
  return {
    user: o.user,
    start: o.start.toISOString(),
    end: o.end.toISOString(),
    ...(o.replaces ? { replaces: o.replaces } : {}),
  };
}

/**
 * The active config with the stored part merged into `escalation` (see the module comment). Pure.
 * @returns a new LoadedConfig sharing everything but `escalation` with `base`
 */
export function mergeStored(base: LoadedConfig, stored: StoredOncall): LoadedConfig {
  const policies = new Map(base.escalation.policies);
  for (const p of stored.policies) if (!policies.has(p.id)) policies.set(p.id, p.body);
  const schedules = new Map(base.escalation.schedules);
  for (const s of stored.schedules) if (!schedules.has(s.id)) schedules.set(s.id, s.body);
  const extra = new Map<string, Override[]>();
  for (const o of stored.overrides) {
    const list = extra.get(o.scheduleId) ?? [];
    list.push(toOverride(o));
    extra.set(o.scheduleId, list);
  }
  for (const [id, overrides] of extra) {
    const s = schedules.get(id);
    if (s) schedules.set(id, { ...s, overrides: [...(s.overrides ?? []), ...overrides] });
  }
  const teamMap = new Map(base.escalation.teams);
  for (const [id, t] of stored.apiTeams) if (!teamMap.has(id)) teamMap.set(id, t.members);
  return { ...base, escalation: { ...base.escalation, policies, schedules, teams: teamMap } };
}

/** A text that changes whenever the stored part does (Maps as entry lists, Dates as ISO text). */
function fingerprint(s: StoredOncall): string {
  return JSON.stringify(s, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v));
}

/** The in-memory stored part of one node, and the merged config cached per (config, stored part). */
export interface OncallDirectory {
  /** The active config with the stored part merged; the same object until either changes. */
  apply(base: LoadedConfig): LoadedConfig;
  /** The stored part as last loaded. */
  stored(): StoredOncall;
  /** Re-reads the stored part. */
  load(db: Db, now: Date): Promise<void>;
  /** Re-reads every `ms` until `stop()`; a failed read is passed to `onError` and retried next time. */
  poll(db: Db, clock: { now(): Date }, ms: number, onError: (e: unknown) => void): void;
  stop(): void;
}

/** Creates an empty directory; call `load` before serving. */
export function createOncallDirectory(
  onInvalid?: (what: string, id: string, message: string) => void,
): OncallDirectory {
  let stored = EMPTY_STORED;
  let signature = fingerprint(EMPTY_STORED);
  let cache: { base: LoadedConfig; stored: StoredOncall; merged: LoadedConfig } | null = null;
  let timer: NodeJS.Timeout | null = null;
  // Keep the same object (and so the cached merge) while nothing changed: polls mostly find no change.
  const take = (next: StoredOncall) => {
    const sig = fingerprint(next);
    if (sig !== signature) {
      stored = next;
      signature = sig;
    }
  };
  return {
    apply(base) {
      if (cache && cache.base === base && cache.stored === stored) return cache.merged;
      cache = { base, stored, merged: mergeStored(base, stored) };
      return cache.merged;
    },
    stored: () => stored,
    async load(db, now) {
      take(await loadStoredOncall(db, now, onInvalid));
    },
    poll(db, clock, ms, onError) {
      if (timer) clearInterval(timer);
      timer = setInterval(() => {
        loadStoredOncall(db, clock.now(), onInvalid).then(take, onError);
      }, ms);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** Schedules, policies and overrides stored at runtime (merged into `config().escalation`). */
    oncall: OncallDirectory;
    /** Re-reads the stored schedules, policies, overrides and API teams (after a change through the API). */
    refreshOncall(): Promise<void>;
  }
}
