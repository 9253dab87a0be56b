import type { PermissionName, SessionInfo } from '@faultline/contracts';

/** Least role that holds each permission (mirrors the server's table; used only when the session omits it). */
const LEAST_ROLE: Record<PermissionName, string> = {
  'incident:summary': 'stakeholder',
  'incident:read': 'viewer',
  'incident:respond': 'responder',
  'oncall:read': 'viewer',
  'oncall:write': 'manager',
  'people:contact': 'manager',
  'people:admin': 'admin',
  'audit:read': 'manager',
  'server:admin': 'admin',
};
const ROLES = ['stakeholder', 'viewer', 'responder', 'manager', 'admin'];

/**
 * Whether the signed-in principal may do `permission`, on data of `team` when given (the console hides what
 * is not allowed; the server still decides). Reads the session's `permissions` and `teamPermissions`; a server
 * that sends neither is answered from the role alone.
 */
export function sessionCan(
  session: SessionInfo | null | undefined,
  permission: PermissionName,
  team?: string | null,
): boolean {
  if (!session) return false;
  if (session.permissions) {
    if (session.permissions.includes(permission)) return true;
    if (team) return session.teamPermissions?.[team]?.includes(permission) ?? false;
    return false;
  }
  return ROLES.indexOf(session.role) >= ROLES.indexOf(LEAST_ROLE[permission]);
}

/** Whether the principal holds `permission` on at least one team (e.g. to offer "new schedule" at all). */
export function sessionCanSomewhere(session: SessionInfo | null | undefined, permission: PermissionName): boolean {
  if (sessionCan(session, permission)) return true;
  return Object.values(session?.teamPermissions ?? {}).some((list) => list.includes(permission));
}
