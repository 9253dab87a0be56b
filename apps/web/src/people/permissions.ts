import type { PermissionName, SessionInfo } from '@faultline/contracts';
import { may } from '../auth/permissions.ts';

/**
 * Whether the principal holds `permission` server-wide or on at least one team (e.g. to offer "New schedule"
 * at all, before a team is chosen). Reads the session's permission lists, as `may` does.
 */
export function maySomewhere(session: SessionInfo | null | undefined, permission: PermissionName): boolean {
  if (may(session, permission)) return true;
  return Object.values(session?.teamPermissions ?? {}).some((list) => list.includes(permission));
}
