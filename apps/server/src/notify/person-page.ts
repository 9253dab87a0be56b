/**
 * Paging a person (DESIGN §7): when a step, the on-call list or the leadership page names an email that
 * belongs to a user, the person is notified through their own rules for the incident's urgency — one
 * notification per matching rule, due at page time + the rule's delay — instead of one email.
 *
 * Rules (docs/notifications.md):
 * - Only verified, enabled contact methods are used. A person whose rules for the urgency name none of them
 *   (or who has no rule for it) is notified once, at once, on their first verified method (`fallback`).
 * - A person with no verified method is not paged; the caller notes "X has no verified contact method: not
 *   paged" and counts them as nobody for the step.
 * - An email that is no (enabled) user's is paged as before: one email to the bare address.
 * - Idempotency key of a person's notification: `<incident>:<step>:u<userId>:<kind>-<contactMethodId>:<slot>`,
 *   where `<step>` is the page's step key (e.g. `initial:ppayments:s0:r0`, `leadership-P1`) and `<slot>` is
 *   the rule's index in the person's rule list for that urgency (`f` for the fallback, `after<id>` for the
 *   method tried after notification `<id>` failed). The `(incident, step, user, channel, attempt)` of the
 *   issue: the slot is the attempt.
 */
import { and, asc, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { PlannedNotification } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import { contactMethods, notificationRules } from './tables.ts';
import { users } from '../people/index.ts';
import type { Urgency } from './urgency.ts';
import { keepDrillParticipants, type KnownDrill } from './drill.ts';
import { insertNotificationWithJob } from './outbox.ts';

/** A person found for an email. */
export interface Person {
  userId: number;
  name: string;
  email: string;
}

/** One planned notification and its key slot. */
export interface PlannedSlot extends PlannedNotification {
  /** The key's last part: the rule index, or `f` for the fallback. */
  slot: string;
}

/**
 * The enabled users among `emails` (compared case-insensitively).
 * @returns lower-cased email → person
 */
export async function findPeople(db: Db, emails: readonly string[]): Promise<Map<string, Person>> {
  const wanted = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ userId: users.id, name: users.name, email: users.email })
    .from(users)
    // Emails are stored lower-case (people/tables.ts), so the unique index on email serves this lookup.
    .where(and(inArray(users.email, wanted), isNull(users.disabledAt)));
  return new Map(rows.map((r) => [r.email.toLowerCase(), r]));
}

type MethodRow = typeof contactMethods.$inferSelect;
const usable = (cm: MethodRow) => cm.verifiedAt !== null && cm.disabledAt === null;

/**
 * What paging each of `userIds` at `urgency` would do: per person, the notifications in due order (see the
 * module comment's rules). A person missing from the map, or mapped to `[]`, has no verified contact method
 * and would not be paged. Read-only; the simulator's "how and when".
 */
export async function notificationPlanFor(
  db: Db,
  userIds: readonly number[],
  urgency: Urgency,
): Promise<Map<number, PlannedSlot[]>> {
  const ids = [...new Set(userIds)];
  const out = new Map<number, PlannedSlot[]>();
  if (ids.length === 0) return out;
  // One query after another: `db` may be a transaction, whose one connection runs one query at a time.
  const people = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, ids));
  const methods = await db
    .select()
    .from(contactMethods)
    .where(and(inArray(contactMethods.userId, ids), isNotNull(contactMethods.verifiedAt)))
    .orderBy(asc(contactMethods.id));
  const rules = await db
    .select()
    .from(notificationRules)
    .where(and(inArray(notificationRules.userId, ids), eq(notificationRules.urgency, urgency)))
    .orderBy(asc(notificationRules.delayMinutes), asc(notificationRules.id));
  for (const person of people) {
    const own = methods.filter((m) => m.userId === person.id && usable(m));
    const byId = new Map(own.map((m) => [m.id, m]));
    const plan = (cm: MethodRow, delayMinutes: number, slot: string, fallback: boolean): PlannedSlot => ({
      userId: person.id,
      name: person.name,
      email: person.email,
      contactMethodId: cm.id,
      kind: cm.kind as PlannedSlot['kind'],
      address: cm.address,
      channelId: cm.channelId,
      delayMinutes,
      fallback,
      slot,
    });
    const planned = rules
      .filter((r) => r.userId === person.id)
      .flatMap((r, i) => {
        const cm = byId.get(r.contactMethodId);
        return cm ? [plan(cm, r.delayMinutes, String(i), false)] : [];
      });
    if (planned.length === 0 && own[0]) planned.push(plan(own[0], 0, 'f', true));
    out.set(person.id, planned);
  }
  return out;
}

