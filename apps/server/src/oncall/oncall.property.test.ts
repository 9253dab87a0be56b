/**
 * Property tests over random schedules: zones with and without DST, hour/day/week rotations starting on
 * DST days and at skipped or repeated local times, daily and weekly restrictions, per-layer zones, and
 * overrides with and without `replaces`.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Schedule } from './schema.ts';
import { finalSchedule, gaps, onCallAt, type FinalShift } from './final.ts';
import { handoffsBetween } from './handoff.ts';
import { scheduleToICal, shiftUid } from './ical.ts';
import { icalDate, parseEvents } from '../../../../test/support/oncall-schedules.ts';

const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Shanghai', 'UTC'] as const;
const USERS = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'] as const;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const EPOCH = Date.parse('2026-01-01T00:00:00Z');

const pad = (n: number) => String(n).padStart(2, '0');
const zone = fc.constantFrom(...ZONES);
const user = fc.constantFrom(...USERS);
const clock = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`);
const DST_DAYS = ['2026-03-08', '2026-11-01', '2026-03-29', '2026-10-25', '2026-04-05', '2026-10-04'] as const;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
// Local dates for layer starts: early 2026 (most windows come after), a DST transition day, or a few weeks before one.
const date = fc.oneof(
  fc.integer({ min: -60, max: 120 }).map((d) => isoDate(EPOCH + d * DAY)),
  fc.constantFrom(...DST_DAYS),
  fc
    .tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: 1, max: 20 }))
    .map(([d, back]) => isoDate(Date.parse(d) - back * DAY)),
);
const startTime = fc.oneof(clock, fc.constantFrom('02:30', '01:30', '02:00', '03:00'));

const restriction = fc.oneof(
  fc.record({ kind: fc.constant('daily' as const), from: clock, to: clock }),
  fc.record({
    kind: fc.constant('weekly' as const),
    from: fc.record({ day: fc.constantFrom(...DAYS), time: clock }),
    to: fc.record({ day: fc.constantFrom(...DAYS), time: clock }),
  }),
);

const shift = fc.oneof(
  fc.record({ every: fc.integer({ min: 1, max: 12 }), unit: fc.constant('hours' as const) }),
  fc.record({ every: fc.integer({ min: 1, max: 3 }), unit: fc.constant('days' as const) }),
  fc.record({ every: fc.integer({ min: 1, max: 2 }), unit: fc.constant('weeks' as const) }),
);

/** A layer; `timeZone` and `restrictions` are sometimes absent. */
const layer = fc.record(
  {
    participants: fc.array(user, { minLength: 1, maxLength: 4 }),
    shift,
    start: fc.tuple(date, startTime).map(([d, t]) => `${d}T${t}`),
    timeZone: zone,
    restrictions: fc.array(restriction, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: ['participants', 'shift', 'start'] },
);

const override = fc
  .record({
    user,
    start: fc.oneof(
      fc.integer({ min: -10 * 96, max: 380 * 96 }).map((q) => EPOCH + q * 15 * 60_000),
      fc
        .tuple(fc.constantFrom(...DST_DAYS), fc.integer({ min: -3 * 96, max: 3 * 96 }))
        .map(([d, q]) => Date.parse(d) + q * 15 * 60_000),
    ),
    minutes: fc.integer({ min: 15, max: 4 * 24 * 60 }),
    replaces: fc.option(user, { nil: undefined }),
  })
  .filter((o) => o.replaces !== o.user)
  .map((o) => ({
    user: o.user,
    start: new Date(o.start).toISOString(),
    end: new Date(o.start + o.minutes * 60_000).toISOString(),
    ...(o.replaces ? { replaces: o.replaces } : {}),
  }));

const schedule = fc
  .record({
    timeZone: zone,
    layers: fc.array(layer, { minLength: 1, maxLength: 3 }),
    overrides: fc.array(override, { maxLength: 4 }),
  })
  .map((s) =>
    Schedule.parse({
      id: 'prop',
      timeZone: s.timeZone,
      layers: s.layers.map((l, i) => ({ id: `l${i}`, ...l })),
      overrides: s.overrides,
    }),
  );

/**
 * A query window from 1 hour to 15 days, starting at any millisecond: within ~300 days after the earliest layer
 * start, or near something that happens in the schedule (a DST transition, a layer's start, an override).
 */
function windowFor(s: Schedule) {
  // Mostly after the earliest layer start: before it the schedule is empty, which proves little.
  const earliest = Math.min(...s.layers.map((l) => Date.parse(`${l.start}:00Z`)));
  const anchors = [
    ...DST_DAYS.map((d) => Date.parse(d)).filter((d) => d > earliest),
    ...s.layers.map((l) => Date.parse(`${l.start}:00Z`)),
    ...(s.overrides ?? []).map((o) => Date.parse(o.start)),
  ];
  const from = fc.oneof(
    fc.integer({ min: -3 * DAY, max: 300 * DAY }).map((offset) => earliest + offset),
    fc.tuple(fc.constantFrom(...anchors), fc.integer({ min: -5 * DAY, max: 2 * DAY })).map(([a, d]) => a + d),
  );
  return fc
    .tuple(from, fc.integer({ min: HOUR, max: 15 * DAY }))
    .map(([start, length]) => ({ from: new Date(start), to: new Date(start + length) }));
}

/** A schedule and a query window. */
const scenario = schedule.chain((s) => windowFor(s).map((w) => [s, w] as const));

const runs = { numRuns: 150 };

describe('finalSchedule (property)', { timeout: 60_000 }, () => {
  it('pieces are non-empty, sorted, disjoint and within [from, to); merged pieces differ from their neighbour', () => {
    fc.assert(
      fc.property(scenario, ([s, w]) => {
        const pieces = finalSchedule(s, w.from, w.to);
        pieces.forEach((p, i) => {
          expect(p.end.getTime()).toBeGreaterThan(p.start.getTime());
          expect(p.start.getTime()).toBeGreaterThanOrEqual(w.from.getTime());
          expect(p.end.getTime()).toBeLessThanOrEqual(w.to.getTime());
          const prev = pieces[i - 1];
          if (prev) {
            expect(p.start.getTime()).toBeGreaterThanOrEqual(prev.end.getTime());
            if (p.start.getTime() === prev.end.getTime())
              expect(`${p.user} ${p.source}`).not.toBe(`${prev.user} ${prev.source}`);
          }
        });
      }),
      runs,
    );
  });

  it('onCallAt(t) agrees with finalSchedule at random instants (and at piece edges)', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 10 }),
        ([s, w], fractions) => {
          const pieces = finalSchedule(s, w.from, w.to);
          const span = w.to.getTime() - w.from.getTime();
          const instants = fractions.map((f) => w.from.getTime() + Math.min(span - 1, Math.floor(f * span)));
          const step = Math.ceil(pieces.length / 15);
          for (const p of pieces.filter((_, i) => i % step === 0))
            instants.push(p.start.getTime(), p.end.getTime() - 1);
          for (const t of instants) {
            const covering = pieces.find((p) => p.start.getTime() <= t && t < p.end.getTime());
            expect(onCallAt(s, new Date(t))).toEqual(covering ? [covering.user] : []);
          }
        },
      ),
      { numRuns: 80 },
    );
  });

  it('gaps are exactly the complement of the pieces', () => {
    fc.assert(
      fc.property(scenario, ([s, w]) => {
        const covered = [...finalSchedule(s, w.from, w.to), ...gaps(s, w.from, w.to)].sort(
          (a, b) => a.start.getTime() - b.start.getTime(),
        );
        let cursor = w.from.getTime();
        for (const c of covered) {
          expect(c.start.getTime()).toBe(cursor);
          cursor = c.end.getTime();
        }
        expect(cursor).toBe(w.to.getTime());
      }),
      runs,
    );
  });

  it('one unrestricted layer has no gaps after its start', () => {
    fc.assert(
      fc.property(
        layer,
        zone,
        fc.integer({ min: -20 * DAY, max: 365 * DAY }),
        fc.integer({ min: HOUR, max: 15 * DAY }),
        (l, tz, offset, length) => {
          const { restrictions: _drop, ...unrestricted } = l;
          const s = Schedule.parse({ id: 'one', timeZone: tz, layers: [{ id: 'only', ...unrestricted }] });
          // The query window must begin before any generated layer start, or the first piece is clipped to it.
          const start = finalSchedule(s, new Date(EPOCH - 400 * DAY), new Date(EPOCH + 400 * DAY))[0]!.start;
          const from = new Date(Math.max(start.getTime(), EPOCH + offset));
          expect(gaps(s, from, new Date(from.getTime() + length))).toEqual([]);
          // And before the start there is nobody.
          expect(onCallAt(s, new Date(start.getTime() - 1))).toEqual([]);
        },
      ),
      runs,
    );
  });

  it('shifting the query window does not change the schedule where the windows overlap', () => {
    fc.assert(
      fc.property(
        scenario,
        fc.integer({ min: -7 * DAY, max: 7 * DAY }),
        fc.integer({ min: -DAY, max: DAY }),
        ([s, a], shiftBy, stretch) => {
          const b = { from: new Date(a.from.getTime() + shiftBy), to: new Date(a.to.getTime() + shiftBy + stretch) };
          const lo = Math.max(a.from.getTime(), b.from.getTime());
          const hi = Math.min(a.to.getTime(), b.to.getTime());
          fc.pre(hi > lo);
          const pa = finalSchedule(s, a.from, a.to);
          const pb = finalSchedule(s, b.from, b.to);
          const key = (p: FinalShift) => `${p.start.toISOString()} ${p.end.toISOString()} ${p.user} ${p.source}`;
          // A piece strictly inside both windows is the same piece in both.
          const inside = (p: FinalShift) => p.start.getTime() > lo && p.end.getTime() < hi;
          expect(pa.filter(inside).map(key)).toEqual(pb.filter(inside).map(key));
          // And clipped to the overlap the two agree everywhere.
          const clip = (ps: FinalShift[]) =>
            ps
              .filter((p) => p.end.getTime() > lo && p.start.getTime() < hi)
              .map((p) => ({
                ...p,
                start: new Date(Math.max(lo, p.start.getTime())),
                end: new Date(Math.min(hi, p.end.getTime())),
              }))
              .map(key);
          expect(clip(pa)).toEqual(clip(pb));
        },
      ),
      runs,
    );
  });
});

