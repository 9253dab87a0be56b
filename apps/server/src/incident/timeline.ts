/** The incident timeline: every hop of an incident is one row, written in the transaction that made it. */
import type { TimelineKind } from '@faultline/contracts';
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { timeline } from './tables.ts';
import { redactJson, redactText } from '../lib/index.ts';

export interface TimelineInput {
  incidentId: number;
  at: Date;
  kind: TimelineKind;
  /** "system", "rule", an integration key, or a person's name/email. */
  actor: string;
  message: string;
  data?: Record<string, unknown>;
}

/** Entries per statement beyond which one JSON parameter beats a parameter per value. */
const BULK = 20;

/**
 * Appends timeline rows (call inside the transaction of the change); URL credentials in a message are redacted. Many rows (a converging storm) go in
 * one statement with one JSON parameter: building a query of thousands of parameters costs more than the
 * insert itself.
 */
export async function addTimeline(db: Db, ...given: TimelineInput[]): Promise<void> {
  if (given.length === 0) return;
  // Every viewer of the incident reads the timeline: no URL credentials in it, whoever wrote the entry.
  const entries = given.map((e) => ({ ...e, message: redactText(e.message), data: redactJson(e.data ?? {}) }));
  if (entries.length < BULK) {
    await db.insert(timeline).values(entries.map((e) => ({ ...e, data: e.data ?? {} })));
    return;
  }
  const rows = entries.map((e) => ({
    incident_id: e.incidentId,
    at: e.at.toISOString(),
    kind: e.kind,
    actor: e.actor,
    message: e.message,
    data: e.data ?? {},
  }));
  await db.execute(sql`
    insert into timeline (incident_id, at, kind, actor, message, data)
    select incident_id, at, kind, actor, message, data::jsonb
    from json_to_recordset(${JSON.stringify(rows)}::json)
      as x(incident_id bigint, at timestamptz, kind text, actor text, message text, data json)`);
}

/**
 * One statement that makes `change` (an UPDATE or INSERT without RETURNING, on any table) and, when it
 * touched a row, appends `entry` to the timeline: `with changed as (<change> returning 1) insert into timeline
 * … from changed` (issue 18: a delivery's outcome in one statement instead of a transaction of two). Call
 * `db.execute` on the result. The message and data are redacted as `addTimeline` does.
 */
export function withTimeline(change: SQL, entry: TimelineInput): SQL {
  return sql`with changed as (${change} returning 1)
    insert into timeline (incident_id, at, kind, actor, message, data)
    select ${entry.incidentId}, ${entry.at.toISOString()}::timestamptz, ${entry.kind}, ${entry.actor},
      ${redactText(entry.message)}, ${JSON.stringify(redactJson(entry.data ?? {}))}::jsonb
    from changed limit 1`;
}
