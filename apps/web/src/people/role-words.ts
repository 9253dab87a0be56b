import type { MessageId } from '@faultline/i18n';

const ROLE_IDS: Record<string, MessageId> = {
  stakeholder: 'console.role.stakeholder',
  viewer: 'console.role.viewer',
  responder: 'console.role.responder',
  manager: 'console.role.manager',
  admin: 'console.role.admin',
};

/**
 * A role's name in the console's language (DESIGN.md's roles: stakeholder, viewer, responder, manager, admin); a
 * role the console does not know is shown as the server names it.
 */
export function roleLabel(role: string, t: (id: MessageId) => string): string {
  const id = ROLE_IDS[role];
  return id ? t(id) : role;
}
