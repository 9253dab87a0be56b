import { describe, expect, it } from 'vitest';
import { parseSilenceDuration } from './silence.ts';

describe('parseSilenceDuration', () => {
  it('reads days, hours and minutes as amtool does', () => {
    expect(parseSilenceDuration('90m')).toBe(90 * 60_000);
    expect(parseSilenceDuration('2h')).toBe(2 * 3_600_000);
    expect(parseSilenceDuration('1d12h')).toBe(36 * 3_600_000);
    expect(parseSilenceDuration('1h30m')).toBe(90 * 60_000);
  });

  it('refuses what is not a positive duration', () => {
    for (const bad of ['', '0m', '2x', 'h', '-1h', '1.5h', '30s']) expect(parseSilenceDuration(bad)).toBeNull();
  });
});
