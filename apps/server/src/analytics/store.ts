/**
 * Reads what analytics needs from the domains that own it (read only: analytics owns no table). One query
 * per table over the incidents whose anchor (`detected_at`, else creation) falls in `[lo, hi)`; the
 * incidents a caller may not see are never loaded.
 */
import { and, asc, eq, gte, inArray, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { incidents, type IncidentRow } from '../incident/index.ts';
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

/**
 * @param teams the teams whose incidents the caller may see; null: every incident
 */
export async function loadFacts(
  db: Db,
  opts: { lo: Date; hi: Date; changesFrom: Date; teams: readonly string[] | null; catalog: Catalog },
): Promise<Loaded> {
  const anchor = sql`coalesce(${incidents.detectedAt}, ${incidents.createdAt})`;
  const where: SQL[] = [sql`${anchor} >= ${opts.lo.toISOString()}`, sql`${anchor} < ${opts.hi.toISOString()}`];
  if (opts.teams !== null) where.push(opts.teams.length ? inArray(incidents.team, [...opts.teams]) : sql`false`);
  const cond = and(...where)!;
  const ids = db.select({ id: incidents.id }).from(incidents).where(cond);

  const [rows, keyRows, declRows, pmRows, actionRows, stepRows, verdictRows] = await Promise.all([
    db.select().from(incidents).where(cond).orderBy(asc(incidents.id)),
    db.select().from(keyTimes).where(inArray(keyTimes.incidentId, ids)),
    db
      .select({ incidentId: declarations.incidentId, source: declarations.source })
      .from(declarations)
      .where(inArray(declarations.incidentId, ids)),
    db.select().from(postmortems).where(inArray(postmortems.incidentId, ids)),
    db
      .select({
        postmortemId: postmortemActions.postmortemId,
        state: postmortemActions.state,
        dueAt: postmortemActions.dueAt,
        doneAt: postmortemActions.doneAt,
        verifiedAt: postmortemActions.verifiedAt,
      })
      .from(postmortemActions)
      .where(inArray(postmortemActions.incidentId, ids)),
    db
      .select({ incidentId: recoverySteps.incidentId, method: recoverySteps.method })
      .from(recoverySteps)
      .where(and(inArray(recoverySteps.incidentId, ids), isNotNull(recoverySteps.startedAt))),
    db
      .select({
        id: changeVerdicts.id,
        changeId: changeVerdicts.changeId,
        incidentId: changeVerdicts.incidentId,
        verdict: changeVerdicts.verdict,
      })
      .from(changeVerdicts)
      .where(inArray(changeVerdicts.incidentId, ids)),
  ]);

  const keysBy = group(keyRows, (r: KeyTimeRow) => r.incidentId);
  const sourceBy = new Map(declRows.map((d) => [d.incidentId, d.source]));
  const pmBy = new Map(pmRows.map((p) => [p.incidentId, p]));
  const stepsBy = group(stepRows, (r) => r.incidentId);
  const causedBy = group(currentCaused(verdictRows), (r) => r.incidentId);
  const actionsBy = group(actionRows, (r) => r.postmortemId);

  const facts = rows.map((row: IncidentRow): IncidentFacts => {
    const pm = pmBy.get(row.id);
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      risk: row.risk,
      drill: row.drill !== null,
      levels: row.levels,
      team: row.team,
      service: row.service,
      businessLine: row.service ? (opts.catalog.service(row.service)?.businessLine ?? null) : null,
      createdAt: row.createdAt,
      milestones: effectiveMilestones(row, keysBy.get(row.id) ?? []),
      detectionSource: pm?.detectionSource ?? sourceBy.get(row.id) ?? null,
      causeClass: pm?.classification ?? null,
      recoveryMethods: (stepsBy.get(row.id) ?? []).map((s) => s.method),
      causedBy: (causedBy.get(row.id) ?? []).map((v) => v.changeId),
    };
  });

  const pmFacts = pmRows.map((p): PostmortemFacts => ({
    incidentId: p.incidentId,
    level: p.level,
    status: p.status,
    dueAt: p.dueAt,
    publishedAt: p.publishedAt,
    actions: (actionsBy.get(p.id) ?? []).map((a) => ({
      state: a.state,
      dueAt: a.dueAt,
      doneAt: a.doneAt,
      verifiedAt: a.verifiedAt,
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
