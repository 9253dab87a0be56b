/**
 * Resolves the `response` config for an incident's levels: which 1-5-10 targets, role slots, check-in and
 * role-fill deadlines, and status-update cadence apply.
 *
 * An incident is graded on several sequences at once (DESIGN §4: `{P: 2, R: 1}`); as with grading, the
 * most severe demand wins: the shortest target and deadline, the union of required roles, a response group
 * if any level forms one. A risk (no level) has no clock, no group, no required roles and no cadence.
 */
import { MINUTE_MS } from './deadline.ts';
import { BUILTIN_DEFAULTS, BUILTIN_LEVELS, type LevelResponsePolicy, type ResponseConfig } from './config.ts';
import { canonicalRoles, type RoleId } from './roles.ts';

/** An incident's current levels: sequence id → level (1 = most severe), e.g. `{P: 1, R: 2}`. */
export type IncidentLevels = Readonly<Record<string, number>>;

/** The resolved settings of one level or of an incident; durations in milliseconds, null = none. */
export interface ResponsePolicy {
  /** 1-5-10 targets, measured from impact start (`clock.ts`). */
  detectMs: number | null;
  locateMs: number | null;
  recoverMs: number | null;
  /** Whether a response group with check-in forms. */
  responseGroup: boolean;
  /** A pending member is escalated this long after being invited. */
  checkInMs: number;
  /** Roles that must be held, in the canonical order. */
  requiredRoles: RoleId[];
  /** An empty required role is escalated this long after it became empty or required. */
  roleFillMs: number;
  /** Status updates are due this often; null: no cadence. */
  updateEveryMs: number | null;
  /** Whether a war room opens (Slack channel, bridge link; `response.warRoom`). */
  warRoom: boolean;
}

type Key = keyof LevelResponsePolicy;

/** The first layer that sets `key` (null counts as set: it switches a target off). */
function lookup<K extends Key>(config: ResponseConfig, sequence: string, level: number, key: K) {
  const layers: Array<LevelResponsePolicy | undefined> = [
    config.levels[`${sequence}${level}`],
    config.levels[String(level)],
    config.defaults,
    BUILTIN_LEVELS[String(level)],
  ];
  for (const layer of layers) if (layer && layer[key] !== undefined) return layer[key];
  return BUILTIN_DEFAULTS[key];
}

const ms = (m: number | null | undefined): number | null => (m === null || m === undefined ? null : m * MINUTE_MS);

/**
 * The settings of one level of one sequence, e.g. (`P`, 1). Each setting is looked up on its own:
 * `levels.P1` → `levels.1` → `defaults` → built-in level → built-in default (config.ts).
 */
export function levelPolicy(config: ResponseConfig, sequence: string, level: number): ResponsePolicy {
  const get = <K extends Key>(key: K) => lookup(config, sequence, level, key);
  return {
    detectMs: ms(get('detectMinutes')),
    locateMs: ms(get('locateMinutes')),
    recoverMs: ms(get('recoverMinutes')),
    responseGroup: get('responseGroup') ?? false,
    checkInMs: ms(get('checkInMinutes'))!,
    requiredRoles: canonicalRoles(get('requiredRoles') ?? []),
    roleFillMs: ms(get('roleFillMinutes'))!,
    updateEveryMs: ms(get('updateEveryMinutes')),
    warRoom: get('warRoom') ?? false,
  };
}

/** The smaller of two optional durations (null: none, so the other wins). */
function shortest(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * The settings for an incident at `levels`: the most severe demand of its levels wins (shortest target,
 * deadline and cadence; union of required roles; a group, or a war room, if any level has one).
 * @param levels the incident's current levels; `{}` for a risk
 */
export function responsePolicy(config: ResponseConfig, levels: IncidentLevels): ResponsePolicy {
  const policies = Object.entries(levels).map(([sequence, level]) => levelPolicy(config, sequence, level));
  if (policies.length === 0) {
    // Level 0 matches no level key: the deadlines come from `defaults` and the built-ins.
    const base = levelPolicy(config, '', 0);
    const none = { detectMs: null, locateMs: null, recoverMs: null, updateEveryMs: null };
    return { ...base, ...none, responseGroup: false, requiredRoles: [], warRoom: false };
  }
  return policies.reduce((a, b) => ({
    detectMs: shortest(a.detectMs, b.detectMs),
    locateMs: shortest(a.locateMs, b.locateMs),
    recoverMs: shortest(a.recoverMs, b.recoverMs),
    responseGroup: a.responseGroup || b.responseGroup,
    checkInMs: Math.min(a.checkInMs, b.checkInMs),
    requiredRoles: canonicalRoles([...a.requiredRoles, ...b.requiredRoles]),
    roleFillMs: Math.min(a.roleFillMs, b.roleFillMs),
    updateEveryMs: shortest(a.updateEveryMs, b.updateEveryMs),
    warRoom: a.warRoom || b.warRoom,
  }));
}
