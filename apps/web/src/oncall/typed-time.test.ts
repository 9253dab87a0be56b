import { describe, expect, it } from 'vitest';
import { formatClockTime, parseTypedTime } from './typed-time.ts';

describe('parseTypedTime', () => {
  it('reads an hour alone as the full hour: 18 is 18:00, not 10:08', () => {
    expect(parseTypedTime('18')).toEqual({ hours: 18, minutes: 0 });
    expect(parseTypedTime('6')).toEqual({ hours: 6, minutes: 0 });
    expect(parseTypedTime('0')).toEqual({ hours: 0, minutes: 0 });
  });

  it('reads hours and minutes with or without a separator', () => {
    for (const text of ['18:30', '1830', '18.30', '18h30', ' 18:30 ']) {
      expect(parseTypedTime(text), text).toEqual({ hours: 18, minutes: 30 });
    }
    expect(parseTypedTime('930')).toEqual({ hours: 9, minutes: 30 });
    expect(parseTypedTime('9:05')).toEqual({ hours: 9, minutes: 5 });
    expect(parseTypedTime('23:59')).toEqual({ hours: 23, minutes: 59 });
  });

  it('refuses what names no time of day', () => {
    for (const text of ['', '24', '25:00', '18:60', '18:7', '12345', 'noon', '-1', '18:30:00']) {
      expect(parseTypedTime(text), text).toBeNull();
    }
  });

  it('formats HH:mm', () => {
    expect(formatClockTime({ hours: 9, minutes: 5 })).toBe('09:05');
    expect(formatClockTime({ hours: 18, minutes: 0 })).toBe('18:00');
  });
});
