/**
 * Incident data is owned by the incident's team (`incidents.team`): reading one needs `incident:read` on that
 * team (a stakeholder's `incident:summary` gives the header only), acting needs `incident:respond`. An
 * incident the principal may not even see (a team-limited token, another team's incident) answers 404, so
 * its existence is not revealed; one it may see but not act on answers 403.
 */
import { eq, inArray } from 'drizzle-orm';
import type { IncidentDetail } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { incidents } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { can, type Permission, type Principal } from '../kernel/index.ts';

/** Whether the principal may see incidents of `team` at all (summary or full). A scope of read implies summary. */
export const maySeeIncidents = (p: Principal, team: string | null) =>
  can(p, 'incident:summary', team) || can(p, 'incident:read', team);

/**
 * Which incidents' teams a list may show: `null` for every incident, otherwise only these teams (an empty
 * list: nothing). Server-wide visibility covers incidents of no team too.
 */
export function visibleIncidentTeams(p: Principal): string[] | null {
  if (maySeeIncidents(p, null)) return null;
  const teams = new Set(Object.keys(p.teamRoles));
  if (p.tokenTeam) teams.add(p.tokenTeam);
  return [...teams].filter((t) => maySeeIncidents(p, t));
}

/**
 * Whose incidents' full data (alerts, timeline) a list may show: `null` for every incident, otherwise only
 * these teams' (`incident:read` on each; empty: none — a stakeholder sees headers only).
 */
export function readableIncidentTeams(p: Principal): string[] | null {
  if (can(p, 'incident:read', null)) return null;
  const teams = new Set(Object.keys(p.teamRoles));
  if (p.tokenTeam) teams.add(p.tokenTeam);
  return [...teams].filter((t) => can(p, 'incident:read', t));
}

/** The owning team (null: no team) of each of these incidents that exists, in one query. */
export async function incidentTeams(db: Db, ids: readonly number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: incidents.id, team: incidents.team })
    .from(incidents)
    .where(inArray(incidents.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r.team]));
}

/** The row of incident `id` with only its owning team, or undefined when there is no such incident. */
async function teamRow(db: Db, id: number): Promise<{ team: string | null } | undefined> {
  const [row] = await db.select({ team: incidents.team }).from(incidents).where(eq(incidents.id, id)).limit(1);
  return row;
}

/**
 * The owning team of incident `id` (null when it has none), for a permission check before acting (the one
 * place this is read; `incidentTeams` for many).
 * @throws AppError NOT_FOUND
 */
export async function incidentTeam(db: Db, id: number): Promise<string | null> {
  const row = await teamRow(db, id);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  return row.team;
}

/**
 * The owning team of incident `id`, after checking the principal may do `permission` on it.
 * @throws AppError NOT_FOUND when the incident does not exist or may not be seen; FORBIDDEN when it may be
 *   seen but not `permission`
 */
export async function authorizeIncident(
  db: Db,
  p: Principal,
  id: number,
  permission: Permission,
): Promise<{ team: string | null }> {
  const row = await teamRow(db, id);
  if (!row || !maySeeIncidents(p, row.team)) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  // Seeing it is enough for the summary (a token scoped to incident:read sees summaries too).
  if (permission !== 'incident:summary' && !can(p, permission, row.team)) {
    const where = row.team ? ` of team ${row.team}` : '';
    throw new AppError(
      'FORBIDDEN',
      `${p.name} (${p.role}) may not ${permission.replace(':', ' ')} on incident ${id}${where}`,
    );
  }
  return row;
}

/**
 * The header of an incident for a principal with `incident:summary` only (a stakeholder): title, status,
 * levels, service, team and times; alerts, level evidence, facts, timeline and deliveries are left empty.
 */
export function headerOnly(d: IncidentDetail): IncidentDetail {
  return {
    ...d,
    alerts: [],
    levelExplanation: [],
    levelHistory: [],
    facts: {},
    kpiWatches: [],
    closeReason: null,
    // Whether it was noise is a header fact; why is not (as the close reason is not).
    noise: d.noise && { ...d.noise, reason: '' },
    timeline: [],
    notifications: [],
  };
}
