import type { PermissionName, SessionInfo } from '@faultline/contracts';

/**
 * Whether the signed-in principal may do `permission`, on data of `team` when given (the server's answer in
 * `GET /api/v1/session`: server-wide `permissions` and per-team `teamPermissions`). The console uses it only
 * to hide what would be refused; the server checks every request itself.
 */
export function may(
  session: SessionInfo | null | undefined,
  permission: PermissionName,
  team?: string | null,
): boolean {
  if (!session) return false;
  if (team && session.teamPermissions?.[team]?.includes(permission)) return true;
  // A team-limited token holds nothing server-wide; its team's permissions are listed under the team.
  return session.permissions?.includes(permission) ?? false;
}
