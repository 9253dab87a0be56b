/**
 * The seam between the postmortem and the response room (issue 10: "uses the response room's key times,
 * roles and changes where they exist"). The room's roles and its change tracking are not stored yet, so
 * {@link RoomFacts} is filled from what incidents hold today: the coordinator is the person who acknowledged
 * (the first responder is the de facto coordinator until roles are assigned), the milestones are the
 * incident's lifecycle columns, and no change is linked. When the room lands, it replaces
 * {@link readRoomFacts} (one function) and the postmortem, its prefill and its checkpoints read the real
 * roles, every milestone (cause located, recovery started …) and the suspect changes.
 */
import type { Milestones } from '../response/index.ts';

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
