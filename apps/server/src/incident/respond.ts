/**
 * Acting on an incident from a message (DESIGN §7 "Ack/resolve from signed links, chat buttons and SMS
 * replies"): one verb for every medium, so a link, a Slack button, an SMS reply and a key pressed during a
 * call behave alike — the same timeline entry ("acknowledged by Ana via Slack"), the same idempotent answer to
 * a second click ("already acknowledged by Ana"), the same refusal of an incident in the wrong state.
 */
import { desc, eq, and } from 'drizzle-orm';
import type { Runtime } from '../kernel/index.ts';
import { incidents, timeline } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { users } from '../people/index.ts';
import { markAcknowledged } from './incidents.ts';
import { markResolved } from './resolve.ts';

/** What a person asks for. */
export type RespondAction = 'ack' | 'resolve';

/** Who acts: a person's display name and user id (null for a link whose recipient is no known user). */
export interface Responder {
  name: string;
  userId: number | null;
}

/** The incident as the answer describes it. */
export interface RespondedIncident {
  id: number;
  title: string;
  status: string;
  team: string | null;
}

/**
 * The result: `done` (this call changed the incident), `already` (it was already acknowledged or resolved,
 * by `by`), or `refused` (its state does not allow the action, e.g. acknowledging a resolved incident is
 * `already`, acknowledging a mitigated one is `refused`).
 */
export type RespondOutcome =
  | { kind: 'done'; action: RespondAction; incident: RespondedIncident }
  | { kind: 'already'; action: RespondAction; state: string; by: string | null; incident: RespondedIncident }
  | { kind: 'refused'; action: RespondAction; reason: string; incident: RespondedIncident };

const view = (r: typeof incidents.$inferSelect): RespondedIncident => ({
  id: r.id,
  title: r.title,
  status: r.status,
  team: r.team,
});

async function load(rt: Runtime, id: number) {
  const [row] = await rt.db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  return row;
}

/** The email the room knows `by` as: their account's, or the name itself when it is an address. */
async function emailOf(rt: Runtime, by: Responder): Promise<string | null> {
  if (by.userId !== null) {
    const [u] = await rt.db.select({ email: users.email }).from(users).where(eq(users.id, by.userId)).limit(1);
    if (u) return u.email;
  }
  return by.name.includes('@') ? by.name.toLowerCase() : null;
}

/** Who resolved incident `id` (the actor of its latest `resolved` entry), or null. */
async function resolvedBy(rt: Runtime, id: number): Promise<string | null> {
  const [entry] = await rt.db
    .select({ actor: timeline.actor })
    .from(timeline)
    .where(and(eq(timeline.incidentId, id), eq(timeline.kind, 'resolved')))
    .orderBy(desc(timeline.id))
    .limit(1);
  return entry?.actor ?? null;
}

/**
 * Acknowledges or resolves incident `incidentId` as `by`, who acted `via` a medium (`Slack`, `SMS reply`,
 * `email link`, `phone call` …). The caller has already decided that `by` may act (a valid signed link, or a
 * mapped user with the `incident:respond` permission).
 * @throws AppError NOT_FOUND when there is no such incident
 */
export async function respondToIncident(
  rt: Runtime,
  input: { incidentId: number; action: RespondAction; by: Responder; via: string },
): Promise<RespondOutcome> {
  const { incidentId: id, action, by, via } = input;
  const before = await load(rt, id);
  if (action === 'ack') {
    if (before.status === 'acknowledged') {
      return { kind: 'already', action, state: 'acknowledged', by: before.acknowledgedBy, incident: view(before) };
    }
    if (before.status === 'resolved' || before.status === 'closed') {
      return { kind: 'already', action, state: before.status, by: await resolvedBy(rt, id), incident: view(before) };
    }
    if (before.status !== 'triggered') {
      return {
        kind: 'refused',
        action,
        reason: `it is ${before.status}: its alerts stopped firing, so there is nothing to acknowledge; resolve it instead`,
        incident: view(before),
      };
    }
    await markAcknowledged(rt, id, by.name, via, await emailOf(rt, by));
    rt.wakeEngine(); // the room's watch it queued takes the acknowledger in
    const after = await load(rt, id);
    // Someone else may have acknowledged between the read and the write: then this call changed nothing.
    if (after.acknowledgedBy !== by.name) {
      return { kind: 'already', action, state: after.status, by: after.acknowledgedBy, incident: view(after) };
    }
    return { kind: 'done', action, incident: view(after) };
  }
  if (before.status === 'resolved' || before.status === 'closed') {
    return { kind: 'already', action, state: before.status, by: await resolvedBy(rt, id), incident: view(before) };
  }
  const { changed } = await markResolved(rt, id, by.name, via, { userId: by.userId });
  const after = await load(rt, id);
  if (!changed)
    return { kind: 'already', action, state: after.status, by: await resolvedBy(rt, id), incident: view(after) };
  return { kind: 'done', action, incident: view(after) };
}

const PAST: Record<RespondAction, string> = { ack: 'acknowledged', resolve: 'resolved' };

/**
 * One sentence for the person who acted, in plain text (an SMS, a Slack message, a spoken answer, a page):
 * "Acknowledged #42 Checkout is down.", "#42 was already acknowledged by Ana.", "#42 was not acknowledged: …".
 */
export function describeOutcome(o: RespondOutcome): string {
  const ref = `#${o.incident.id}`;
  switch (o.kind) {
    case 'done':
      return `${PAST[o.action][0]!.toUpperCase()}${PAST[o.action].slice(1)} ${ref} ${o.incident.title}.`;
    case 'already':
      return `${ref} was already ${o.state}${o.by ? ` by ${o.by}` : ''}.`;
    case 'refused':
      return `${ref} was not ${PAST[o.action]}: ${o.reason}.`;
  }
}
