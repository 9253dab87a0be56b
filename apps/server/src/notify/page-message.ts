/** The page message of a notification, and the outcome of one delivery (shared by deliver*.ts). */
import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { Runtime } from '../kernel/index.ts';
import { localeOf, type Locale } from '@faultline/i18n';
import { alerts, type incidents, formatLevels } from '../incident/index.ts';
import { levelsInWords } from '../levels/index.ts';
import { users } from '../people/index.ts';
import { translatorFor } from './words.ts';
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
  const reader = await readerOf(rt, n);
  return {
    kind: 'page',
    locale: reader.locale,
    timeZone: reader.timeZone,
    incidentId: incident.id,
    // A drill's every message says so, whatever the provider renders (subject, chat card, SMS, voice).
    title: incident.drill ? `${DRILL_MARK} ${incident.title}` : incident.title,
    levelText: levelsInWords(incident, rt.config().config.levels.sequences, translatorFor(reader.locale)),
    levelCode: incident.risk ? 'risk' : formatLevels(incident.levels) || 'ungraded',
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

/**
 * Who reads notification `n`, and so its language and time zone: the person's `locale` and `timeZone` when it is a
 * person's; else the group channel's configured `language` (UTC) when it is a channel post; else English, UTC.
 */
export async function readerOf(rt: Runtime, n: NotificationRow): Promise<{ locale: Locale; timeZone: string }> {
  if (n.userId !== null) {
    const [u] = await rt.db
      .select({ locale: users.locale, timeZone: users.timeZone })
      .from(users)
      .where(eq(users.id, n.userId))
      .limit(1);
    if (u) return { locale: localeOf(u.locale), timeZone: validZone(u.timeZone) };
  }
  return { locale: channelLocale(rt, n.channel), timeZone: 'UTC' };
}

/** The configured `language` of channel `channelId` (English when it has none, or for `email`). */
export function channelLocale(rt: Runtime, channelId: string): Locale {
  return localeOf(rt.config().config.channels.find((c) => c.id === channelId)?.language);
}

/** `zone` when it is an IANA zone this runtime knows, else UTC (a stored zone is checked on write, but a runtime may lack one). */
function validZone(zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}
