/** The page message of a notification, and the outcome of one delivery (shared by deliver*.ts). */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Runtime } from '../kernel/index.ts';
import { alerts, type incidents, formatLevels } from '../incident/index.ts';
import { type notifications } from './tables.ts';
import { actionLinks } from './links.ts';
import type { PageMessage } from './provider.ts';
import { DRILL_MARK } from './drill.ts';

export type NotificationRow = typeof notifications.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;

export type DeliveryOutcome =
  | { kind: 'sent'; incidentId: number }
  | { kind: 'retry'; incidentId: number; at: Date; error: string }
  | { kind: 'failed'; incidentId: number; error: string }
  /** Over the person's budget: held into a digest. */
  | { kind: 'held'; incidentId: number }
  /** A delayed notification whose incident was acknowledged, mitigated or resolved first. */
  | { kind: 'cancelled'; incidentId: number }
  | { kind: 'skip' };

/** The page message for notification `n` of `incident`, with ack and resolve links for its recipient. */
export async function buildPageMessage(
  rt: Runtime,
  incident: IncidentRow,
  n: NotificationRow,
  now: Date,
): Promise<PageMessage> {
  const firstAlerts = await rt.db
    .select({ summary: alerts.summary, labels: alerts.labels })
    .from(alerts)
    .where(eq(alerts.incidentId, incident.id))
    .orderBy(asc(alerts.id))
    .limit(5);
  // Signed ack and resolve links for the recipient, or short ones for an SMS (notify/links.ts).
  const links = await actionLinks(rt, {
    incidentId: incident.id,
    recipient: n.recipient,
    channel: n.channel,
    now,
    userId: n.userId,
  });
  return {
    kind: 'page',
    incidentId: incident.id,
    // A drill's every message says so, whatever the provider renders (subject, chat card, SMS, voice).
    title: incident.drill ? `${DRILL_MARK} ${incident.title}` : incident.title,
    levelText: incident.risk ? 'risk' : formatLevels(incident.levels) || 'ungraded',
    status: incident.status,
    service: incident.service,
    step: n.idempotencyKey.split(':')[1] ?? 'initial',
    incidentUrl: `${rt.publicUrl}/incidents/${incident.id}`,
    ackUrl: links.ackUrl,
    resolveUrl: links.resolveUrl,
    alerts: firstAlerts,
    deliveryId: createHash('sha256').update(n.idempotencyKey).digest('hex').slice(0, 32),
  };
}
