/**
 * The on-call directory the escalation engine reads (DESIGN §7): the config's schedules plus the ones stored
 * at runtime (`stored_schedules`), with runtime overrides (`schedule_overrides`) appended to their schedule's
 * overrides, and teams created through the API with their members in position order. (Stored escalation
 * policies are escalation's: escalation/directory.ts.)
 *
 * Rules:
 * - A config id always wins; the API refuses to store one (store.ts), so a clash only arises if the config
 *   gains an id that is already stored — then the stored one is hidden until it is renamed or deleted.
 * - Runtime overrides come after the schedule's config overrides, oldest first, so the latest override wins
 *   where several collide (the calculators' "later in the list wins" rule, oncall/final.ts).
 * - Overrides that ended more than `OVERRIDE_HISTORY_DAYS` ago are not loaded (final schedules of older
 *   windows show the layers only).
 *
 * Each node keeps the stored part in memory (lib/overlay.ts): it is reloaded after every change made through
 * this node (`rt.refreshOncall()`), when another node says it changed them (the node channel, main.ts), and
 * every `POLL_MS` in case that notice was lost.
 */
import { asc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { scheduleOverrides, storedSchedules } from './tables.ts';
import { teamMembers, teams, users } from '../people/index.ts';
import { servicePolicies, type ServiceEntry } from '../catalog/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import type { Override, Schedule } from './schema.ts';
import { parseStoredSchedule, type StoredItem } from './store.ts';
import { createOverlay, type Overlay } from '../lib/index.ts';

/** Overrides that ended longer ago than this are not kept in memory. */
export const OVERRIDE_HISTORY_DAYS = 90;

/** How often a node re-reads the stored part (changes made through other nodes), in ms. */
export const POLL_MS = 10_000;

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
  overrides: readonly RuntimeOverride[];
  /** Teams created through the API (`source = 'api'`): member emails in position order, and their policy. */
  apiTeams: ReadonlyMap<string, { members: readonly string[]; escalationPolicy: string | null }>;
  /**
   * Config teams' members added through the API or the console (membership `source = 'api'`), emails in
   * position order: a step that targets the team pages them with the config's members.
   */
  addedMembers: ReadonlyMap<string, readonly string[]>;
  /**
   * Escalation policies linked to a team through the API or the console (`teams.escalation_policy`), every
   * team with one. A config team's own `escalationPolicy` wins over its link.
   */
  linkedPolicies: ReadonlyMap<string, string>;
  /**
   * Escalation policies linked to a config service through the API or the console (`service_policies`):
   * service id → policy id. A service's own `escalationPolicy` in the file wins over its link.
   */
  servicePolicies: ReadonlyMap<string, string>;
}

export const EMPTY_STORED: StoredOncall = {
  schedules: [],
  overrides: [],
  apiTeams: new Map(),
  addedMembers: new Map(),
  linkedPolicies: new Map(),
  servicePolicies: new Map(),
};

/**
 * Reads the stored schedules, recent overrides and API teams. A stored body that no longer parses
 * (a schema tightened since) is skipped and reported through `onInvalid`.
 */
