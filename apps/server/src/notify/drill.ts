/**
 * The drill guard (issue 17 point 10): a fault drill pages only its participants. Every page of an incident —
 * an escalation step, the on-call list, leadership, a room reminder — ends in `pagePeople` or `pageAddress`,
 * and both ask this guard first, so a drill can never reach the real escalation policy's other people, a
 * leadership list or a team channel, whichever domain asked for the page.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { addTimeline, incidents } from '../incident/index.ts';

/** The lower-case emails a drill incident may page, or null for a real incident (no limit). */
export async function drillParticipants(db: Db, incidentId: number): Promise<ReadonlySet<string> | null> {
  const [row] = await db.select({ drill: incidents.drill }).from(incidents).where(eq(incidents.id, incidentId));
  return drillOf(row?.drill);
}

/** The words marking every message of a drill: email subjects, chat messages, SMS and voice. */
export const DRILL_MARK = '[DRILL]';

/**
 * What a caller that already read the incident's `drill` column knows: the drill's participants (lower-cased),
 * or null for a real incident. Passing it saves reading the incident again (issue 18: statements per step).
 */
export type KnownDrill = ReadonlySet<string> | null;

/** The participants of an incident's `drill` value (lower-cased), or null for a real incident. */
export function drillOf(drill: { participants: readonly string[] } | null | undefined): KnownDrill {
  return drill ? new Set(drill.participants.map((p) => p.toLowerCase())) : null;
}

/**
 * Splits `addresses` into those a drill may page and those it may not, and notes the latter on the
 * incident's timeline (one entry per page). For a real incident every address is kept. `drill`: the
 * incident's drill when the caller read it (absent: read here).
 */
export async function keepDrillParticipants(
  db: Db,
  p: { incidentId: number; step: string; addresses: readonly string[]; now: Date; drill?: KnownDrill },
): Promise<string[]> {
  if (p.addresses.length === 0) return [];
  const allowed = p.drill !== undefined ? p.drill : await drillParticipants(db, p.incidentId);
  if (!allowed) return [...p.addresses];
  const kept = p.addresses.filter((a) => allowed.has(a.toLowerCase()));
  const dropped = p.addresses.filter((a) => !allowed.has(a.toLowerCase()));
  if (dropped.length)
    await addTimeline(db, {
      incidentId: p.incidentId,
      at: p.now,
      kind: 'note',
      actor: 'system',
      message: `drill: ${dropped.join(', ')} not paged (not a participant of the drill)`,
      data: { drill: true, step: p.step, dropped },
    });
  return kept;
}
