/**
 * Who makes a change, as verbs receive it: the principal (for permission checks and the audit log's actor),
 * the request id (to find the request in the logs), and the time of the change.
 */
import type { Principal } from './roles.ts';

export interface Actor {
  principal: Principal;
  requestId?: string | null;
  now: Date;
}

/** The actor of changes the server makes on its own (config sync, first single sign-on). */
export function systemActor(now: Date, name = 'system'): Actor {
  return {
    principal: { name, role: 'admin', kind: 'api', userId: null, teamRoles: {}, tokenTeam: null, scopes: null },
    now,
  };
}
