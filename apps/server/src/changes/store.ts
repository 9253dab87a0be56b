/** SQL of changes and verdicts (no permission checks: the verbs make them). */
import { and, desc, eq, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import type { ChangeFilter, ChangeView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { rows } from '../db/index.ts';
import { changes, changeVerdicts } from './tables.ts';
import type { NewChange } from './record.ts';

export type ChangeRow = typeof changes.$inferSelect;
export type VerdictRow = typeof changeVerdicts.$inferSelect;

/** The API view of a change row. */
export function changeView(r: ChangeRow): ChangeView {
  return {
    id: r.id,
    kind: r.kind as ChangeView['kind'],
    summary: r.summary,
    services: r.services,
    environment: r.environment,
    labels: r.labels,
    startedAt: r.startedAt.toISOString(),
    endedAt: r.endedAt?.toISOString() ?? null,
    status: r.status as ChangeView['status'],
    exitCode: r.exitCode,
    author: r.author,
    source: r.source as ChangeView['source'],
    sourceKey: r.sourceKey,
    externalId: r.externalId,
    url: r.url,
    rollbackOf: r.rollbackOf,
    details: r.details,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Inserts a change, or — when the same source and key already sent this external id — updates that one
 * (a sender repeating itself, or reporting the end of what it started).
 */
export async function upsertChange(db: Db, c: NewChange, now: Date): Promise<{ row: ChangeRow; created: boolean }> {
  if (c.externalId !== null) {
    const [existing] = await db
      .select()
      .from(changes)
      .where(
        and(
          eq(changes.source, c.source),
          c.sourceKey === null ? sql`${changes.sourceKey} is null` : eq(changes.sourceKey, c.sourceKey),
          eq(changes.externalId, c.externalId),
        ),
      )
      .for('update')
      .limit(1);
    if (existing) {
      const [row] = await db.update(changes).set(c).where(eq(changes.id, existing.id)).returning();
      return { row: row!, created: false };
    }
  }
  const [row] = await db
    .insert(changes)
    .values({ ...c, createdAt: now })
    .returning();
  return { row: row!, created: true };
}

/** One change, locked when `lock`. */
export async function changeById(db: Db, id: number, lock = false): Promise<ChangeRow | null> {
  const q = db.select().from(changes).where(eq(changes.id, id)).limit(1);
  const [row] = lock ? await q.for('update') : await q;
  return row ?? null;
}

/** Sets the end of a change. */
export async function finishChange(
  db: Db,
  id: number,
  end: { endedAt: Date; status: 'succeeded' | 'failed'; exitCode: number | null },
): Promise<ChangeRow> {
  const [row] = await db.update(changes).set(end).where(eq(changes.id, id)).returning();
  return row!;
}

/**
 * Changes matching the filter, newest start first (then newest id), after the cursor position
 * `[startedAt ISO, id]`, at most `limit` rows.
 */
export async function listChanges(
  db: Db,
  f: ChangeFilter,
  after: readonly [string, number] | undefined,
  limit: number,
): Promise<ChangeRow[]> {
  const where: SQL[] = [];
  if (f.service) where.push(sql`${changes.services} @> ${JSON.stringify([f.service])}::jsonb`);
  if (f.kind) where.push(eq(changes.kind, f.kind));
  if (f.source) where.push(eq(changes.source, f.source));
  if (f.status) where.push(eq(changes.status, f.status));
  if (f.from) where.push(gte(changes.startedAt, new Date(f.from)));
  if (f.to) where.push(lt(changes.startedAt, new Date(f.to)));
  if (after) where.push(sql`(${changes.startedAt}, ${changes.id}) < (${after[0]}::timestamptz, ${after[1]}::bigint)`);
  return db
    .select()
    .from(changes)
    .where(where.length > 0 ? and(...where) : undefined)
    .orderBy(desc(changes.startedAt), desc(changes.id))
    .limit(limit);
}

/** Changes that started in `[from, to]`, newest first, at most `limit`. */
export async function changesStartedBetween(db: Db, from: Date, to: Date, limit: number): Promise<ChangeRow[]> {
  return db
    .select()
    .from(changes)
    .where(and(gte(changes.startedAt, from), lte(changes.startedAt, to)))
    .orderBy(desc(changes.startedAt), desc(changes.id))
    .limit(limit);
}

/** Appends a verdict. */
export async function insertVerdict(db: Db, v: Omit<VerdictRow, 'id'>): Promise<VerdictRow> {
  const [row] = await db.insert(changeVerdicts).values(v).returning();
  return row!;
}

/** The current (newest) verdict per change on incident `incidentId`. */
export async function currentVerdicts(db: Db, incidentId: number): Promise<Map<number, VerdictRow>> {
  const list = await db
    .select()
    .from(changeVerdicts)
    .where(eq(changeVerdicts.incidentId, incidentId))
    .orderBy(desc(changeVerdicts.id));
  const byChange = new Map<number, VerdictRow>();
  for (const v of list) if (!byChange.has(v.changeId)) byChange.set(v.changeId, v);
  return byChange;
}

/**
 * Earlier verdicts per change source (`source` or `source:key`), counting each (change, incident)'s current
 * verdict once, on incidents other than `exceptIncident`; with `before`, as they stood then (verdicts given
 * before it only: the ranking's evaluation must not see the future).
 */
export async function verdictHistory(
  db: Db,
  exceptIncident: number,
  before?: Date,
): Promise<Map<string, { caused: number; dismissed: number }>> {
  const asOf = before ? sql`and at < ${before.toISOString()}` : sql``;
  const list = await rows<{ source: string; verdict: string; n: number }>(
    db,
    sql`select case when c.source_key is null then c.source else c.source || ':' || c.source_key end as source,
               v.verdict, count(*)::int as n
        from (select distinct on (change_id, incident_id) change_id, incident_id, verdict
              from change_verdicts where incident_id <> ${exceptIncident} ${asOf}
              order by change_id, incident_id, id desc) v
        join changes c on c.id = v.change_id
        where v.verdict in ('caused', 'dismissed')
        group by 1, 2`,
  );
  const history = new Map<string, { caused: number; dismissed: number }>();
  for (const r of list) {
    const h = history.get(r.source) ?? { caused: 0, dismissed: 0 };
    if (r.verdict === 'caused') h.caused += Number(r.n);
    else h.dismissed += Number(r.n);
    history.set(r.source, h);
  }
  return history;
}

/** The history key of a change: its source, with the integration or webhook key when it has one. */
export const historyKey = (c: Pick<ChangeRow, 'source' | 'sourceKey'>): string =>
  c.sourceKey === null ? c.source : `${c.source}:${c.sourceKey}`;

/**
 * Incidents with a change currently labelled `caused`: id, team, title and the instant the ranking measures
 * from (impact start, else detection, else creation), those measured in [from, to), oldest first, at most `limit`.
 */
export async function incidentsWithCausedChanges(
  db: Db,
  from: Date | undefined,
  to: Date | undefined,
  limit: number,
): Promise<Array<{ id: number; team: string | null; title: string }>> {
  const start = from
    ? sql`and coalesce(i.impact_started_at, i.detected_at, i.created_at) >= ${from.toISOString()}`
    : sql``;
  const end = to ? sql`and coalesce(i.impact_started_at, i.detected_at, i.created_at) < ${to.toISOString()}` : sql``;
  const list = await rows<{ id: number | string; team: string | null; title: string }>(
    db,
    sql`select i.id, i.team, i.title
        from incidents i
        where exists (select 1 from (select distinct on (change_id) verdict from change_verdicts v
                                     where v.incident_id = i.id order by change_id, id desc) cur
                      where cur.verdict = 'caused')
              ${start} ${end}
        order by coalesce(i.impact_started_at, i.detected_at, i.created_at), i.id
        limit ${limit}`,
  );
  return list.map((r) => ({ id: Number(r.id), team: r.team, title: r.title }));
}
