import { describe, expect, it } from 'vitest';
import { schedulesToICal, scheduleToICal, shiftUid } from './ical.ts';
import { at, parseEvents, schedule } from '../../../../test/support/oncall-schedules.ts';

const A = 'ann@example.com';
const B = 'bob@example.com';

const s = schedule({
  id: 'payments',
  timeZone: 'Europe/Berlin',
  layers: [{ participants: [A, B], shift: { every: 1, unit: 'weeks' } }],
  overrides: [{ user: B, replaces: A, start: '2026-01-07T00:00:00+01:00', end: '2026-01-08T00:00:00+01:00' }],
});

describe('scheduleToICal', () => {
  const text = scheduleToICal(s, at('2026-01-05T00:00Z'), at('2026-01-20T00:00Z'), { name: 'Payments on-call' });
  const events = parseEvents(text);

  it('is a VCALENDAR with the name and PRODID, CRLF line ends', () => {
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text).toContain('PRODID:-//faultline//on-call//EN\r\n');
    expect(text).toContain('X-WR-CALNAME:Payments on-call\r\n');
    expect(text.trimEnd().endsWith('END:VCALENDAR')).toBe(true);
  });

  it('has one VEVENT per final piece, in UTC, with the source in the description', () => {
    expect(events.map((e) => `${e.DTSTART} ${e.DTEND} ${e.SUMMARY} ${e.DESCRIPTION}`)).toEqual([
      `20260105T080000Z 20260106T230000Z On call: ${A} (payments) source: layer:l0`,
      `20260106T230000Z 20260107T230000Z On call: ${B} (payments) source: override`,
      `20260107T230000Z 20260112T080000Z On call: ${A} (payments) source: layer:l0`,
      `20260112T080000Z 20260119T080000Z On call: ${B} (payments) source: layer:l0`,
      // The last piece runs past the window; it is exported whole so its UID and times never change.
      `20260119T080000Z 20260126T080000Z On call: ${A} (payments) source: layer:l0`,
    ]);
  });

  it('UIDs are stable across calls with different windows and DTSTAMP is deterministic', () => {
    const other = parseEvents(
      scheduleToICal(s, at('2026-01-10T12:00Z'), at('2026-01-13T00:00Z'), { name: 'x', now: at('2026-02-01T00:00Z') }),
    );
    expect(other.map((e) => e.UID)).toEqual([events[2]!.UID, events[3]!.UID]);
    expect(other.map((e) => e.DTSTART)).toEqual([events[2]!.DTSTART, events[3]!.DTSTART]);
    expect(other[0]!.DTSTAMP).toBe('20260201T000000Z');
    expect(events[0]!.DTSTAMP).toBe('20260105T000000Z');
    expect(events[0]!.UID).toBe(shiftUid('payments', A, at('2026-01-05T08:00Z')));
    expect(new Set(events.map((e) => e.UID)).size).toBe(events.length);
  });

  it('a user calendar has only that user’s shifts', () => {
    const mine = parseEvents(
      scheduleToICal(s, at('2026-01-05T00:00Z'), at('2026-01-20T00:00Z'), { name: 'Mine', user: B }),
    );
    expect(mine.map((e) => e.DTSTART)).toEqual(['20260106T230000Z', '20260112T080000Z']);
  });

  it('uses the given PRODID company; an empty window has no events', () => {
    const empty = scheduleToICal(s, at('2026-01-05T00:00Z'), at('2026-01-05T00:00Z'), { name: 'x', prodId: 'acme' });
    expect(empty).toContain('PRODID:-//acme//on-call//EN');
    expect(parseEvents(empty)).toEqual([]);
  });

  it('a piece that began long before the window keeps its real start', () => {
    const solo = schedule({ id: 'solo', timeZone: 'UTC', layers: [{ participants: [A], start: '2025-06-01T00:00' }] });
    const [event] = parseEvents(scheduleToICal(solo, at('2026-01-05T00:00Z'), at('2026-01-06T00:00Z'), { name: 'x' }));
    expect(event!.DTSTART).toBe('20250601T000000Z');
    expect(event!.UID).toBe(shiftUid('solo', A, at('2025-06-01T00:00Z')));
  });

  it('shiftUid depends on schedule, user and start', () => {
    const uid = shiftUid('s', A, at('2026-01-05T08:00Z'));
    expect(uid).toMatch(/^[0-9a-f]{32}@faultline$/);
    expect(shiftUid('s', A, at('2026-01-05T08:00Z'))).toBe(uid);
    expect(shiftUid('t', A, at('2026-01-05T08:00Z'))).not.toBe(uid);
    expect(shiftUid('s', B, at('2026-01-05T08:00Z'))).not.toBe(uid);
    expect(shiftUid('s', A, at('2026-01-05T08:01Z'))).not.toBe(uid);
  });

  it('a personal calendar across schedules has the user’s shifts of each, with distinct UIDs', () => {
    const nights = schedule({
      id: 'nights',
      timeZone: 'UTC',
      layers: [{ participants: [B.toUpperCase(), A], shift: { every: 1, unit: 'days' }, start: '2026-01-01T22:00' }],
    });
    const both = parseEvents(
      schedulesToICal([s, nights], at('2026-01-05T00:00Z'), at('2026-01-07T00:00Z'), { name: 'Bob', user: B }),
    );
    expect(both.map((e) => `${e.DTSTART} ${e.SUMMARY}`)).toEqual([
      `20260106T230000Z On call: ${B} (payments)`,
      `20260105T220000Z On call: ${B.toUpperCase()} (nights)`,
    ]);
    expect(both[1]!.DTEND).toBe('20260106T220000Z');
    expect(new Set(both.map((e) => e.UID)).size).toBe(2);
  });
});