describe('handoffsBetween (property)', { timeout: 60_000 }, () => {
  it('matches onCallAt on both sides of each hand-off, and tiling windows give the same hand-offs', () => {
    fc.assert(
      fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), ([s, w], f) => {
        const all = handoffsBetween(s, w.from, w.to);
        for (const h of all) {
          expect(h.from).not.toEqual(h.to);
          expect(onCallAt(s, h.at)).toEqual(h.to);
          expect(onCallAt(s, new Date(h.at.getTime() - 1))).toEqual(h.from);
        }
        const mid = new Date(w.from.getTime() + Math.floor(f * (w.to.getTime() - w.from.getTime())));
        expect([...handoffsBetween(s, w.from, mid), ...handoffsBetween(s, mid, w.to)]).toEqual(all);
      }),
      { numRuns: 80 },
    );
  });
});

describe('scheduleToICal (property)', { timeout: 60_000 }, () => {
  it('events are the final shifts: same users and sources, whole pieces that clip to them, stable UIDs', () => {
    fc.assert(
      fc.property(scenario, fc.option(user, { nil: undefined }), ([s, w], who) => {
        const pieces = finalSchedule(s, w.from, w.to).filter((p) => who === undefined || p.user === who);
        const events = parseEvents(scheduleToICal(s, w.from, w.to, { name: 'prop', ...(who ? { user: who } : {}) }));
        expect(events).toHaveLength(pieces.length);
        events.forEach((e, i) => {
          const p = pieces[i]!;
          const start = icalDate(e.DTSTART!);
          const end = icalDate(e.DTEND!);
          expect(e.SUMMARY).toBe(`On call: ${p.user} (prop)`);
          expect(e.DESCRIPTION).toBe(`source: ${p.source}`);
          expect(new Date(Math.max(start.getTime(), w.from.getTime()))).toEqual(p.start);
          expect(new Date(Math.min(end.getTime(), w.to.getTime()))).toEqual(p.end);
          expect(e.UID).toBe(shiftUid('prop', p.user, start));
        });
      }),
      { numRuns: 60 },
    );
  });
});
