import { describe, expect, it } from 'vitest';
import { emitOnce } from './once.ts';

describe('emitOnce', () => {
  const ev = (key: string, n = 0) => ({ key, n });

  it('keeps events whose key was not emitted, and adds their keys', () => {
    const r = emitOnce([ev('a'), ev('b'), ev('c')], ['b']);
    expect(r.events.map((e) => e.key)).toEqual(['a', 'c']);
    expect([...r.emitted].sort()).toEqual(['a', 'b', 'c']);
  });

  it('emits nothing the second time with the returned keys', () => {
    const first = emitOnce([ev('a')], []);
    expect(emitOnce([ev('a', 1)], first.emitted).events).toEqual([]);
  });

  it('keeps only the first of candidates sharing a key', () => {
    expect(emitOnce([ev('a', 1), ev('a', 2)], []).events).toEqual([ev('a', 1)]);
  });

  it('does not modify the set it was given', () => {
    const emitted = new Set(['x']);
    emitOnce([ev('a')], emitted);
    expect([...emitted]).toEqual(['x']);
  });
});
