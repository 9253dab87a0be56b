/** The incident timeline: every hop of an incident is one row, written in the transaction that made it. */
import type { TimelineKind } from '@faultline/contracts';
import type { Db } from '../db/client.ts';
import { timeline } from '../db/schema/index.ts';

export interface TimelineInput {
  incidentId: number;
  at: Date;
  kind: TimelineKind;
  /** "system", "rule", an integration key, or a person's name/email. */
  actor: string;
  message: string;
  data?: Record<string, unknown>;
}

/** Appends timeline rows (call inside the transaction of the change). */
export async function addTimeline(db: Db, ...entries: TimelineInput[]): Promise<void> {
  if (entries.length === 0) return;
  await db.insert(timeline).values(entries.map((e) => ({ ...e, data: e.data ?? {} })));
}
