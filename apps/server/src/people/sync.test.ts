import { describe, expect, it } from 'vitest';
import { configServerRoles } from './sync.ts';

const member = (email: string, role?: string) => ({ name: email, email, timeZone: 'UTC', ...(role ? { role } : {}) });

describe('the server-wide role of config members', () => {
  it('is stakeholder only for someone every team lists as a stakeholder', () => {
    const roles = configServerRoles({
      teams: [
        { id: 'payments', members: [member('Stella@Example.com', 'stakeholder'), member('rita@example.com')] },
        { id: 'storefront', members: [member('sam@example.com', 'stakeholder'), member('rita@example.com', 'viewer')] },
        { id: 'audit', members: [member('sam@example.com', 'manager')] },
      ],
    } as never);
    expect(Object.fromEntries(roles)).toEqual({
      'stella@example.com': 'stakeholder',
      'rita@example.com': 'viewer',
      'sam@example.com': 'viewer',
    });
  });

  it('reads a team declared twice once, as the sync does', () => {
    const roles = configServerRoles({
      teams: [
        { id: 'payments', members: [member('ann@example.com', 'stakeholder')] },
        { id: 'payments', members: [member('ann@example.com', 'manager')] },
      ],
    } as never);
    expect(roles.get('ann@example.com')).toBe('stakeholder');
  });
});
