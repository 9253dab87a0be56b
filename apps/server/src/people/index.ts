/**
 * People: users, teams, memberships and invitations, and the config-team sync.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { peopleConfig } from './config.ts';
export type { MemberConfig } from './config.ts';
export { lintPeople, oncallMembers } from './lint.ts';
export { verifyPassword } from './passwords.ts';
export { routes } from './routes.ts';
export { syncConfigPeople } from './sync.ts';
export { teamMembers, teams, users } from './tables.ts';
export {
  createUser,
  findUserByEmail,
  getUser,
  listDirectory,
  listUsers,
  listUsersFor,
  me,
  normalEmail,
  readUser,
  updateUser,
  userView,
} from './users.ts';
export { inviteUser, requestPasswordReset, setPasswordWithLink } from './password-links.ts';
export { userForOidc } from './oidc-link.ts';
export type { OidcIdentity } from './oidc-link.ts';
