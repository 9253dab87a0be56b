/**
 * Reads what analytics needs. Incidents come from analytics' derived table (one narrow row per incident,
 * ADR 0007), recomputed from the owning domains' tables for the incidents the triggers marked stale; the
 * incidents a caller may not see are never loaded. Postmortems, changes and pages are read from their owners.
 */
import { and, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import { rows, type Db } from '../db/index.ts';
import { alerts, incidents, type IncidentRow } from '../incident/index.ts';
import {
  declarations,
  effectiveMilestones,
  keyTimes,
  type KeyTimeRow,
  type MilestoneCode,
  type Milestones,
} from '../response/index.ts';
import { changes, changeVerdicts } from '../changes/index.ts';
import { postmortemActions, postmortems } from '../postmortem/index.ts';
import { recoverySteps } from '../recovery/index.ts';
import { notifications, prefixOfKey } from '../notify/index.ts';
import { users } from '../people/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { ChangeFacts, IncidentFacts, PostmortemFacts } from './facts.ts';
import { incidentFactsTable, staleFacts } from './tables.ts';

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

/** What `loadFacts` reads: incidents anchored in `[lo, hi)`, changes started in `[changesFrom, hi)`. */
export interface FactsWindow {
  lo: Date;
  hi: Date;
  changesFrom: Date;
  /** The teams whose incidents the caller may see; null: every incident. */
  teams: readonly string[] | null;
  catalog: Catalog;
  /**
   * When given, these incidents (of `teams`) whatever their anchor, instead of those anchored in `[lo, hi)`
   * (the on-call load's drill-down: a page in the period may be for an older incident).
   */
  ids?: readonly number[] | undefined;
}

/** A business-line lookup over the catalog, cached per service for one read. */
function businessLines(catalog: Catalog): (service: string | null) => string | null {
  const lineOf = new Map<string, string | null>();
  return (service) => {
    if (!service) return null;
    if (!lineOf.has(service)) lineOf.set(service, catalog.service(service)?.businessLine ?? null);
    return lineOf.get(service)!;
  };
}

/**
 * The straightforward read of the incidents matching `cond` (a condition on `incidents`): one query per owning
 * table, folded per incident. This is what the derived row stores (`refreshStaleFacts`) and what a test
 * compares the derived path with.
 */
export async function readIncidentFacts(db: Db, cond: SQL, catalog: Catalog): Promise<IncidentFacts[]> {
  const ids = sql`select ${incidents.id} from ${incidents} where ${cond}`;
  const i = incidents;

  const [incidentRows, keyRows, declRows, pmRows, stepRows, verdictRows, alertRows] = await Promise.all([
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
    tuples<[incidentId: number, detectionSource: string | null, classification: string | null]>(
      db,
      sql`select json_build_array(${postmortems.incidentId}, ${postmortems.detectionSource},
        ${postmortems.classification}) as t
      from ${postmortems} where ${postmortems.incidentId} in (${ids})`,
    ),
    tuples<[incidentId: number, method: string]>(
      db,
      sql`select json_build_array(${recoverySteps.incidentId}, ${recoverySteps.method}) as t
      from ${recoverySteps} where ${recoverySteps.startedAt} is not null and ${recoverySteps.incidentId} in (${ids})
      order by ${recoverySteps.id}`,
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
  const pmBy = new Map(pmRows.map((p) => [p[0], p]));
  const stepsBy = group(stepRows, (r) => r[0]);
  const causedBy = group(
    currentCaused(verdictRows.map(([id, changeId, incidentId, verdict]) => ({ id, changeId, incidentId, verdict }))),
    (r) => r.incidentId,
  );
  const alertsBy = new Map(alertRows.map((a) => [a[0], a]));
  const businessLine = businessLines(catalog);

  incidentRows.sort((a, b) => a[0] - b[0]);
  return incidentRows.map((t): IncidentFacts => {
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
      detectionSource: pm?.[1] ?? sourceBy.get(id) ?? null,
      causeClass: pm?.[2] ?? null,
      recoveryMethods: (stepsBy.get(id) ?? []).map((s) => s[1]),
      causedBy: (causedBy.get(id) ?? []).map((v) => v.changeId),
      noise: t[15],
      sources: [...(alertsBy.get(id)?.[1] ?? [])].sort(),
      gradedBy: t[16] ?? {},
      alertname: alertsBy.get(id)?.[2] ?? null,
    };
  });
}

/** The postmortems (with their actions) of the incidents `ids` (a subquery of incident ids). */
async function readPostmortems(db: Db, ids: SQL): Promise<PostmortemFacts[]> {
  const [pmRows, actionRows] = await Promise.all([
    tuples<
      [id: number, incidentId: number, level: string | null, status: string, dueAt: number, publishedAt: number | null]
    >(
      db,
      sql`select json_build_array(${postmortems.id}, ${postmortems.incidentId}, ${postmortems.level},
        ${postmortems.status}, ${ms(sql`${postmortems.dueAt}`)}, ${ms(sql`${postmortems.publishedAt}`)}) as t
      from ${postmortems} where ${postmortems.incidentId} in (${ids})`,
    ),
    tuples<[postmortemId: number, state: string, dueAt: number, doneAt: number | null, verifiedAt: number | null]>(
      db,
      sql`select json_build_array(${postmortemActions.postmortemId}, ${postmortemActions.state},
        ${ms(sql`${postmortemActions.dueAt}`)}, ${ms(sql`${postmortemActions.doneAt}`)},
        ${ms(sql`${postmortemActions.verifiedAt}`)}) as t
      from ${postmortemActions} where ${postmortemActions.incidentId} in (${ids})`,
    ),
  ]);
  const actionsBy = group(actionRows, (r) => r[0]);
  pmRows.sort((a, b) => a[0] - b[0]);
  return pmRows.map(([pmId, incidentId, level, status, dueAt, publishedAt]): PostmortemFacts => ({
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
}

/** The changes started in `[from, hi)` with the incidents each one's current verdict says it caused. */
async function readChanges(db: Db, from: Date, hi: Date): Promise<ChangeFacts[]> {
  const inWindow = and(gte(changes.startedAt, from), lt(changes.startedAt, hi))!;
  const [changeRows, verdictRows] = await Promise.all([
    tuples<[id: number, kind: string, services: string[], startedAt: number]>(
      db,
      sql`select json_build_array(${changes.id}, ${changes.kind}, ${changes.services},
        ${ms(sql`${changes.startedAt}`)}) as t from ${changes} where ${inWindow}`,
    ),
    tuples<[id: number, changeId: number, incidentId: number, verdict: string]>(
      db,
      sql`select json_build_array(${changeVerdicts.id}, ${changeVerdicts.changeId}, ${changeVerdicts.incidentId},
        ${changeVerdicts.verdict}) as t from ${changeVerdicts}
      where ${changeVerdicts.changeId} in (select ${changes.id} from ${changes} where ${inWindow})`,
    ),
  ]);
  const causedOf = group(
    currentCaused(verdictRows.map(([id, changeId, incidentId, verdict]) => ({ id, changeId, incidentId, verdict }))),
    (r) => r.changeId,
  );
  changeRows.sort((a, b) => a[0] - b[0]);
  return changeRows.map(([id, kind, services, startedAt]) => ({
    id,
    kind,
    services,
    startedAt: new Date(startedAt),
    caused: (causedOf.get(id) ?? []).map((v) => v.incidentId),
  }));
}

/** How many stale incidents one refresh transaction recomputes. */
const REFRESH_CHUNK = 5000;

/**
 * Recomputes the derived row of every incident marked stale (by the triggers of migration
 * `analytics_incident_facts`, or its backfill), a chunk per transaction: the marks are deleted first, so a
 * change committed meanwhile marks its incident again and the next read recomputes it. A deleted incident
 * loses its row.
 * @returns how many incidents were recomputed
 */
export async function refreshStaleFacts(db: Db, catalog: Catalog): Promise<number> {
  let done = 0;
  for (;;) {
    const any = await rows<{ id: number }>(db, sql`select incident_id as id from ${staleFacts} limit 1`);
    if (!any.length) return done;
    done += await db.transaction(async (tx) => {
      const marked = await rows<{ id: string | number }>(
        tx,
        sql`delete from ${staleFacts} where ${staleFacts.incidentId} in
          (select ${staleFacts.incidentId} from ${staleFacts} limit ${REFRESH_CHUNK}) returning incident_id as id`,
      );
      const ids = marked.map((r) => Number(r.id));
      if (!ids.length) return 0;
      const facts = await readIncidentFacts(tx, inArray(incidents.id, ids), catalog);
      await tx.delete(incidentFactsTable).where(inArray(incidentFactsTable.incidentId, ids));
      if (facts.length)
        await tx.execute(sql`insert into ${incidentFactsTable} select * from jsonb_populate_recordset(
        null::${incidentFactsTable}, ${JSON.stringify(facts.map(derivedRow))}::jsonb)`);
      return ids.length;
    });
  }
}

/** The facts of one incident as the derived row's JSON array; instants as epoch ms. */
type FactsTuple = [
  id: number,
  title: string,
  status: string,
  risk: boolean,
  drill: boolean,
  noise: boolean,
  levels: Record<string, number>,
  team: string | null,
  service: string | null,
  createdAt: number,
  milestones: Record<string, number>,
  detectionSource: string | null,
  causeClass: string | null,
  recoveryMethods: readonly string[],
  causedBy: readonly number[],
  sources: readonly string[],
  gradedBy: Readonly<Record<string, string>>,
  alertname: string | null,
];

/** One incident's facts as the derived table's row (JSON for `jsonb_populate_recordset`). */
function derivedRow(f: IncidentFacts): Record<string, unknown> {
  const tuple: FactsTuple = [
    f.id,
    f.title,
    f.status,
    f.risk,
    f.drill ?? false,
    f.noise,
    f.levels,
    f.team,
    f.service,
    f.createdAt.getTime(),
    Object.fromEntries(Object.entries(f.milestones).map(([code, at]) => [code, at.getTime()])),
    f.detectionSource,
    f.causeClass,
    f.recoveryMethods,
    f.causedBy,
    f.sources,
    f.gradedBy,
    f.alertname,
  ];
  return {
    incident_id: f.id,
    anchor_at: (f.milestones.detected_at ?? f.createdAt).toISOString(),
    team: f.team,
    facts: JSON.stringify(tuple),
  };
}

/** Incident facts from a derived row's tuple; the business line is the catalog's now. */
function fromTuple(t: FactsTuple, businessLine: (service: string | null) => string | null): IncidentFacts {
  const milestones: Milestones = {};
  for (const code in t[10]) milestones[code as MilestoneCode] = new Date(t[10][code]!);
  return {
    id: t[0],
    title: t[1],
    status: t[2],
    risk: t[3],
    drill: t[4],
    levels: t[6],
    team: t[7],
    service: t[8],
    businessLine: businessLine(t[8]),
    createdAt: new Date(t[9]),
    milestones,
    detectionSource: t[11],
    causeClass: t[12],
    recoveryMethods: t[13],
    causedBy: t[14],
    noise: t[5],
    sources: t[15],
    gradedBy: t[16],
    alertname: t[17],
  };
}

/**
 * Everything a review reads for a window, from the derived rows (refreshed first): one narrow row per
 * incident whose effective anchor (`detected_at` after the room's edits, else creation) is in `[lo, hi)`,
 * their postmortems, and the window's changes.
 */
export async function loadFacts(db: Db, opts: FactsWindow): Promise<Loaded> {
  await refreshStaleFacts(db, opts.catalog);
  const d = incidentFactsTable;
  const where: SQL[] = opts.ids
    ? [opts.ids.length ? inArray(d.incidentId, [...opts.ids]) : sql`false`]
    : [gte(d.anchorAt, opts.lo), lt(d.anchorAt, opts.hi)];
  if (opts.teams !== null) where.push(opts.teams.length ? inArray(d.team, [...opts.teams]) : sql`false`);
  const cond = and(...where)!;
  const [derived, pms, changeFacts] = await Promise.all([
    rows<{ j: string | null }>(
      db,
      sql`select '[' || string_agg(${d.facts}, ',' order by ${d.incidentId}) || ']' as j from ${d} where ${cond}`,
    ),
    readPostmortems(db, sql`select ${d.incidentId} from ${d} where ${cond}`),
    readChanges(db, opts.changesFrom, opts.hi),
  ]);
  const businessLine = businessLines(opts.catalog);
  const tuples = JSON.parse(derived[0]?.j ?? '[]') as FactsTuple[];
  return { incidents: tuples.map((t) => fromTuple(t, businessLine)), changes: changeFacts, postmortems: pms };
}

/**
 * The same as `loadFacts` read straight from the owning tables, without the derived rows: the recomputation
 * the derived path is checked against (test/scenario/analytics-review.test.ts). Selects by the effective
 * anchor, as the derived path does.
 */
export async function loadFactsDirect(db: Db, opts: FactsWindow): Promise<Loaded> {
  const where: SQL[] = [];
  if (opts.teams !== null) where.push(opts.teams.length ? inArray(incidents.team, [...opts.teams]) : sql`false`);
  if (opts.ids) where.push(opts.ids.length ? inArray(incidents.id, [...opts.ids]) : sql`false`);
  const all = await readIncidentFacts(db, where.length ? and(...where)! : sql`true`, opts.catalog);
  const lo = opts.lo.getTime();
  const hi = opts.hi.getTime();
  const facts = opts.ids
    ? all
    : all.filter((f) => {
        const t = (f.milestones.detected_at ?? f.createdAt).getTime();
        return t >= lo && t < hi;
      });
  const ids = facts.map((f) => f.id);
  return {
    incidents: facts,
    changes: await readChanges(db, opts.changesFrom, opts.hi),
    postmortems: ids.length
      ? await readPostmortems(
          db,
          sql`${sql.join(
            ids.map((id) => sql`${id}`),
            sql`, `,
          )}`,
        )
      : [],
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
