/**
 * DST in 2026: America/New_York springs forward on 03-08 (02:00 → 03:00 EDT) and falls back on 11-01
 * (02:00 EDT → 01:00 EST); Asia/Shanghai has no DST (UTC+8 all year).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { parseTimelinePaste, pastedMilestones } from './timeline-paste.ts';

const NOW = new Date('2028-06-01T00:00:00Z');
const parse = (text: string, zone = 'Asia/Shanghai', now = NOW) => parseTimelinePaste(text, { zone, now });
const one = (line: string, zone?: string) => {
  const r = parse(line, zone);
  expect(r.errors).toEqual([]);
  return r.entries[0]!;
};
const iso = (line: string, zone?: string) => one(line, zone).at.toISOString();
const error = (line: string, zone?: string) => {
  const r = parse(line, zone);
  expect(r.entries).toEqual([]);
  expect(r.errors).toHaveLength(1);
  return r.errors[0]!.message;
};

describe('parseTimelinePaste: lines', () => {
  it('reads "YYYY-MM-DD HH:mm, who did what" in the given zone', () => {
    expect(one('2026-12-01 18:01, Ann paged the DBA on call')).toEqual({
      line: 1,
      at: new Date('2026-12-01T10:01:00Z'),
      text: 'Ann paged the DBA on call',
      milestones: [],
    });
  });

  it('reads several lines, skipping blank ones, with LF or CRLF, keeping the written order and line numbers', () => {
    const r = parse('2026-12-01 18:05, second\r\n\r\n  2026-12-01 18:01, first  \n\n');
    expect(r.errors).toEqual([]);
    expect(r.entries.map((e) => [e.line, e.text, e.at.toISOString()])).toEqual([
      [1, 'second', '2026-12-01T10:05:00.000Z'],
      [3, 'first', '2026-12-01T10:01:00.000Z'],
    ]);
  });

  it('accepts seconds, slashes, one-digit fields, a T, a full-width comma and a tab', () => {
    expect(iso('2026-12-01 18:01:30, x')).toBe('2026-12-01T10:01:30.000Z');
    expect(iso('2026/12/01 18:01, x')).toBe('2026-12-01T10:01:00.000Z');
    expect(iso('2026-1-5 8:01, x')).toBe('2026-01-05T00:01:00.000Z');
    expect(iso('2026-12-01T18:01, x')).toBe('2026-12-01T10:01:00.000Z');
    expect(one('2026-12-01 18:01，回滚了支付服务').text).toBe('回滚了支付服务');
    expect(one('2026-12-01 18:01\tAnn: rolled back').text).toBe('Ann: rolled back');
  });

  it('keeps commas in the text', () => {
    expect(one('2026-12-01 18:01, Ann, Bob and Carol joined').text).toBe('Ann, Bob and Carol joined');
  });

  it('an offset on the line overrides the zone', () => {
    expect(iso('2026-12-01 18:01Z, x')).toBe('2026-12-01T18:01:00.000Z');
    expect(iso('2026-12-01 18:01+08:00, x', 'America/New_York')).toBe('2026-12-01T10:01:00.000Z');
    expect(iso('2026-12-01 18:01 -0530, x')).toBe('2026-12-01T23:31:00.000Z');
    expect(error('2026-12-01 18:01+15:00, x')).toBe('line 1: +15:00 is not a UTC offset');
  });
});

describe('parseTimelinePaste: calendar and DST', () => {
  it('crosses month and year boundaries in the zone', () => {
    expect(iso('2027-01-01 00:30, x', 'Asia/Shanghai')).toBe('2026-12-31T16:30:00.000Z');
    expect(iso('2026-12-31 23:30, x', 'America/New_York')).toBe('2027-01-01T04:30:00.000Z');
    expect(iso('2026-03-01 07:59, x', 'Asia/Shanghai')).toBe('2026-02-28T23:59:00.000Z');
  });

  it('refuses days that do not exist, and times of day that do not exist', () => {
    expect(iso('2028-02-29 12:00, x')).toBe('2028-02-29T04:00:00.000Z');
    expect(error('2027-02-29 12:00, x')).toBe('line 1: 2027-02-29 is not a calendar date');
    expect(error('2026-04-31 12:00, x')).toBe('line 1: 2026-04-31 is not a calendar date');
    expect(error('2026-13-01 12:00, x')).toBe('line 1: 2026-13-01 is not a calendar date');
    expect(error('2026-12-01 24:00, x')).toBe('line 1: 24:00 is not a time of day');
    expect(error('2026-12-01 18:60, x')).toBe('line 1: 18:60 is not a time of day');
  });

  it('New York, spring forward: 01:59 EST and 03:00 EDT are a minute apart; 02:30 does not exist', () => {
    expect(iso('2026-03-08 01:59, x', 'America/New_York')).toBe('2026-03-08T06:59:00.000Z');
    expect(iso('2026-03-08 03:00, x', 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    expect(error('2026-03-08 02:30, x', 'America/New_York')).toBe(
      'line 1: 2026-03-08 02:30 does not exist in America/New_York (the clocks moved forward); check the time',
    );
  });

  it('New York, fall back: 01:30 happens twice and needs an offset', () => {
    expect(error('2026-11-01 01:30, x', 'America/New_York')).toBe(
      'line 1: 2026-11-01 01:30 happens twice in America/New_York (at -04:00 and -05:00); add the offset, e.g. "2026-11-01 01:30-04:00, …"',
    );
    expect(iso('2026-11-01 01:30-04:00, x', 'America/New_York')).toBe('2026-11-01T05:30:00.000Z');
    expect(iso('2026-11-01 01:30-05:00, x', 'America/New_York')).toBe('2026-11-01T06:30:00.000Z');
    expect(iso('2026-11-01 00:59, x', 'America/New_York')).toBe('2026-11-01T04:59:00.000Z');
    expect(iso('2026-11-01 02:00, x', 'America/New_York')).toBe('2026-11-01T07:00:00.000Z');
  });

  it('Shanghai has no DST: the same wall times are ordinary', () => {
    expect(iso('2026-03-08 02:30, x', 'Asia/Shanghai')).toBe('2026-03-07T18:30:00.000Z');
    expect(iso('2026-11-01 01:30, x', 'Asia/Shanghai')).toBe('2026-10-31T17:30:00.000Z');
  });
});

describe('parseTimelinePaste: key-time tags', () => {
  it('reads leading tags, with or without _at, several per bracket or several brackets', () => {
    expect(one('2026-12-01 18:05, [cause_located] bad config push found')).toMatchObject({
      text: 'bad config push found',
      milestones: ['cause_located_at'],
    });
    expect(one('2026-12-01 18:05, [detected, acknowledged] Ann took it').milestones).toEqual([
      'detected_at',
      'acknowledged_at',
    ]);
    expect(one('2026-12-01 18:05, [recovery_started][mitigated_at] rolled back').milestones).toEqual([
      'recovery_started_at',
      'mitigated_at',
    ]);
  });

  it('a line of tags only gets the milestones’ labels as text', () => {
    expect(one('2026-12-01 18:09, [mitigated]')).toMatchObject({
      text: 'Service restored',
      milestones: ['mitigated_at'],
    });
  });

  it('brackets that are not milestone codes are text; a code-like unknown is refused', () => {
    expect(one('2026-12-01 18:05, [db] pool exhausted')).toMatchObject({ text: '[db] pool exhausted', milestones: [] });
    expect(one('2026-12-01 18:05, [detected] [db] pool exhausted')).toMatchObject({
      text: '[db] pool exhausted',
      milestones: ['detected_at'],
    });
    expect(error('2026-12-01 18:05, [cause_locatd] found it')).toBe(
      'line 1: unknown key-time code "cause_locatd" (e.g. cause_located, mitigated)',
    );
  });

  it('refuses a milestone tagged on two lines, on the second', () => {
    const r = parse('2026-12-01 18:05, [cause_located] a\n2026-12-01 18:07, [cause_located] b');
    expect(r.errors).toEqual([
      { path: 'text.1', line: 2, message: 'line 2: cause_located_at is already tagged on line 1' },
    ]);
  });

  it('pastedMilestones maps each tagged code to its line and time', () => {
    const r = parse('2026-12-01 18:01, [detected] alert\n2026-12-01 18:05, [cause_located, recovery_started] rollback');
    expect(pastedMilestones(r.entries)).toEqual({
      changes: {
        detected_at: new Date('2026-12-01T10:01:00Z'),
        cause_located_at: new Date('2026-12-01T10:05:00Z'),
        recovery_started_at: new Date('2026-12-01T10:05:00Z'),
      },
      lineOf: { detected_at: 1, cause_located_at: 2, recovery_started_at: 2 },
    });
  });
});

describe('parseTimelinePaste: errors', () => {
  it('reports every bad line with its path and number, and returns the good ones', () => {
    const r = parse(
      ['2026-12-01 18:01, ok', 'Ann rolled back at 18:03', '', '2026-12-01 18:04', '2026-12-01 18:05,   '].join('\n'),
    );
    expect(r.entries.map((e) => e.line)).toEqual([1]);
    expect(r.errors).toEqual([
      {
        path: 'text.1',
        line: 2,
        message: 'line 2: expected "YYYY-MM-DD HH:mm, who did what", got "Ann rolled back at 18:03"',
      },
      { path: 'text.3', line: 4, message: 'line 4: expected "YYYY-MM-DD HH:mm, who did what", got "2026-12-01 18:04"' },
      { path: 'text.4', line: 5, message: 'line 5: say who did what after the time' },
    ]);
  });

  it('refuses lines in the future beyond the skew', () => {
    const now = new Date('2026-12-01T10:00:00Z');
    expect(parse('2026-12-01 18:01:01, x', 'Asia/Shanghai', now).errors[0]!.message).toBe(
      'line 1: 2026-12-01 18:01:01 is in the future (now is 2026-12-01T10:00:00.000Z)',
    );
    // a minute of skew: a browser clock running a little fast
    expect(parse('2026-12-01 18:01:00, x', 'Asia/Shanghai', now).errors).toEqual([]);
  });

  it('names the field it was given, clips long lines', () => {
    const r = parseTimelinePaste(`x${'y'.repeat(80)}`, { zone: 'UTC', now: NOW, field: 'paste' });
    expect(r.errors[0]!.path).toBe('paste.0');
    expect(r.errors[0]!.message).toBe(`line 1: expected "YYYY-MM-DD HH:mm, who did what", got "x${'y'.repeat(39)}…"`);
  });

  it('refuses an unknown zone, an empty paste and too many lines', () => {
    expect(parse('2026-12-01 18:01, x', 'Mars/Olympus').errors).toEqual([
      { path: 'zone', line: null, message: 'unknown time zone "Mars/Olympus"' },
    ]);
    expect(parse(' \n\n').errors).toEqual([{ path: 'text', line: null, message: 'paste at least one line' }]);
    const many = Array.from({ length: 3 }, () => '2026-12-01 18:01, x').join('\n');
    expect(parseTimelinePaste(many, { zone: 'UTC', now: NOW, maxLines: 2 }).errors).toEqual([
      { path: 'text', line: null, message: 'at most 2 lines at once (got 3)' },
    ]);
  });
});

describe('parseTimelinePaste: properties', () => {
  const ZONES = ['America/New_York', 'Asia/Shanghai', 'Europe/Berlin', 'Australia/Sydney', 'UTC'];
  // Whole seconds from 2025 to 2028, dense around New York's 2026 transitions.
  const instant = fc.oneof(
    fc.integer({ min: Date.UTC(2025, 0, 1) / 1000, max: Date.UTC(2028, 0, 1) / 1000 }),
    fc.integer({ min: Date.UTC(2026, 2, 8, 5) / 1000, max: Date.UTC(2026, 2, 8, 9) / 1000 }),
    fc.integer({ min: Date.UTC(2026, 10, 1, 4) / 1000, max: Date.UTC(2026, 10, 1, 8) / 1000 }),
  );

  it('a wall time written in the zone reads back as the same instant, unless it happens twice', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (s, zone) => {
        const dt = DateTime.fromMillis(s * 1000, { zone });
        const r = parse(`${dt.toFormat('yyyy-MM-dd HH:mm:ss')}, x`, zone);
        if (dt.getPossibleOffsets().length > 1) expect(r.errors[0]!.message).toContain('happens twice');
        else expect(r.entries[0]!.at.getTime()).toBe(s * 1000);
      }),
    );
  });

  it('a wall time with its offset always reads back as the same instant', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(...ZONES), (s, writtenIn, readIn) => {
        const dt = DateTime.fromMillis(s * 1000, { zone: writtenIn });
        const r = parse(`${dt.toFormat('yyyy-MM-dd HH:mm:ssZZ')}, x`, readIn);
        expect(r.entries[0]!.at.getTime()).toBe(s * 1000);
      }),
    );
  });

  it('never throws, whatever is pasted', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = parse(text);
        expect(r.entries.length + r.errors.length).toBeGreaterThan(0);
      }),
    );
  });
});
