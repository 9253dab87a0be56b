import { describe, expect, it } from 'vitest';
import { orderedLevels } from './level-badge.tsx';

describe('orderedLevels', () => {
  it('orders P, D, R, S first and other sequences alphabetically after them', () => {
    expect(orderedLevels({ S: 'S2', X: 'X1', P: 'P1', B: 'B3', D: 'D4' })).toEqual([
      ['P', 'P1'],
      ['D', 'D4'],
      ['S', 'S2'],
      ['B', 'B3'],
      ['X', 'X1'],
    ]);
  });
});
