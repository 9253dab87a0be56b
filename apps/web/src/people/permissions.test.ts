import type { SessionInfo } from '@faultline/contracts';
import { describe, expect, it } from 'vitest';
import { sessionCan, sessionCanSomewhere } from './permissions.ts';

describe('what the console offers a principal', () => {
  it('reads server-wide and per-team permissions from the session', () => {
    const session: SessionInfo = {
      name: 'ann@example.com',
      role: 'responder',
      permissions: ['oncall:read', 'incident:respond'],
      teamPermissions: { payments: ['oncall:read', 'oncall:write'] },
    };
    expect(sessionCan(session, 'oncall:read')).toBe(true);
    expect(sessionCan(session, 'oncall:write')).toBe(false);
    expect(sessionCan(session, 'oncall:write', 'payments')).toBe(true);
    expect(sessionCan(session, 'oncall:write', 'checkout')).toBe(false);
    expect(sessionCanSomewhere(session, 'oncall:write')).toBe(true);
    expect(sessionCanSomewhere(session, 'people:admin')).toBe(false);
  });

  it('falls back to the role when the session has no permission list', () => {
    expect(sessionCan({ name: 'x', role: 'manager' }, 'oncall:write')).toBe(true);
    expect(sessionCan({ name: 'x', role: 'viewer' }, 'oncall:write')).toBe(false);
    expect(sessionCan({ name: 'x', role: 'admin' }, 'people:admin')).toBe(true);
    expect(sessionCan(null, 'oncall:read')).toBe(false);
  });
});
