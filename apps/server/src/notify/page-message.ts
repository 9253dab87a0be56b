/** The page message of a notification, and the outcome of one delivery (shared by deliver*.ts). */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Runtime } from '../runtime.ts';
import { alerts, type incidents, type notifications } from '../db/schema/index.ts';
import { signLink } from '../auth/signed-link.ts';
import type { PageMessage } from './provider.ts';
import { formatLevels } from '../incident/view.ts';

/** Ack links stay valid for 7 days. */
const ACK_LINK_TTL_S = 7 * 24 * 3600;

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

/** The page message for notification `n` of `incident`, with a signed ack link for its recipient. */
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
  const token = signLink(
    {
      action: 'ack',
      incidentId: incident.id,
      recipient: n.recipient,
      exp: Math.floor(now.getTime() / 1000) + ACK_LINK_TTL_S,
    },
    rt.linkSecret,
  );
  return {
    kind: 'page',
    incidentId: incident.id,
    title: incident.title,
    levelText: incident.risk ? 'risk' : formatLevels(incident.levels) || 'ungraded',
    status: incident.status,
    service: incident.service,
    step: n.idempotencyKey.split(':')[1] ?? 'initial',
    incidentUrl: `${rt.publicUrl}/incidents/${incident.id}`,
    ackUrl: `${rt.publicUrl}/ack/${token}`,
    alerts: firstAlerts,
    deliveryId: createHash('sha256').update(n.idempotencyKey).digest('hex').slice(0, 32),
  };
}
