/**
 * The alert list (issue 12, `GET /api/v1/alerts`): alerts rather than incidents, each with its incident and
 * what became of it (its fates), filtered in SQL and paged by id, newest first.
 */
import { and, count, desc, eq, gte, ilike, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { AlertFate, AlertListItem, IncidentStatus } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { alerts, incidents } from './tables.ts';
import { levelLabels, toAlertView } from './view.ts';
import { likeLiteral } from './incidents.ts';

/** What the alert list is narrowed to (contracts AlertListQuery, parsed). */
export interface AlertFilters {
  /** Only alerts of these teams' incidents (incident/access.ts); null or undefined for all. */
  teams?: readonly string[] | null | undefined;
  status?: 'firing' | 'resolved' | undefined;
  /** Alerts with any of these fates. */
  fates?: readonly AlertFate[] | undefined;
  source?: string | undefined;
  integration?: string | undefined;
  service?: string | undefined;
  team?: string | undefined;
  alertname?: string | undefined;
  incident?: number | undefined;
  /** Words in the summary (case-insensitive substring). */
  q?: string | undefined;
  /** Last received at or after / before these instants. */
  since?: Date | undefined;
  until?: Date | undefined;
}

const MUTED = sql`(${alerts.mutedBy} @> '[{"kind":"silence"}]'::jsonb or ${alerts.mutedBy} @> '[{"kind":"maintenance"}]'::jsonb)`;
const INHIBITED = sql`${alerts.mutedBy} @> '[{"kind":"inhibition"}]'::jsonb`;
const UNMUTED = sql`${alerts.mutedBy} = '[]'::jsonb`;

/**
 * Each fate as SQL over an alert joined to its incident. The rules (docs/console.md#alerts):
 * `opened` its join reason says it opened (or reopened) the incident; `joined` it joined one already open;
 * `paged` not muted, on an incident graded at a level (not a risk) and not imported — its pages went out
 * through the incident; `muted` by a silence or maintenance; `inhibited` by an inhibition rule; `held` muted
 * while its incident holds pages back.
 */
const FATES: Record<AlertFate, SQL> = {
  opened: sql`(${alerts.joinReason} like 'opened incident%' or ${alerts.joinReason} like 'reopened incident%')`,
  joined: sql`${alerts.joinReason} like 'joined incident%'`,
  paged: sql`(${UNMUTED} and ${incidents.risk} = false and ${incidents.importedFrom} is null)`,
  muted: MUTED,
  inhibited: INHIBITED,
  held: sql`(${alerts.mutedBy} <> '[]'::jsonb and ${incidents.heldSince} is not null)`,
};

function conditions(f: AlertFilters): (SQL | undefined)[] {
  return [
    f.teams ? inArray(incidents.team, [...f.teams]) : undefined,
    f.status === undefined ? undefined : eq(alerts.status, f.status),
    f.fates?.length ? or(...f.fates.map((x) => FATES[x])) : undefined,
    f.source === undefined ? undefined : eq(alerts.source, f.source),
    f.integration === undefined ? undefined : eq(alerts.integration, f.integration),
    f.service === undefined ? undefined : eq(incidents.service, f.service),
    f.team === undefined ? undefined : eq(incidents.team, f.team),
    f.alertname === undefined ? undefined : sql`${alerts.labels} ->> 'alertname' = ${f.alertname}`,
    f.incident === undefined ? undefined : eq(alerts.incidentId, f.incident),
    f.q === undefined ? undefined : ilike(alerts.summary, `%${likeLiteral(f.q)}%`),
    f.since === undefined ? undefined : gte(alerts.lastSeenAt, f.since),
    f.until === undefined ? undefined : lt(alerts.lastSeenAt, f.until),
  ];
}

/** The fates of one alert on its incident, by the rules of `FATES` (the same as the filter's). */
export function fatesOf(
  a: { joinReason: string; mutedBy: ReadonlyArray<{ kind: string }> },
  i: { risk: boolean; importedFrom: string | null; heldSince: Date | null },
): AlertFate[] {
  const out: AlertFate[] = [];
  if (/^(re)?opened incident/.test(a.joinReason)) out.push('opened');
  if (a.joinReason.startsWith('joined incident')) out.push('joined');
  if (a.mutedBy.length === 0 && !i.risk && i.importedFrom === null) out.push('paged');
  if (a.mutedBy.some((m) => m.kind === 'silence' || m.kind === 'maintenance')) out.push('muted');
  if (a.mutedBy.length > 0 && i.heldSince !== null) out.push('held');
  if (a.mutedBy.some((m) => m.kind === 'inhibition')) out.push('inhibited');
  return out;
}

/**
 * Alerts matching `filters`, newest first by id; `beforeId` is the cursor's alert id (the page starts after
 * it). At most `limit` rows, each with its incident's header.
 */
export async function listAlerts(
  db: Db,
  opts: AlertFilters & { limit: number; beforeId?: number | undefined },
): Promise<AlertListItem[]> {
  if (opts.teams?.length === 0) return [];
  const rows = await db
    .select({ alert: alerts, incident: incidents })
    .from(alerts)
    .innerJoin(incidents, eq(alerts.incidentId, incidents.id))
    .where(and(...conditions(opts), opts.beforeId === undefined ? undefined : lt(alerts.id, opts.beforeId)))
    .orderBy(desc(alerts.id))
    .limit(opts.limit);
  return rows.map(({ alert, incident: i }) => ({
    ...toAlertView(alert),
    fates: fatesOf(alert, i),
    incident: {
      id: i.id,
      title: i.title,
      status: i.status as IncidentStatus,
      levels: levelLabels(i.levels),
      risk: i.risk,
      service: i.service,
      team: i.team,
    },
  }));
}

/** How many alerts match `filters` (every page together). */
export async function countAlerts(db: Db, filters: AlertFilters): Promise<number> {
  if (filters.teams?.length === 0) return 0;
  const [row] = await db
    .select({ n: count() })
    .from(alerts)
    .innerJoin(incidents, eq(alerts.incidentId, incidents.id))
    .where(and(...conditions(filters)));
  return Number(row?.n ?? 0);
}