export async function loadStoredOncall(
  db: Db,
  now: Date,
  onInvalid: (what: string, id: string, message: string) => void = () => {},
): Promise<StoredOncall> {
  const since = new Date(now.getTime() - OVERRIDE_HISTORY_DAYS * 86_400_000);
  const [scheduleRows, overrideRows, teamRows, memberRows, serviceRows] = await Promise.all([
    db.select().from(storedSchedules).orderBy(asc(storedSchedules.id)),
    db
      .select()
      .from(scheduleOverrides)
      .where(gt(scheduleOverrides.endAt, since))
      .orderBy(asc(scheduleOverrides.createdAt), asc(scheduleOverrides.id)),
    db.select().from(teams),
    db
      .select({
        teamId: teamMembers.teamId,
        email: users.email,
        position: teamMembers.position,
        source: teamMembers.source,
      })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .orderBy(asc(teamMembers.position), asc(users.email)),
    db.select().from(servicePolicies),
  ]);
  const schedules: Array<StoredItem<Schedule>> = [];
  for (const r of scheduleRows) {
    const parsed = parseStoredSchedule(r.body);
    if (!parsed.ok) onInvalid('schedule', r.id, parsed.error);
    else schedules.push({ id: r.id, body: parsed.value.body, team: parsed.value.team, ...meta(r) });
  }
  const apiTeams = new Map<string, { members: string[]; escalationPolicy: string | null }>();
  const linkedPolicies = new Map<string, string>();
  for (const t of teamRows) {
    if (t.source === 'api') apiTeams.set(t.id, { members: [], escalationPolicy: t.escalationPolicy });
    if (t.escalationPolicy) linkedPolicies.set(t.id, t.escalationPolicy);
  }
  const addedMembers = new Map<string, string[]>();
  for (const m of memberRows) {
    const apiTeam = apiTeams.get(m.teamId);
    if (apiTeam) apiTeam.members.push(m.email);
    else if (m.source === 'api') addedMembers.set(m.teamId, [...(addedMembers.get(m.teamId) ?? []), m.email]);
  }
  return {
    schedules,
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
    addedMembers,
    linkedPolicies,
    servicePolicies: new Map(serviceRows.map((r) => [r.serviceId, r.escalationPolicy])),
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
  for (const [id, added] of stored.addedMembers) {
    const members = teamMap.get(id);
    if (!members) continue;
    const known = new Set(members.map((e) => e.toLowerCase()));
    teamMap.set(id, [...members, ...added.filter((e) => !known.has(e.toLowerCase()))]);
  }
  return {
    ...base,
    catalog: withLinkedPolicies(base, stored),
    escalation: { ...base.escalation, schedules, teams: teamMap },
  };
}

/**
 * The catalog with each config team that names no `escalationPolicy` in the file paged through the policy
 * linked to it in the console or API (`stored.linkedPolicies`), and each service likewise
 * (`stored.servicePolicies`); a team or service the file gives a policy keeps it.
 */
function withLinkedPolicies(base: LoadedConfig, stored: StoredOncall): LoadedConfig['catalog'] {
  const linked = base.catalog
    .teams()
    .filter((t) => t.escalationPolicy === null && stored.linkedPolicies.has(t.id))
    .map((t) => ({ ...t, escalationPolicy: stored.linkedPolicies.get(t.id)! }));
  const linkedServices = base.catalog
    .services()
    .filter((s) => s.escalationPolicy === null && stored.servicePolicies.has(s.id))
    .map((s) => ({ ...s, escalationPolicy: stored.servicePolicies.get(s.id)! }));
  if (linked.length === 0 && linkedServices.length === 0) return base.catalog;
  const byId = new Map(linked.map((t) => [t.id, t]));
  const list = base.catalog.teams().map((t) => byId.get(t.id) ?? t);
  const svcById = new Map(linkedServices.map((s) => [s.id, s]));
  const svcList = base.catalog.services().map((s) => svcById.get(s.id) ?? s);
  const swap = (s: ServiceEntry | undefined) => (s ? (svcById.get(s.id) ?? s) : undefined);
  return {
    ...base.catalog,
    team: (id) => byId.get(id) ?? base.catalog.team(id),
    teams: () => list,
    service: (id) => swap(base.catalog.service(id)),
    resolveService: (value) => swap(base.catalog.resolveService(value)),
    services: () => svcList,
  };
}

/** The stored schedules, overrides and API teams of one node, merged into the config it is given. */
export type OncallDirectory = Overlay<StoredOncall, LoadedConfig>;

/** Creates an empty directory over `db`; call `load` before serving. */
export function createOncallDirectory(
  db: Db,
  onInvalid?: (what: string, id: string, message: string) => void,
): OncallDirectory {
  return createOverlay({
    empty: EMPTY_STORED,
    load: (now) => loadStoredOncall(db, now, onInvalid),
    merge: mergeStored,
  });
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** Schedules, overrides and API teams stored at runtime (merged into `config().escalation`). */
    oncall: OncallDirectory;
    /**
     * Re-reads everything stored at runtime that `config()` merges (schedules, overrides, API teams,
     * escalation policies), after a change through the API.
     */
    refreshOncall(): Promise<void>;
  }
}
