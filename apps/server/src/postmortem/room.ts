/**
 * The seam between the postmortem and the response room (issue 10: "uses the response room's key times,
 * roles and changes where they exist"). The room's roles and its change tracking are not stored yet, so
 * {@link RoomFacts} is filled from what incidents hold today: the coordinator is the person who acknowledged
 * (the first responder is the de facto coordinator until roles are assigned), the milestones are the
 * incident's lifecycle columns, and no change is linked. {@link loadRoomFacts} reads the room itself (its key
 * times and roles) and the changes judged on the incident; the postmortem's opening and its review meeting use
 * it, and the pure {@link readRoomFacts} remains for what only has the incident row.
 */
import { asc, eq } from 'drizzle-orm';
import { changeVerdicts, changes } from '../changes/index.ts';
import type { Db } from '../db/index.ts';
import { incidentKeyTimes, incidentRoles, type Milestones, type RoleId } from '../response/index.ts';

/** What the postmortem reads from the response room. */
export interface RoomFacts {
  /** The coordinator (an email or name), the default postmortem owner; null when nobody is known. */
  coordinator: string | null;
  /** The handler (first responder), invited to the review meeting. */
  handler: string | null;
  /** Key times of the incident (UTC). */
  milestones: Milestones;
  /** Changes linked to the incident (ids or descriptions), for the prevention focus point. */
  linkedChanges: string[];
}

/** The incident columns the seam reads today. */
export interface IncidentLifecycle {
  acknowledgedBy: string | null;
  impactStartedAt: Date | null;
  detectedAt: Date | null;
  createdAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

/** The room's facts as far as the incident row holds them (see the file comment). */
export function readRoomFacts(i: IncidentLifecycle): RoomFacts {
  const m: Milestones = {};
  if (i.impactStartedAt) m.impact_started_at = i.impactStartedAt;
  m.detected_at = i.detectedAt ?? i.createdAt;
  if (i.acknowledgedAt) m.acknowledged_at = i.acknowledgedAt;
  if (i.mitigatedAt) m.mitigated_at = i.mitigatedAt;
  if (i.resolvedAt) m.resolved_at = i.resolvedAt;
  if (i.closedAt) m.closed_at = i.closedAt;
  return { coordinator: i.acknowledgedBy, handler: i.acknowledgedBy, milestones: m, linkedChanges: [] };
}

/**
 * The room's facts for incident `i`, from the response room and the changes: the key times as the room
 * shows them (lifecycle columns overlaid by edited and tagged key times), the coordinator and the
 * responder holding their role now (else the one who held it first; else the acknowledger, as
 * {@link readRoomFacts}), and the changes people judged `caused` or `suspect` on the incident (newest
 * verdict per change), as `#id kind: summary`.
 * @throws AppError NOT_FOUND when the incident does not exist
 */
export async function loadRoomFacts(db: Db, i: IncidentLifecycle & { id: number }): Promise<RoomFacts> {
  const base = readRoomFacts(i);
  const [milestones, roles, verdicts] = await Promise.all([
    incidentKeyTimes(db, i.id),
    incidentRoles(db, i.id),
    db
      .select({
        changeId: changeVerdicts.changeId,
        verdict: changeVerdicts.verdict,
        kind: changes.kind,
        summary: changes.summary,
      })
      .from(changeVerdicts)
      .innerJoin(changes, eq(changes.id, changeVerdicts.changeId))
      .where(eq(changeVerdicts.incidentId, i.id))
      .orderBy(asc(changeVerdicts.id)),
  ]);
  const holder = (role: RoleId): string | null =>
    roles.slots[role]?.holder ?? roles.tenures.find((t) => t.role === role)?.holder ?? null;
  const newest = new Map<number, (typeof verdicts)[number]>();
  for (const v of verdicts) newest.set(v.changeId, v);
  const linkedChanges = [...newest.values()]
    .filter((v) => v.verdict === 'caused' || v.verdict === 'suspect')
    .map((v) => `#${v.changeId} ${v.kind}: ${v.summary} (${v.verdict})`);
  return {
    coordinator: holder('coordinator') ?? base.coordinator,
    handler: holder('responder') ?? base.handler,
    milestones,
    linkedChanges,
  };
}