/** The notification `channel` of a person's method: its kind, or the chat channel's id. */
export const channelOf = (m: { kind: string; channelId: string | null }): string =>
  m.kind === 'chat' && m.channelId ? m.channelId : m.kind;

/** `<incident>:<step>:u<userId>:` — every notification of one person for one page starts with it. */
export const personKeyPrefix = (incidentId: number, step: string, userId: number): string =>
  `${incidentId}:${step}:u${userId}:`;

/** The prefix of a person's notification key (see `personKeyPrefix`), or null for another key. */
export function prefixOfKey(key: string): string | null {
  const m = /^(.*:u\d+:)[^:]+:[^:]+$/.exec(key);
  return m ? m[1]! : null;
}

/**
 * Inserts one person notification (unless its key exists) and its delivery job due at `due`.
 * @returns whether it was created
 */
export async function insertPersonNotification(
  db: Db,
  opts: {
    incidentId: number;
    prefix: string;
    slot: string;
    userId: number;
    method: { id: number; kind: string; address: string; channelId: string | null };
    due: Date;
    now: Date;
  },
): Promise<boolean> {
  const id = await insertNotificationWithJob(db, {
    incidentId: opts.incidentId,
    idempotencyKey: `${opts.prefix}${opts.method.kind}-${opts.method.id}:${opts.slot}`,
    channel: channelOf(opts.method),
    recipient: opts.method.address,
    userId: opts.userId,
    contactMethodId: opts.method.id,
    due: opts.due,
    now: opts.now,
  });
  if (id === null) return false;
  return true;
}

/** What paging a list of emails did. */
export interface PeoplePaged {
  /** People with at least one planned notification, in input order. */
  paged: Person[];
  /** People with no verified contact method: not paged. */
  unreachable: Person[];
  /** Emails that are no user's: the caller pages them as bare addresses. */
  bare: string[];
  /** Notifications created (0 for a page that was already made). */
  created: number;
}

/**
 * Pages `emails` for incident `incidentId` at step key `step`: each person through their rules for
 * `urgency` (see the module comment). Call inside the transaction of the step or page.
 */
export async function pagePeople(
  db: Db,
  opts: {
    incidentId: number;
    step: string;
    emails: readonly string[];
    urgency: Urgency;
    now: Date;
    /** The incident's drill when the caller read it (absent: read here). */
    drill?: KnownDrill;
  },
): Promise<PeoplePaged> {
  // A drill pages its participants only (notify/drill.ts); the rest are noted and dropped here.
  const emails = await keepDrillParticipants(db, {
    incidentId: opts.incidentId,
    step: opts.step,
    addresses: opts.emails,
    now: opts.now,
    ...(opts.drill !== undefined ? { drill: opts.drill } : {}),
  });
  const found = await findPeople(db, emails);
  const plans = await notificationPlanFor(
    db,
    [...found.values()].map((p) => p.userId),
    opts.urgency,
  );
  const out: PeoplePaged = { paged: [], unreachable: [], bare: [], created: 0 };
  const seen = new Set<string>();
  for (const email of emails) {
    const key = email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const person = found.get(key);
    if (!person) {
      out.bare.push(email);
      continue;
    }
    const plan = plans.get(person.userId) ?? [];
    if (plan.length === 0) {
      out.unreachable.push(person);
      continue;
    }
    out.paged.push(person);
    const prefix = personKeyPrefix(opts.incidentId, opts.step, person.userId);
    for (const p of plan) {
      const due = new Date(opts.now.getTime() + p.delayMinutes * 60_000);
      const method = { id: p.contactMethodId, kind: p.kind, address: p.address, channelId: p.channelId };
      if (await insertPersonNotification(db, { ...opts, prefix, slot: p.slot, userId: person.userId, method, due }))
        out.created++;
    }
  }
  return out;
}

/** `X has no verified contact method: not paged`, the timeline's words for an unreachable person. */
export const unreachableNote = (p: Person): string =>
  `${p.name} (${p.email}) has no verified contact method: not paged`;
