/** What `GET /api/v1/session` tells the console about the signed-in principal, so it can hide what is not allowed. */
import type { SessionInfo } from '@faultline/contracts';
import { can, PERMISSIONS, type Permission, type Principal } from '../kernel/index.ts';

const ALL = Object.keys(PERMISSIONS) as Permission[];

/** The principal with its server-wide permissions and its permissions on each of its teams. */
export function sessionInfo(p: Principal): SessionInfo {
  const teams = new Set(Object.keys(p.teamRoles));
  if (p.tokenTeam) teams.add(p.tokenTeam);
  return {
    name: p.name,
    role: p.role,
    userId: p.userId,
    teamRoles: { ...p.teamRoles },
    tokenTeam: p.tokenTeam,
    scopes: p.scopes ? [...p.scopes] : null,
    permissions: ALL.filter((perm) => can(p, perm)),
    teamPermissions: Object.fromEntries([...teams].sort().map((t) => [t, ALL.filter((perm) => can(p, perm, t))])),
  };
}
