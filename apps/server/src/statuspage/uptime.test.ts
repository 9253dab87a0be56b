/**
 * Days in 2026: America/New_York's 03-08 has 23 hours and 11-01 has 25; Asia/Shanghai's days are all 24
 * hours; America/Santiago's 09-06 starts at 01:00 (its clocks skip midnight) and has 23.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { localDays, overallUptime, uptimeDays, type UptimeInput } from './uptime.ts';
import { statusSegments } from './segments.ts';
import { COMPONENT_STATUSES, type ComponentStatus, type StatusUpdate } from './status.ts';

const HOUR = 3_600_000;
const wall = (text: string, zone: string) => DateTime.fromISO(text, { zone }).toJSDate();
const outage = (incident: string, from: Date, to: Date, status: ComponentStatus = 'major-outage'): StatusUpdate[] => [
  { incident, at: from, state: 'investigating', components: { api: status } },
  { incident, at: to, state: 'resolved', components: {} },
];
const input = (patch: Partial<UptimeInput>): UptimeInput => ({
  component: 'api',
  updates: [],
  maintenances: [],
  since: new Date('2025-01-01T00:00:00Z'),
  now: new Date('2026-12-10T00:00:00Z'),
  zone: 'UTC',
  days: 3,
  ...patch,
});
const byDate = (days: ReturnType<typeof uptimeDays>) => Object.fromEntries(days.map((d) => [d.date, d]));

describe('localDays', () => {
  it('ends with the day containing now, oldest first, each starting where the previous ended', () => {
    const days = localDays('Asia/Shanghai', new Date('2027-01-01T17:00:00Z'), 4);
    expect(days.map((d) => d.date)).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(days[3]!.start).toEqual(new Date('2027-01-01T16:00:00Z'));
    for (let i = 1; i < days.length; i++) expect(days[i]!.start).toEqual(days[i - 1]!.end);
  });

  it.each([
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['America/New_York', '2026-06-15', 24],
    ['Asia/Shanghai', '2026-03-08', 24],
    ['Asia/Shanghai', '2026-11-01', 24],
    ['America/Santiago', '2026-09-06', 23],
  ])('%s %s has %i hours', (zone, date, hours) => {
    const day = localDays(zone, wall(`${date}T12:00`, zone), 1)[0]!;
    expect(day.date).toBe(date);
    expect((day.end.getTime() - day.start.getTime()) / HOUR).toBe(hours);
  });

  it('a day whose midnight is skipped starts at the first instant after the gap', () => {
    const day = localDays('America/Santiago', wall('2026-09-06T12:00', 'America/Santiago'), 1)[0]!;
    expect(DateTime.fromJSDate(day.start, { zone: 'America/Santiago' }).toFormat('HH:mm')).toBe('01:00');
  });

  it('refuses an unknown zone', () => {
    expect(() => localDays('Mars/Olympus', new Date(), 1)).toThrow(RangeError);
  });
});

describe('uptimeDays', () => {
  it('uptime = 1 − (major × 1 + partial × 0.5) ÷ observed; degraded and maintenance count as up', () => {
    const updates = [
      ...outage('a', new Date('2026-12-08T01:00:00Z'), new Date('2026-12-08T02:00:00Z')),
      ...outage('b', new Date('2026-12-08T04:00:00Z'), new Date('2026-12-08T06:00:00Z'), 'partial-outage'),
      ...outage('c', new Date('2026-12-08T08:00:00Z'), new Date('2026-12-08T12:00:00Z'), 'degraded'),
    ];
    const maintenances = [
      { id: 'm', from: new Date('2026-12-08T20:00:00Z'), to: new Date('2026-12-08T22:00:00Z'), components: ['api'] },
    ];
    const day = byDate(uptimeDays(input({ updates, maintenances })))['2026-12-08']!;
    expect(day.observedMs).toBe(24 * HOUR);
    expect(day.durations).toEqual({
      operational: 15 * HOUR,
      maintenance: 2 * HOUR,
      degraded: 4 * HOUR,
      'partial-outage': 2 * HOUR,
      'major-outage': 1 * HOUR,
    });
    expect(day.downtimeMs).toBe(2 * HOUR);
    expect(day.uptime).toBeCloseTo(1 - 2 / 24, 12);
    expect(day.worst).toBe('major-outage');
  });

  it('a day with nothing wrong is 100 %, its worst status operational', () => {
    expect(byDate(uptimeDays(input({})))['2026-12-08']).toMatchObject({
      uptime: 1,
      worst: 'operational',
      observedMs: 24 * HOUR,
    });
  });

  it('days before recording began have no data; the first day counts from then; today counts until now', () => {
    const days = uptimeDays(
      input({ since: new Date('2026-12-08T18:00:00Z'), now: new Date('2026-12-09T06:00:00Z'), days: 3 }),
    );
    expect(days.map((d) => [d.date, d.observedMs / HOUR, d.uptime, d.worst])).toEqual([
      ['2026-12-07', 0, null, null],
      ['2026-12-08', 6, 1, 'operational'],
      ['2026-12-09', 6, 1, 'operational'],
    ]);
    expect(overallUptime(days)).toBe(1);
    expect(overallUptime(days.slice(0, 1))).toBeNull();
  });

  it('an incident spanning local midnight counts on each day for its part (Shanghai)', () => {
    const zone = 'Asia/Shanghai';
    const updates = outage('a', wall('2026-12-08T23:00', zone), wall('2026-12-09T01:30', zone));
    const days = byDate(uptimeDays(input({ zone, updates, now: wall('2026-12-10T12:00', zone) })));
    expect(days['2026-12-08']!.durations['major-outage']).toBe(1 * HOUR);
    expect(days['2026-12-09']!.durations['major-outage']).toBe(1.5 * HOUR);
    expect(days['2026-12-09']!.uptime).toBeCloseTo(1 - 1.5 / 24, 12);
  });

  it('across the new year, in the page’s zone, not UTC', () => {
    const zone = 'America/New_York';
    const updates = outage('a', wall('2026-12-31T23:00', zone), wall('2027-01-01T00:30', zone));
    const days = uptimeDays(input({ zone, updates, now: wall('2027-01-01T12:00', zone), days: 2 }));
    expect(days.map((d) => [d.date, d.durations['major-outage'] / HOUR])).toEqual([
      ['2026-12-31', 1],
      ['2027-01-01', 0.5],
    ]);
  });

  it.each([
    ['America/New_York', '2026-03-08', 23],
    ['America/New_York', '2026-11-01', 25],
    ['Asia/Shanghai', '2026-03-08', 24],
    ['Asia/Shanghai', '2026-11-01', 24],
  ])('DST: an hour of major outage on %s %s is 1 / %i of the day', (zone, date, hours) => {
    const updates = outage('a', wall(`${date}T10:00`, zone), wall(`${date}T11:00`, zone));
    const day = byDate(uptimeDays(input({ zone, updates, now: wall(`${date}T12:00`, zone), days: 1 })))[date]!;
    // Today is observed until now (12:00 local): the hours since local midnight.
    const observed = (wall(`${date}T12:00`, zone).getTime() - day.start.getTime()) / HOUR;
    expect(observed).toBe(hours === 23 ? 11 : hours === 25 ? 13 : 12);
    expect(day.uptime).toBeCloseTo(1 - 1 / observed, 12);
    const whole = byDate(uptimeDays(input({ zone, updates, now: wall(`${date}T12:00`, zone), days: 2 })));
    expect(Object.keys(whole)).toHaveLength(2);
    const yesterdayEnded = byDate(uptimeDays(input({ zone, updates, now: day.end, days: 2 })))[date]!;
    expect(yesterdayEnded.observedMs).toBe(hours * HOUR);
    expect(yesterdayEnded.uptime).toBeCloseTo(1 - 1 / hours, 12);
  });

  it('overallUptime weighs days by their observed time', () => {
    const updates = outage('a', new Date('2026-12-09T00:00:00Z'), new Date('2026-12-09T06:00:00Z'));
    const days = uptimeDays(input({ updates, now: new Date('2026-12-09T12:00:00Z'), days: 2 }));
    // 24 h of the 8th, 12 h of the 9th with 6 h down: 1 − 6/36.
    expect(overallUptime(days)).toBeCloseTo(1 - 6 / 36, 12);
  });

  it('property: per day, durations add up to the observed time within the day; uptime in [0, 1]; days cover the range', () => {
    const zones = ['America/New_York', 'Asia/Shanghai', 'America/Santiago', 'UTC'];
    const update = fc.record({
      incident: fc.constantFrom('a', 'b', 'c'),
      hour: fc.integer({ min: 0, max: 24 * 40 }),
      state: fc.constantFrom('investigating', 'identified', 'monitoring', 'resolved') as fc.Arbitrary<
        StatusUpdate['state']
      >,
      status: fc.constantFrom(...COMPONENT_STATUSES),
    });
    fc.assert(
      fc.property(
        fc.array(update, { maxLength: 20 }),
        fc.constantFrom(...zones),
        fc.integer({ min: 0, max: 24 * 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 24 * 50 }),
        (raw, zone, sinceHour, days, nowHour) => {
          const base = Date.parse('2026-02-20T00:00:00Z'); // spans New York's and Santiago's transitions
          const updates = raw.map((r) => ({
            incident: r.incident,
            at: new Date(base + r.hour * HOUR),
            state: r.state,
            components: { api: r.status },
          }));
          const since = new Date(base + sinceHour * HOUR);
          const now = new Date(base + nowHour * HOUR + 1234);
          const bars = uptimeDays({ component: 'api', updates, maintenances: [], since, now, zone, days });
          expect(bars).toHaveLength(days);
          let observed = 0;
          for (const d of bars) {
            const sum = Object.values(d.durations).reduce((a, b) => a + b, 0);
            expect(sum).toBe(d.observedMs);
            expect(d.observedMs).toBeLessThanOrEqual(d.end.getTime() - d.start.getTime());
            if (d.uptime !== null) {
              expect(d.uptime).toBeGreaterThanOrEqual(0);
              expect(d.uptime).toBeLessThanOrEqual(1);
            } else expect(d.observedMs).toBe(0);
            observed += d.observedMs;
          }
          const from = Math.max(bars[0]!.start.getTime(), since.getTime());
          expect(observed).toBe(Math.max(0, now.getTime() - from));
          // Segments are contiguous and cover the span.
          const segs = statusSegments('api', updates, [], new Date(from), now);
          for (let i = 1; i < segs.length; i++) {
            expect(segs[i]!.from).toEqual(segs[i - 1]!.to);
            expect(segs[i]!.status).not.toBe(segs[i - 1]!.status);
          }
        },
      ),
    );
  });
});
