/**
 * Paging the owning team's on-call responders (first cut of DESIGN §7: the team's current responders,
 * email). Each page is a notification row with an idempotency key `(incident, step, recipient, channel)`
 * plus a delivery job, written in the caller's transaction (transactional outbox).
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { notifications } from '../db/schema/index.ts';
import { enqueueJob } from '../engine/jobs.ts';
import type { Catalog } from '../catalog/catalog.ts';
import { addTimeline } from '../incident/timeline.ts';

export interface PageRequest {
  incidentId: number;
  team: string | null;
  /** Why this page is sent, e.g. `initial` or `upgrade-P1`; part of the idempotency key. */
  step: string;
  now: Date;
}

/** Idempotency key of one notification: `(incident, step, recipient, channel)`. */
export function notificationKey(incidentId: number, step: string, recipient: string, channel: string): string {
  return `${incidentId}:${step}:${recipient}:${channel}`;
}

/**
 * Creates the notifications and delivery jobs for a page; a page that was already created (same key) is
 * not created again. Returns the number of new notifications.
 */
export async function pageOnCall(db: Db, catalog: Catalog, req: PageRequest): Promise<number> {
  const team = req.team ? catalog.team(req.team) : undefined;
  const recipients = team?.oncall ?? [];
  if (recipients.length === 0) {
    await addTimeline(db, {
      incidentId: req.incidentId,
      at: req.now,
      kind: 'notification_failed',
      actor: 'system',
      message: req.team ? `nobody is on call for team ${req.team}: nobody was paged` : 'the incident has no owning team: nobody was paged',
      data: { step: req.step },
    });
    return 0;
  }
  let created = 0;
  for (const member of recipients) {
    const inserted = await db
      .insert(notifications)
      .values({
        incidentId: req.incidentId,
        idempotencyKey: notificationKey(req.incidentId, req.step, member.email, 'email'),
        channel: 'email',
        recipient: member.email,
        status: 'pending',
        createdAt: req.now,
        nextAttemptAt: req.now,
      })
      .onConflictDoNothing({ target: notifications.idempotencyKey })
      .returning({ id: notifications.id });
    const row = inserted[0];
    if (!row) continue;
    created++;
    await enqueueJob(db, 'notify.deliver', { notificationId: row.id }, req.now, req.now);
  }
  return created;
}

/** Counts notifications by status (for /metrics). */
export const notificationStatusCounts = sql`select status, count(*)::int as n from notifications group by status`;
