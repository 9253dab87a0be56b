import { describe, expect, it } from 'vitest';
import { urgencyOf } from './urgency.ts';
import { NotifyConfig } from './config.ts';

describe('urgencyOf', () => {
  it('by default, level 1 or 2 of any sequence is high and the rest low', () => {
    expect(urgencyOf({ levels: { P: 1 }, risk: false })).toBe('high');
    expect(urgencyOf({ levels: { P: 2 }, risk: false })).toBe('high');
    expect(urgencyOf({ levels: { P: 3 }, risk: false })).toBe('low');
    expect(urgencyOf({ levels: { P: 4, S: 2 }, risk: false })).toBe('high');
    expect(urgencyOf({ levels: { S: 3, P: 4 }, risk: false })).toBe('low');
  });

  it('an ungraded incident and a risk are low', () => {
    expect(urgencyOf({ levels: {}, risk: false })).toBe('low');
    expect(urgencyOf({ levels: { P: 1 }, risk: true })).toBe('low');
  });

  it('a configured list of labels replaces the default', () => {
    const config = { high: ['P1', 's3'] };
    expect(urgencyOf({ levels: { P: 1 }, risk: false }, config)).toBe('high');
    expect(urgencyOf({ levels: { P: 2 }, risk: false }, config)).toBe('low');
    expect(urgencyOf({ levels: { S: 3 }, risk: false }, config)).toBe('high');
    expect(urgencyOf({ levels: { P: 1 }, risk: true }, config)).toBe('low');
    expect(urgencyOf({ levels: { P: 1 }, risk: false }, { high: [] })).toBe('low');
  });

  it('the notify section defaults: no list, budget 10 per 10 minutes', () => {
    expect(NotifyConfig.parse({})).toEqual({ urgency: {}, budget: { max: 10, perMinutes: 10 } });
    expect(NotifyConfig.safeParse({ urgency: { high: ['P'] } }).success).toBe(false);
    expect(NotifyConfig.safeParse({ budget: { max: 0 } }).success).toBe(false);
  });
});
