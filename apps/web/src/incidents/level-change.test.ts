import { describe, expect, it } from 'vitest';
import { levelChangeDirection, levelChoices } from './level-change.ts';

describe('levelChangeDirection', () => {
  it('treats a smaller number as more severe', () => {
    expect(levelChangeDirection(3, 2)).toBe('upgrade');
    expect(levelChangeDirection(2, 3)).toBe('downgrade');
    expect(levelChangeDirection(2, 2)).toBe('same');
  });
  it('treats a first level as an upgrade and clearing as a downgrade', () => {
    expect(levelChangeDirection(undefined, 4)).toBe('upgrade');
    expect(levelChangeDirection(1, null)).toBe('downgrade');
    expect(levelChangeDirection(undefined, null)).toBe('same');
  });
});

describe('levelChoices', () => {
  it('offers 1 to 4, and deeper levels when one is in use', () => {
    expect(levelChoices()).toEqual([1, 2, 3, 4]);
    expect(levelChoices(6, undefined)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
