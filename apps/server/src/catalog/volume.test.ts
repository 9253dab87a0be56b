import { describe, expect, it } from 'vitest';
import { deriveVolumeClass } from './volume.ts';
import { ModuleConfig } from './config.ts';

describe('deriveVolumeClass (seed 000 volume classes)', () => {
  it.each([
    [0, 'very-low'],
    [9.99, 'very-low'],
    [10, 'low'],
    [99.9, 'low'],
    [100, 'medium'],
    [1000, 'medium'],
    [1000.5, 'high'],
    [1001, 'high'],
    [50_000, 'high'],
  ] as const)('peak %s TPS is %s', (tps, expected) => {
    expect(deriveVolumeClass(tps, undefined)).toBe(expected);
  });

  it.each([
    [0, 'very-low'],
    [9_999, 'very-low'],
    [10_000, 'low'],
    [99_999, 'low'],
    [100_000, 'medium'],
    [1_000_000, 'medium'],
    [1_000_001, 'high'],
  ] as const)('%s a day is %s', (daily, expected) => {
    expect(deriveVolumeClass(undefined, daily)).toBe(expected);
  });

  it('the higher class of the two measures wins, whichever it is', () => {
    expect(deriveVolumeClass(1001, 9_999)).toBe('high');
    expect(deriveVolumeClass(5, 1_000_001)).toBe('high');
    expect(deriveVolumeClass(100, 10_000)).toBe('medium');
    expect(deriveVolumeClass(10, 100_000)).toBe('medium');
    expect(deriveVolumeClass(9, 9_999)).toBe('very-low');
    expect(deriveVolumeClass(50, 50_000)).toBe('low');
  });

  it('is undefined without either measure', () => {
    expect(deriveVolumeClass()).toBeUndefined();
    expect(deriveVolumeClass(undefined, undefined)).toBeUndefined();
  });

  it('a module config derives its volume when none is declared, and a declared one wins', () => {
    const mod = (extra: object) => ModuleConfig.parse({ id: 'm', tier: 'core', ...extra });
    expect(mod({ peakTps: 1001 }).volume).toBe('high');
    expect(mod({ dailyVolume: 10_000 }).volume).toBe('low');
    expect(mod({ volume: 'low', peakTps: 5000 }).volume).toBe('low');
    expect(ModuleConfig.safeParse({ id: 'm', tier: 'core' }).success).toBe(false);
  });
});
