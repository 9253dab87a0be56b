import { describe, expect, it } from 'vitest';
import { PermissionName } from '@faultline/contracts';
import {
  can,
  PERMISSIONS,
  ROLES,
  roleAllows,
  roleFor,
  stronger,
  teamsWith,
  type Permission,
  type Principal,
  type Role,
} from './roles.ts';

const person = (role: Role, teamRoles: Principal['teamRoles'] = {}, extra: Partial<Principal> = {}): Principal => ({
  name: `${role}@example.com`,
  role,
  kind: 'session',
  userId: 1,
  teamRoles,
  tokenTeam: null,
  scopes: null,
  ...extra,
});

/** The whole table, written out by hand: a change to roles.ts must change this test too. */
const TABLE: Record<Permission, Record<Role, boolean>> = {
  'incident:summary': { stakeholder: true, viewer: true, responder: true, manager: true, admin: true },
  'incident:read': { stakeholder: false, viewer: true, responder: true, manager: true, admin: true },
  'incident:respond': { stakeholder: false, viewer: false, responder: true, manager: true, admin: true },
  'oncall:read': { stakeholder: false, viewer: true, responder: true, manager: true, admin: true },
  'oncall:write': { stakeholder: false, viewer: false, responder: false, manager: true, admin: true },
  'people:contact': { stakeholder: false, viewer: false, responder: false, manager: false, admin: true },
  'people:admin': { stakeholder: false, viewer: false, responder: false, manager: false, admin: true },
  'audit:read': { stakeholder: false, viewer: false, responder: false, manager: true, admin: true },
  'postmortem:review': { stakeholder: false, viewer: false, responder: false, manager: true, admin: true },
  'metrics:read': { stakeholder: false, viewer: true, responder: true, manager: true, admin: true },
  'server:admin': { stakeholder: false, viewer: false, responder: false, manager: false, admin: true },
};

describe('the role × permission table', () => {
  it('covers every permission, and the contracts list the same names', () => {
    expect(Object.keys(TABLE).sort()).toEqual(Object.keys(PERMISSIONS).sort());
    expect([...PermissionName.options].sort()).toEqual(Object.keys(PERMISSIONS).sort());
  });

  for (const permission of Object.keys(TABLE) as Permission[]) {
    for (const role of ROLES) {
      const allowed = TABLE[permission][role];
      it(`${role} ${allowed ? 'may' : 'may not'} ${permission}`, () => {
        expect(roleAllows(role, permission)).toBe(allowed);
        expect(can(person(role), permission)).toBe(allowed);
        expect(can(person(role), permission, 'payments')).toBe(allowed);
      });
    }
  }

  it('orders roles stakeholder < viewer < responder < manager < admin', () => {
    expect(ROLES).toEqual(['stakeholder', 'viewer', 'responder', 'manager', 'admin']);
    expect(stronger('viewer', 'manager')).toBe('manager');
    expect(stronger('admin', 'stakeholder')).toBe('admin');
  });
});

describe('team scoping', () => {
  const viewerManagingPayments = person('viewer', { payments: 'manager' });

  it("a team role raises the person's role for that team's data only", () => {
    expect(can(viewerManagingPayments, 'oncall:write', 'payments')).toBe(true);
    expect(can(viewerManagingPayments, 'incident:respond', 'payments')).toBe(true);
    expect(can(viewerManagingPayments, 'oncall:write', 'storefront')).toBe(false);
    expect(can(viewerManagingPayments, 'incident:respond', 'storefront')).toBe(false);
    expect(can(viewerManagingPayments, 'oncall:write')).toBe(false);
    expect(roleFor(viewerManagingPayments, 'payments')).toBe('manager');
    expect(roleFor(viewerManagingPayments, 'storefront')).toBe('viewer');
  });

  it("a team manager never gets their members' contact methods, nor adds people without consent", () => {
    expect(can(viewerManagingPayments, 'people:contact', 'payments')).toBe(false);
    expect(can(viewerManagingPayments, 'people:admin', 'payments')).toBe(false);
    expect(can(person('manager'), 'people:contact')).toBe(false);
  });

  it('a weaker team role never lowers the server-wide role', () => {
    const p = person('responder', { payments: 'stakeholder' });
    expect(can(p, 'incident:respond', 'payments')).toBe(true);
    expect(roleFor(p, 'payments')).toBe('responder');
  });

  it('teamsWith lists the teams where a team role grants the permission', () => {
    const p = person('stakeholder', { payments: 'responder', storefront: 'viewer' });
    expect(teamsWith(p, 'incident:respond')).toEqual(['payments']);
    expect(teamsWith(p, 'incident:read').sort()).toEqual(['payments', 'storefront']);
  });
});

describe('team-limited tokens', () => {
  const limited: Principal = { ...person('admin'), kind: 'api', userId: null, tokenTeam: 'payments' };

  it("act on their team's data with their role", () => {
    expect(can(limited, 'incident:read', 'payments')).toBe(true);
    expect(can(limited, 'incident:respond', 'payments')).toBe(true);
  });

  it("have no role on another team's data, on data of no team, or server-wide", () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      expect(can(limited, permission, 'storefront')).toBe(false);
      expect(can(limited, permission)).toBe(false);
      expect(can(limited, permission, null)).toBe(false);
    }
    expect(roleFor(limited, 'storefront')).toBeNull();
  });
});

describe('scopes', () => {
  const scoped = person('admin', {}, { kind: 'api', scopes: ['incident:read'] });

  it('narrow the role to the listed permissions', () => {
    expect(can(scoped, 'incident:read')).toBe(true);
    expect(can(scoped, 'incident:read', 'payments')).toBe(true);
    expect(can(scoped, 'incident:respond')).toBe(false);
    expect(can(scoped, 'server:admin')).toBe(false);
  });

  it('never widen it', () => {
    const viewer = person('viewer', {}, { scopes: ['incident:respond', 'server:admin'] });
    expect(can(viewer, 'incident:respond')).toBe(false);
    expect(can(viewer, 'server:admin')).toBe(false);
  });
});
