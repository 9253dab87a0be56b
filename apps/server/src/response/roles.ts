/**
 * Incident roles (DESIGN §2, §7). The four ids are fixed (the API and timeline use them); their display
 * names are configurable (`response.roleNames`), and which of them are required depends on the level
 * (`response.levels.<key>.requiredRoles`).
 *
 * Duties from seed 004 §2.3 ("three roles typically act simultaneously"), plus the coordinator of Youzan's
 * process (seed 003: the fault coordinator synchronises business, technical and product teams) who owns the
 * incident. One person may hold several roles ("roles can be reused as needed", seed 004).
 */
import { ROLE_IDS, ResponseRoleId } from '@faultline/contracts';

/** The role ids, in the order the room shows them (the API's list: one list). */
export { ROLE_IDS };

/** An incident role id. */
export const RoleId = ResponseRoleId;
export type RoleId = ResponseRoleId;

/** Default display names (English; the console may translate). */
export const DEFAULT_ROLE_NAMES: Readonly<Record<RoleId, string>> = {
  coordinator: 'Coordinator',
  responder: 'Responder',
  investigator: 'Investigator',
  communicator: 'Communicator',
};

/** What each role does, shown beside the slot in the room. */
export const ROLE_DUTIES: Readonly<Record<RoleId, string>> = {
  coordinator: 'owns the incident: gathers the group, fills the roles, decides and escalates',
  responder: 'restores service as quickly as possible; recovery before root cause',
  investigator: "finds the cause, especially when the responder's methods fail",
  communicator: 'keeps stakeholders and the status page informed on cadence',
};

/**
 * The display name of a role.
 * @param names configured names (`response.roleNames`); a missing entry falls back to the default
 */
export function roleName(role: RoleId, names: Partial<Record<RoleId, string>> = {}): string {
  return names[role] ?? DEFAULT_ROLE_NAMES[role];
}

/** `roles` without duplicates, in the canonical order of `ROLE_IDS`. */
export function canonicalRoles(roles: Iterable<RoleId>): RoleId[] {
  const set = new Set(roles);
  return ROLE_IDS.filter((r) => set.has(r));
}
