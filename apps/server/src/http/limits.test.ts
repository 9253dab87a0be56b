import { describe, expect, it } from 'vitest';
import { ClientConnections } from './limits.ts';

describe('ClientConnections', () => {
  it('admits up to the cap per client address, and again once one closes', () => {
    const c = new ClientConnections(2);
    expect(c.admit('10.0.0.1')).toBe(true);
    expect(c.admit('10.0.0.1')).toBe(true);
    expect(c.admit('10.0.0.1')).toBe(false);
    // Another address has its own count.
    expect(c.admit('10.0.0.2')).toBe(true);
    c.release('10.0.0.1');
    expect(c.count('10.0.0.1')).toBe(1);
    expect(c.admit('10.0.0.1')).toBe(true);
    expect(c.admit('10.0.0.1')).toBe(false);
  });

  it('forgets an address with no open connection', () => {
    const c = new ClientConnections(1);
    c.admit('::1');
    c.release('::1');
    expect(c.count('::1')).toBe(0);
    expect(c.admit('::1')).toBe(true);
  });

  it('admits every connection when the cap is 0', () => {
    const c = new ClientConnections(0);
    for (let i = 0; i < 1000; i++) expect(c.admit('10.0.0.1')).toBe(true);
  });
});
