import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '@faultline/contracts';
import { may } from './permissions.ts';

const viewerManagingStorefront: SessionInfo = {
  name: 'sam@example.com',
  role: 'viewer',
  userId: 2,
  teamRoles: { storefront: 'manager' },
  tokenTeam: null,
  scopes: null,
  permissions: ['incident:summary', 'incident:read', 'oncall:read'],
  teamPermissions: {
    storefront: ['incident:summary', 'incident:read', 'incident:respond', 'oncall:read', 'oncall:write', 'audit:read'],
  },
};

describe('may', () => {
  it('answers from the server-wide permissions, and from the team’s for team data', () => {
    expect(may(viewerManagingStorefront, 'incident:read')).toBe(true);
    expect(may(viewerManagingStorefront, 'incident:respond')).toBe(false);
    expect(may(viewerManagingStorefront, 'incident:respond', 'storefront')).toBe(true);
    expect(may(viewerManagingStorefront, 'incident:respond', 'payments')).toBe(false);
    expect(may(viewerManagingStorefront, 'incident:read', 'payments')).toBe(true);
  });

  it('is false when signed out or when the server sent no permissions', () => {
    expect(may(null, 'incident:summary')).toBe(false);
    expect(may({ name: 'admin', role: 'admin' }, 'incident:summary')).toBe(false);
  });
});
