import { describe, expect, it } from 'vitest';
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS, sessionLive, type SessionState } from './session-lifetime.ts';

const START = new Date('2026-11-21T14:00:00Z');
const at = (ms: number) => new Date(START.getTime() + ms);
const HOUR = 3_600_000;

const person = (over: Partial<SessionState> = {}): SessionState => ({
  createdAt: START,
  expiresAt: at(SESSION_ABSOLUTE_MS),
  lastUsedAt: null,
  userId: 7,
  parentId: null,
  parent: { found: false, revokedAt: null, expiresAt: null },
  ...over,
});
const fromToken = (parent: Partial<SessionState['parent']> = {}, over: Partial<SessionState> = {}) =>
  person({ userId: null, parentId: 3, parent: { found: true, revokedAt: null, expiresAt: null, ...parent }, ...over });

describe('sessionLive', () => {
  it('lives for the idle lifetime after its start or its last use, and not a millisecond longer', () => {
    expect(SESSION_IDLE_MS).toBe(24 * HOUR);
    expect(sessionLive(person(), at(SESSION_IDLE_MS - 1))).toBe(true);
    expect(sessionLive(person(), at(SESSION_IDLE_MS))).toBe(false);
    const used = person({ lastUsedAt: at(30 * HOUR) });
    expect(sessionLive(used, at(30 * HOUR + SESSION_IDLE_MS - 1))).toBe(true);
    expect(sessionLive(used, at(30 * HOUR + SESSION_IDLE_MS))).toBe(false);
  });

  it('ends at its absolute lifetime however recently it was used, and at an earlier expiry', () => {
    expect(SESSION_ABSOLUTE_MS).toBe(7 * 24 * HOUR);
    const busy = person({ lastUsedAt: at(SESSION_ABSOLUTE_MS - 1000) });
    expect(sessionLive(busy, at(SESSION_ABSOLUTE_MS - 1))).toBe(true);
    expect(sessionLive(busy, at(SESSION_ABSOLUTE_MS))).toBe(false);
    // A stored expiry later than the absolute lifetime (a row written by an older server) does not extend it.
    expect(sessionLive({ ...busy, expiresAt: at(30 * 24 * HOUR) }, at(SESSION_ABSOLUTE_MS))).toBe(false);
    expect(sessionLive({ ...busy, expiresAt: null }, at(SESSION_ABSOLUTE_MS))).toBe(false);
    const short = person({ expiresAt: at(2 * HOUR), lastUsedAt: at(HOUR) });
    expect(sessionLive(short, at(2 * HOUR - 1))).toBe(true);
    expect(sessionLive(short, at(2 * HOUR))).toBe(false);
  });

  it('lives only while the token it was started with is valid', () => {
    expect(sessionLive(fromToken(), at(HOUR))).toBe(true);
    expect(sessionLive(fromToken({ revokedAt: at(HOUR) }), at(HOUR))).toBe(false);
    expect(sessionLive(fromToken({ expiresAt: at(HOUR) }), at(HOUR - 1))).toBe(true);
    expect(sessionLive(fromToken({ expiresAt: at(HOUR) }), at(HOUR))).toBe(false);
    expect(sessionLive(fromToken({ found: false }), at(HOUR))).toBe(false);
    // A personal token's session: bound to the token even though it also has a person.
    expect(sessionLive(fromToken({ revokedAt: at(0) }, { userId: 7 }), at(HOUR))).toBe(false);
  });

  it('a session bound to neither a person nor a token is not live', () => {
    expect(sessionLive(person({ userId: null }), at(HOUR))).toBe(false);
  });
});
