/**
 * Reads what analytics needs from the domains that own it (read only: analytics owns no table). One query
 * per table over the incidents whose anchor (`detected_at`, else creation) falls in `[lo, hi)`; the
 * incidents a caller may not see are never loaded.
 */
import { and, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import { alerts, incidents, type IncidentRow } from '../incident/index.ts';
import { declarations, effectiveMilestones, keyTimes, type KeyTimeRow } from '../response/index.ts';
import { changes, changeVerdicts } from '../changes/index.ts';
import { postmortemActions, postmortems } from '../postmortem/index.ts';
import { recoverySteps } from '../recovery/index.ts';
import { notifications, prefixOfKey } from '../notify/index.ts';
import { users } from '../people/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { ChangeFacts, IncidentFacts, PostmortemFacts } from './facts.ts';

/** What was loaded for one review. */
export interface Loaded {
  incidents: IncidentFacts[];
  changes: ChangeFacts[];
  postmortems: PostmortemFacts[];
}

const group = <T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> => {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
};

/** The current verdict per (change, incident): the newest row. */
function currentCaused(rows: ReadonlyArray<{ id: number; changeId: number; incidentId: number; verdict: string }>) {
  const newest = new Map<string, { id: number; changeId: number; incidentId: number; verdict: string }>();
  for (const r of rows) {
    const k = `${r.changeId}:${r.incidentId}`;
    const prev = newest.get(k);
    if (!prev || prev.id < r.id) newest.set(k, r);
  }
  return [...newest.values()].filter((r) => r.verdict === 'caused');
}

/** An instant as epoch milliseconds in SQL (a JSON number; null stays null), truncated as `Date` parsing does. */
const ms = (col: SQL) => sql`floor(extract(epoch from ${col}) * 1000)::int8`;
const num = (v: number | null): Date | null => (v === null ? null : new Date(v));

/**
 * The rows of `query` read as one JSON array of arrays (`json_agg`): one value crosses the driver instead of a
 * row per incident, which is what made a year's review slow on the embedded store (issue 11 item 6).
 */
async function tuples<T extends unknown[]>(db: Db, query: SQL): Promise<T[]> {
  const out = await rows<{ j: string | null }>(
    db,
    sql`select coalesce(json_agg(x.t), '[]')::text as j from (${query}) x`,
  );
  return JSON.parse(out[0]?.j ?? '[]') as T[];
}

type IncidentTuple = [
  id: number,
  title: string,
  status: string,
  risk: boolean,
  levels: Record<string, number>,
  team: string | null,
  service: string | null,
  createdAt: number,
  impactStartedAt: number | null,
  detectedAt: number | null,
  acknowledgedAt: number | null,
  mitigatedAt: number | null,
  resolvedAt: number | null,
  closedAt: number | null,
  drill: boolean,
  noise: boolean,
  gradedBy: Record<string, string> | null,
];

/**
 * @param teams the teams whose incidents the caller may see; null: every incident
 * @param ids when given, these incidents (of `teams`) whatever their anchor, instead of those anchored in
 *   `[lo, hi)` (the on-call load's drill-down: a page in the period may be for an older incident)
 */
export async function loadFacts(
  db: Db,
  opts: {
    lo: Date;
    hi: Date;
    changesFrom: Date;
    teams: readonly string[] | null;
    catalog: Catalog;
    ids?: readonly number[];
  },
): Promise<Loaded> {
  const anchor = sql`coalesce(${incidents.detectedAt}, ${incidents.createdAt})`;
  const where: SQL[] = opts.ids
    ? [opts.ids.length ? inArray(incidents.id, [...opts.ids]) : sql`false`]
    : [sql`${anchor} >= ${opts.lo.toISOString()}`, sql`${anchor} < ${opts.hi.toISOString()}`];
  if (opts.teams !== null) where.push(opts.teams.length ? inArray(incidents.team, [...opts.teams]) : sql`false`);
  const cond = and(...where)!;
  const ids = sql`select ${incidents.id} from ${incidents} where ${cond}`;
  const i = incidents;

  const [incidentRows, keyRows, declRows, pmRows, actionRows, stepRows, verdictRows, alertRows] = await Promise.all([
    tuples<IncidentTuple>(
      db,
      sql`select json_build_array(${i.id}, ${i.title}, ${i.status}, ${i.risk}, ${i.levels}, ${i.team}, ${i.service},
        ${ms(sql`${i.createdAt}`)}, ${ms(sql`${i.impactStartedAt}`)}, ${ms(sql`${i.detectedAt}`)},
        ${ms(sql`${i.acknowledgedAt}`)}, ${ms(sql`${i.mitigatedAt}`)}, ${ms(sql`${i.resolvedAt}`)},
        ${ms(sql`${i.closedAt}`)}, ${i.drill} is not null, ${i.noise} is not null,
        (select json_object_agg(e->>'sequence', e->>'ruleId') from jsonb_array_elements(${i.levelExplanation}) e)) as t
      from ${i} where ${cond}`,
    ),
    tuples<[incidentId: number, code: string, at: number | null]>(
      db,
      sql`select json_build_array(${keyTimes.incidentId}, ${keyTimes.code}, ${ms(sql`${keyTimes.at}`)}) as t
      from ${keyTimes} where ${keyTimes.incidentId} in (${ids})`,
    ),
    tuples<[incidentId: number, source: string]>(
      db,
      sql`select json_build_array(${declarations.incidentId}, ${declarations.source}) as t
      from ${declarations} where ${declarations.incidentId} in (${ids})`,
    ),
    tuples<
      [
        id: number,
        incidentId: number,
        level: string | null,
        status: string,
        dueAt: number,
        publishedAt: number | null,
        detectionSource: string | null,
        classification: string | null,
      ]
    >(
      db,
      sql`select json_build_array(${postmortems.id}, ${postmortems.incidentId}, ${postmortems.level},
        ${postmortems.status}, ${ms(sql`${postmortems.dueAt}`)}, ${ms(sql`${postmortems.publishedAt}`)},
        ${postmortems.detectionSource}, ${postmortems.classification}) as t
      from ${postmortems} where ${postmortems.incidentId} in (${ids})`,
    ),
    tuples<[postmortemId: number, state: string, dueAt: number, doneAt: number | null, verifiedAt: number | null]>(
      db,
      sql`select json_build_array(${postmortemActions.postmortemId}, ${postmortemActions.state},
        ${ms(sql`${postmortemActions.dueAt}`)}, ${ms(sql`${postmortemActions.doneAt}`)},
        ${ms(sql`${postmortemActions.verifiedAt}`)}) as t
      from ${postmortemActions} where ${postmortemActions.incidentId} in (${ids})`,
    ),
    tuples<[incidentId: number, method: string]>(
      db,
      sql`select json_build_array(${recoverySteps.incidentId}, ${recoverySteps.method}) as t
      from ${recoverySteps} where ${recoverySteps.startedAt} is not null and ${recoverySteps.incidentId} in (${ids})`,
    ),
    tuples<[id: number, changeId: number, incidentId: number, verdict: string]>(
      db,
      sql`select json_build_array(${changeVerdicts.id}, ${changeVerdicts.changeId}, ${changeVerdicts.incidentId},
        ${changeVerdicts.verdict}) as t
      from ${changeVerdicts} where ${changeVerdicts.incidentId} in (${ids})`,
    ),
    // Per incident: its alerts' integrations and its first alert's alertname (noise share by source and rule).
    tuples<[incidentId: number, sources: string[], alertname: string | null]>(
      db,
      sql`select json_build_array(${alerts.incidentId}, json_agg(distinct ${alerts.integration}),
        (array_agg(${alerts.labels}->>'alertname' order by ${alerts.id}))[1]) as t
      from ${alerts} where ${alerts.incidentId} in (${ids}) group by ${alerts.incidentId}`,
    ),
  ]);

  const keysBy = group(
    keyRows.map(([incidentId, code, at]) => ({ incidentId, code, at: num(at) }) as KeyTimeRow),
    (r: KeyTimeRow) => r.incidentId,
  );
  const sourceBy = new Map(declRows.map(([incidentId, source]) => [incidentId, source]));
  const pmBy = new Map(pmRows.map((p) => [p[1], p]));
  const stepsBy = group(stepRows, (r) => r[0]);
  const causedBy = group(
    currentCaused(verdictRows.map(([id, changeId, incidentId, verdict]) => ({ id, changeId, incidentId, verdict }))),
    (r) => r.incidentId,
  );
  const actionsBy = group(actionRows, (r) => r[0]);
  const alertsBy = new Map(alertRows.map((a) => [a[0], a]));
  const lineOf = new Map<string, string | null>();
  const businessLine = (service: string | null): string | null => {
    if (!service) return null;
    if (!lineOf.has(service)) lineOf.set(service, opts.catalog.service(service)?.businessLine ?? null);
    return lineOf.get(service)!;
  };

  incidentRows.sort((a, b) => a[0] - b[0]);
  const facts = incidentRows.map((t): IncidentFacts => {
    const [id, title, status, risk, levels, team, service, createdAt] = t;
    const row = {
      status,
      impactStartedAt: num(t[8]),
      detectedAt: num(t[9]),
      acknowledgedAt: num(t[10]),
      mitigatedAt: num(t[11]),
      resolvedAt: num(t[12]),
      closedAt: num(t[13]),
    } as IncidentRow;
    const pm = pmBy.get(id);
    return {
      id,
      title,
      status,
      risk,
      drill: t[14],
      levels,
      team,
      service,
      businessLine: businessLine(service),
      createdAt: new Date(createdAt),
      milestones: effectiveMilestones(row, keysBy.get(id) ?? []),
      detectionSource: pm?.[6] ?? sourceBy.get(id) ?? null,
      causeClass: pm?.[7] ?? null,
      recoveryMethods: (stepsBy.get(id) ?? []).map((s) => s[1]),
      causedBy: (causedBy.get(id) ?? []).map((v) => v.changeId),
      noise: t[15],
      sources: [...(alertsBy.get(id)?.[1] ?? [])].sort(),
      gradedBy: t[16] ?? {},
      alertname: alertsBy.get(id)?.[2] ?? null,
    };
  });

  const pmFacts = pmRows.map(([pmId, incidentId, level, status, dueAt, publishedAt]): PostmortemFacts => ({
    incidentId,
    level,
    status,
    dueAt: new Date(dueAt),
    publishedAt: num(publishedAt),
    actions: (actionsBy.get(pmId) ?? []).map(([, state, due, doneAt, verifiedAt]) => ({
      state,
      dueAt: new Date(due),
      doneAt: num(doneAt),
      verifiedAt: num(verifiedAt),
    })),
  }));

  const changeRows = await db
    .select({ id: changes.id, kind: changes.kind, services: changes.services, startedAt: changes.startedAt })
    .from(changes)
    .where(and(gte(changes.startedAt, opts.changesFrom), lt(changes.startedAt, opts.hi)));
  const changeIds = changeRows.map((c) => c.id);
  const changeVerdictRows = changeIds.length
    ? await db
        .select({
          id: changeVerdicts.id,
          changeId: changeVerdicts.changeId,
          incidentId: changeVerdicts.incidentId,
          verdict: changeVerdicts.verdict,
        })
        .from(changeVerdicts)
        .where(
          inArray(
            changeVerdicts.changeId,
            db
              .select({ id: changes.id })
              .from(changes)
              .where(and(gte(changes.startedAt, opts.changesFrom), lt(changes.startedAt, opts.hi))),
          ),
        )
    : [];
  const causedOf = group(currentCaused(changeVerdictRows), (r) => r.changeId);
  return {
    incidents: facts,
    changes: changeRows.map((c) => ({
      ...c,
      caused: (causedOf.get(c.id) ?? []).map((v) => v.incidentId),
    })),
    postmortems: pmFacts,
  };
}

/** A delivered page of a person, with its incident's fields for the filters. */
export interface PageRow {
  incidentId: number;
  userId: number;
  person: string;
  zone: string;
  at: Date;
  team: string | null;
  service: string | null;
  levels: Record<string, number>;
}

/**
 * The pages that reached people in `[start, end)`: notifications to a person (`user_id` set) that were sent,
 * one page per (incident, escalation step, person) — the notification key's person prefix — at its first
 * delivery; only for incidents of `teams` (null: all).
 */
export async function loadPages(
  db: Db,
  opts: { start: Date; end: Date; teams: readonly string[] | null },
): Promise<PageRow[]> {
  const where: SQL[] = [
    eq(notifications.status, 'sent'),
    isNotNull(notifications.userId),
    gte(notifications.sentAt, opts.start),
    lt(notifications.sentAt, opts.end),
  ];
  if (opts.teams !== null) where.push(opts.teams.length ? inArray(incidents.team, [...opts.teams]) : sql`false`);
  const rows = await db
    .select({
      key: notifications.idempotencyKey,
      incidentId: notifications.incidentId,
      sentAt: notifications.sentAt,
      userId: notifications.userId,
      name: users.name,
      zone: users.timeZone,
      team: incidents.team,
      service: incidents.service,
      levels: incidents.levels,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .innerJoin(incidents, eq(incidents.id, notifications.incidentId))
    .where(and(...where));
  const pages = new Map<string, PageRow>();
  for (const r of rows) {
    const key = prefixOfKey(r.key) ?? r.key;
    const prev = pages.get(key);
    if (prev && prev.at.getTime() <= r.sentAt!.getTime()) continue;
    pages.set(key, {
      incidentId: r.incidentId!,
      userId: r.userId!,
      person: r.name,
      zone: r.zone,
      at: r.sentAt!,
      team: r.team,
      service: r.service,
      levels: r.levels,
    });
  }
  return [...pages.values()];
}
