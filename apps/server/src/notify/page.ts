/**
 * Paging (first cut of DESIGN §7): the owning team's current on-call responders, or the business line's
 * leadership for P1/P2, by email. Each page is a notification row with an idempotency key
 * `(incident, step, recipient, channel)` plus a delivery job, written in the caller's transaction
 * (transactional outbox).
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { incidents, addTimeline } from '../incident/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { pagePeople, unreachableNote } from './person-page.ts';
import { urgencyOf } from './urgency.ts';
import { drillParticipants, keepDrillParticipants, type KnownDrill } from './drill.ts';
import { insertNotificationWithJob } from './outbox.ts';

export interface PageRequest {
  incidentId: number;
  team: string | null;
  /** The incident's service (its business line gives the leadership list). */
  service: string | null;
  /** Why this page is sent, e.g. `initial`, `upgrade-P1`, `leadership-P1`; part of the idempotency key. */
  step: string;
  /** `oncall` (the team's responders) or `leadership` (the business line's list). */
  audience: 'oncall' | 'leadership';
  now: Date;
}

function recipientsOf(catalog: Catalog, req: PageRequest): { emails: string[]; nobody: string } {
  if (req.audience === 'leadership') {
    const svc = req.service ? catalog.service(req.service) : undefined;
    const line = svc ? catalog.businessLine(svc.businessLine) : undefined;
    return {
      emails: [...(line?.leadership ?? [])],
      nobody: 'no leadership to tell',
    };
  }
  const team = req.team ? catalog.team(req.team) : undefined;
  return {
    emails: (team?.oncall ?? []).map((m) => m.email),
    nobody: req.team
      ? `nobody is on call for team ${req.team}: nobody was paged`
      : 'the incident has no owning team: nobody was paged',
  };
}

/** Idempotency key of one notification: `(incident, step, recipient, channel)`. */
export function notificationKey(incidentId: number, step: string, recipient: string, channel: string): string {
  return `${incidentId}:${step}:${recipient}:${channel}`;
}

/**
 * Creates the notifications and delivery jobs for a page (or a timeline entry saying nobody could be told); a page that was already created (same key) is
 * not created again. An email that belongs to a user pages that person through their notification rules
 * (notify/person-page.ts); a person with no verified contact method is noted and not paged; any other email
 * gets one email as before. Returns the number of new notifications.
 */
export async function sendPage(db: Db, cfg: LoadedConfig, req: PageRequest): Promise<number> {
  // A drill's on-call page goes to its participants instead of the team's on-call list.
  const drill = req.audience === 'oncall' ? await drillParticipants(db, req.incidentId) : null;
  const { emails: listed, nobody } = drill
    ? { emails: [...drill], nobody: 'the drill has no participants: nobody was paged' }
    : recipientsOf(cfg.catalog, req);
  // An empty leadership list is a choice of the config, not a failed page.
  if (listed.length === 0 && req.audience === 'leadership') return 0;
  if (listed.length === 0) {
    await addTimeline(db, {
      incidentId: req.incidentId,
      at: req.now,
      kind: 'notification_failed',
      actor: 'system',
      message: nobody,
      data: { step: req.step, audience: req.audience },
    });
    return 0;
  }
  const [incident] = await db
    .select({ levels: incidents.levels, risk: incidents.risk })
    .from(incidents)
    .where(eq(incidents.id, req.incidentId));
  const urgency = urgencyOf(incident ?? { levels: {}, risk: false }, cfg.config.notify.urgency);
  const people = await pagePeople(db, {
    incidentId: req.incidentId,
    step: req.step,
    emails: listed,
    urgency,
    now: req.now,
  });
  for (const u of people.unreachable) {
    await addTimeline(db, {
      incidentId: req.incidentId,
      at: req.now,
      kind: 'notification_failed',
      actor: 'system',
      message: unreachableNote(u),
      data: { step: req.step, audience: req.audience, userId: u.userId },
    });
  }
  if (req.audience === 'oncall' && people.paged.length === 0 && people.bare.length === 0) {
    await addTimeline(db, {
      incidentId: req.incidentId,
      at: req.now,
      kind: 'notification_failed',
      actor: 'system',
      message: `nobody on call for team ${req.team} has a verified contact method: nobody was paged`,
      data: { step: req.step, audience: req.audience },
    });
    return 0;
  }
  const emails = people.bare;
  let created = people.created;
  for (const email of emails) {
    if (
      await pageAddress(db, { incidentId: req.incidentId, step: req.step, channel: 'email', to: email, now: req.now })
    )
      created++;
  }
  return created;
}

/**
 * Pages an address that is no person's contact method — an email address or a channel (`channel` is
 * `email` or a channel id, `to` the address or the channel id): inserts the notification and its delivery
 * job unless one with the same idempotency key exists. Call inside the transaction that causes the page.
 * @returns whether it created one (false: this step already paged that address)
 */
export async function pageAddress(
  db: Db,
  p: {
    incidentId: number;
    step: string;
    channel: string;
    to: string;
    now: Date;
    /** The incident's drill when the caller read it (absent: read here). */
    drill?: KnownDrill;
  },
): Promise<boolean> {
  // A drill pages its participants only: never a channel, never an address outside the drill.
  const kept = await keepDrillParticipants(db, {
    incidentId: p.incidentId,
    step: p.step,
    addresses: [p.to],
    now: p.now,
    ...(p.drill !== undefined ? { drill: p.drill } : {}),
  });
  if (kept.length === 0) return false;
  const id = await insertNotificationWithJob(db, {
    incidentId: p.incidentId,
    idempotencyKey: notificationKey(p.incidentId, p.step, p.to, p.channel),
    channel: p.channel,
    recipient: p.to,
    due: p.now,
    now: p.now,
  });
  if (id === null) return false;
  return true;
}
