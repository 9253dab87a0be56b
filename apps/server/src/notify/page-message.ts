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
import { actionLinks, checkInLinks, providerOfChannel } from './links.ts';
import type { PageCheckIn, PageMessage } from './provider.ts';
import type { Db } from '../db/index.ts';
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
  const incidentUrl = `${rt.publicUrl}/incidents/${incident.id}`;
  const checkIn = await pageCheckIn(rt, incident, n, incidentUrl, now);
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
    incidentUrl,
    ackUrl: links.ackUrl,
    resolveUrl: links.resolveUrl,
    ...(checkIn ? { checkIn } : {}),
    alerts: firstAlerts,
    deliveryId: createHash('sha256').update(n.idempotencyKey).digest('hex').slice(0, 32),
  };
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /**
     * Whether an incident at `levels` (`{P: 1}`; `{}` for a risk) forms a response group: the response
     * domain's `responsePolicy`, handed in by the composition root (response imports notify, not the reverse).
     */
    formsResponseGroup(levels: Readonly<Record<string, number>>): boolean;
  }
}

/**
 * The check-in links of page `n`, or null when the incident forms no response group (or has ended). A person's
 * page links to their signed check-in page; a channel's to the room (notify/links.ts `checkInLinks`).
 */
async function pageCheckIn(
  rt: Runtime,
  incident: IncidentRow,
  n: NotificationRow,
  incidentUrl: string,
  now: Date,
): Promise<PageCheckIn | null> {
  if (incident.risk || ENDED.has(incident.status) || !rt.formsResponseGroup(incident.levels)) return null;
  const person = n.userId === null ? null : await personOf(rt.db, n.userId);
  return checkInLinks(rt, {
    incidentId: incident.id,
    incidentUrl,
    person,
    providerId: providerOfChannel(rt, n.channel),
    now,
  });
}

/** Statuses in which check-in is over (response's `checkIn` refuses them). */
const ENDED = new Set(['resolved', 'closed', 'cancelled']);

async function personOf(db: Db, userId: number): Promise<{ email: string; userId: number } | null> {
  const [u] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  return u ? { email: u.email, userId } : null;
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
