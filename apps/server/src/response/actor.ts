/**
 * Who acts in the room's reducers. People are identified by their stable handle (the lower-case email of
 * `users`); the caller normalises it. `override` is set by the verb, never by the client, after it checked
 * that the person may act with the coordinator's authority without holding the role (a team manager or an
 * admin, kernel/roles.ts).
 */

/** A person acting in the room. */
export interface PersonActor {
  kind: 'person';
  id: string;
  override?: boolean;
}

/** Faultline itself (auto-fill from an acknowledgement, a schedule, a rule). */
export interface AutomationActor {
  kind: 'automation';
  /** What acted, for history: `ack`, `schedule:primary`… */
  what: string;
}

export type Actor = PersonActor | AutomationActor;

/** How an actor appears in history: the person's id, or `automation:<what>`. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'person' ? actor.id : `automation:${actor.what}`;
}

/** A refused event: the error code the verb raises (`AppError`), the field it is about, and why. */
export interface Refusal {
  code: 'VALIDATION' | 'CONFLICT' | 'FORBIDDEN' | 'NOT_FOUND';
  path: string;
  message: string;
}
