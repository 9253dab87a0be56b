import type { SessionInfo } from '@faultline/contracts';
import { expect, it } from 'vitest';
import { maySomewhere } from './permissions.ts';

it('finds a permission held on any team, or server-wide', () => {
  const responder: SessionInfo = {
    name: 'ann@example.com',
    role: 'responder',
    permissions: ['oncall:read', 'incident:respond'],
    teamPermissions: { payments: ['oncall:read', 'oncall:write'] },
  };
  expect(maySomewhere(responder, 'oncall:write')).toBe(true);
  expect(maySomewhere(responder, 'oncall:read')).toBe(true);
  expect(maySomewhere(responder, 'people:admin')).toBe(false);
  expect(maySomewhere({ name: 'x', role: 'viewer', permissions: ['oncall:read'] }, 'oncall:write')).toBe(false);
  expect(maySomewhere(null, 'oncall:read')).toBe(false);
});
