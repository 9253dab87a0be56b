import { describe, expect, it } from 'vitest';
import { budgetDecision } from './budget.ts';

const at = (min: number) => new Date(Date.UTC(2026, 10, 21, 12, min));
const budget = { max: 3, perMinutes: 10 };

describe('budgetDecision', () => {
  it('allows up to max sends in the window', () => {
    expect(budgetDecision([], at(0), budget)).toEqual({ allowed: true });
    expect(budgetDecision([at(0), at(1)], at(2), budget)).toEqual({ allowed: true });
  });

  it('holds the max+1-th until the oldest counted send leaves the window', () => {
    expect(budgetDecision([at(0), at(1), at(2)], at(3), budget)).toEqual({ allowed: false, until: at(10) });
    expect(budgetDecision([at(2), at(0), at(1), at(5)], at(6), budget)).toEqual({ allowed: false, until: at(11) });
  });

  it('sends older than the window do not count', () => {
    expect(budgetDecision([at(0), at(1), at(2)], at(10), budget)).toEqual({ allowed: true });
    expect(budgetDecision([at(0), at(1), at(2)], at(9), budget)).toEqual({ allowed: false, until: at(10) });
  });
});
