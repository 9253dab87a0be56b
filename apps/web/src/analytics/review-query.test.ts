import { describe, expect, it } from 'vitest';
import { addMonths, defaultState, formatDuration, formatRate, monthIn, reviewQuery } from './review-query.ts';

describe('review query', () => {
  it('adds months across years', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2026-03', -5)).toBe('2025-10');
  });

  it('takes the month in the viewer’s zone', () => {
    // 03:30Z on 1 Nov is still October in New York, November in Berlin.
    expect(monthIn(new Date('2026-11-01T03:30:00Z'), 'America/New_York')).toBe('2026-10');
    expect(monthIn(new Date('2026-11-01T03:30:00Z'), 'Europe/Berlin')).toBe('2026-11');
  });

  it('asks for whole months in the viewer’s zone, the last month included', () => {
    const s = defaultState(new Date('2026-12-02T12:00:00Z'), 'America/New_York');
    expect(s).toMatchObject({ fromMonth: '2026-07', toMonth: '2026-12' });
    expect(reviewQuery({ ...s, team: ' payments ' }, 'America/New_York')).toBe(
      'from=2026-07-01&to=2027-01-01&timeZone=America%2FNew_York&bucket=month&sequence=P&team=payments',
    );
  });

  it('formats durations and rates', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(750_000)).toBe('12m 30s');
    expect(formatDuration(3 * 3_600_000 + 5 * 60_000)).toBe('3h 05m');
    expect(formatDuration(52 * 3_600_000)).toBe('2d 4h');
    expect(formatRate(1 / 3)).toBe('33.3%');
    expect(formatRate(null)).toBe('—');
  });
});
