import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileTimeIntervals, type TimeIntervalSpec } from './time-interval.ts';
import { intervalPosition, intervalsContain, nextIntervalChange } from './time-interval-eval.ts';

const compile = (...specs: TimeIntervalSpec[]) => compileTimeIntervals(specs, 'ti');
const at = (iso: string): Date => new Date(iso);
const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** The changes after `from`, in order: [instant, inside after it]. */
function changes(specs: TimeIntervalSpec[], from: string, count: number): Array<[string | null, boolean]> {
  const ivs = compile(...specs);
  const out: Array<[string | null, boolean]> = [];
  let t: Date | null = at(from);
  for (let i = 0; i < count && t; i++) {
    t = nextIntervalChange(ivs, t);
    out.push([iso(t), t ? intervalsContain(ivs, t) : false]);
  }
  return out;
}

describe('office hours in a zone (the Alertmanager docs example)', () => {
  const sydney: TimeIntervalSpec = {
    times: [{ start_time: '09:00', end_time: '17:00' }],
    weekdays: ['monday:friday'],
    location: 'Australia/Sydney',
  };

  it('is inside from 09:00 to 17:00 local, Monday to Friday (AEDT, UTC+11, in December)', () => {
    const ivs = compile(sydney);
    // Monday 2026-12-07 09:00 AEDT = 2026-12-06T22:00Z
    expect(intervalsContain(ivs, at('2026-12-06T21:59:59Z'))).toBe(false);
    expect(intervalsContain(ivs, at('2026-12-06T22:00:00Z'))).toBe(true);
    expect(intervalsContain(ivs, at('2026-12-07T05:59:59Z'))).toBe(true);
    expect(intervalsContain(ivs, at('2026-12-07T06:00:00Z'))).toBe(false); // 17:00 is exclusive
    // Saturday 2026-12-12 10:00 AEDT
    expect(intervalsContain(ivs, at('2026-12-11T23:00:00Z'))).toBe(false);
  });

  it('from Friday evening, the next window starts Monday 09:00 local', () => {
    expect(intervalPosition(compile(sydney), at('2026-12-11T07:00:00Z'))).toEqual({
      inside: false,
      endsAt: null,
      nextStartsAt: at('2026-12-13T22:00:00Z'),
    });
  });
});

describe('DST in America/New_York (2026-03-08 spring forward at 02:00, 2026-11-01 fall back at 02:00)', () => {
  it('a window inside the skipped hour does not open that night, and opens the next', () => {
    const spec = { times: [{ start_time: '02:00', end_time: '03:00' }], location: 'America/New_York' };
    const ivs = compile(spec);
    expect(intervalsContain(ivs, at('2026-03-08T06:59:59Z'))).toBe(false); // 01:59:59 EST
    expect(intervalsContain(ivs, at('2026-03-08T07:00:00Z'))).toBe(false); // 03:00 EDT
    expect(changes([spec], '2026-03-08T05:00:00Z', 2)).toEqual([
      ['2026-03-09T06:00:00.000Z', true], // 02:00 EDT on Monday
      ['2026-03-09T07:00:00.000Z', false],
    ]);
  });

  it('a window ending inside the skipped hour ends when the clock jumps past it', () => {
    const spec = { times: [{ start_time: '01:00', end_time: '02:30' }], location: 'America/New_York' };
    expect(intervalPosition(compile(spec), at('2026-03-08T06:30:00Z'))).toMatchObject({
      inside: true,
      endsAt: at('2026-03-08T07:00:00Z'), // 01:59 EST → 03:00 EDT
    });
  });

  it('a window inside the repeated hour is open during both passes', () => {
    const spec = { times: [{ start_time: '01:00', end_time: '01:30' }], location: 'America/New_York' };
    expect(changes([spec], '2026-11-01T04:00:00Z', 4)).toEqual([
      ['2026-11-01T05:00:00.000Z', true], // 01:00 EDT
      ['2026-11-01T05:30:00.000Z', false],
      ['2026-11-01T06:00:00.000Z', true], // 02:00 EDT becomes 01:00 EST
      ['2026-11-01T06:30:00.000Z', false],
    ]);
  });

  it('a whole-day window lasts 23 hours on the spring-forward day and 25 on the fall-back day', () => {
    const march = intervalPosition(
      compile({ days_of_month: ['8'], months: ['march'], location: 'America/New_York' }),
      at('2026-03-08T12:00:00Z'),
    );
    expect(march.endsAt!.getTime() - at('2026-03-08T05:00:00Z').getTime()).toBe(23 * 3_600_000);
    const nov = intervalPosition(
      compile({ days_of_month: ['1'], months: ['november'], location: 'America/New_York' }),
      at('2026-11-01T12:00:00Z'),
    );
    expect(iso(nov.endsAt)).toBe('2026-11-02T05:00:00.000Z');
    expect(nov.endsAt!.getTime() - at('2026-11-01T04:00:00Z').getTime()).toBe(25 * 3_600_000);
  });
});

describe('DST in Europe/Berlin (2026-03-29 at 02:00 CET, 2026-10-25 at 03:00 CEST)', () => {
  const office: TimeIntervalSpec = {
    times: [{ start_time: '09:00', end_time: '17:00' }],
    weekdays: ['monday:friday'],
    location: 'Europe/Berlin',
  };

  it('keeps local hours across the change: 08:00Z before it, 07:00Z after', () => {
    expect(changes([office], '2026-03-27T12:00:00Z', 3)).toEqual([
      ['2026-03-27T16:00:00.000Z', false], // Friday 17:00 CET
      ['2026-03-30T07:00:00.000Z', true], // Monday 09:00 CEST
      ['2026-03-30T15:00:00.000Z', false],
    ]);
  });

  it('a window over the repeated hour (02:00–03:00) stays open through both passes, two hours in all', () => {
    const spec = { times: [{ start_time: '02:00', end_time: '03:00' }], location: 'Europe/Berlin' };
    expect(changes([spec], '2026-10-24T23:00:00Z', 2)).toEqual([
      ['2026-10-25T00:00:00.000Z', true], // 02:00 CEST
      ['2026-10-25T02:00:00.000Z', false], // 03:00 CET, after 02:00–03:00 CET repeated
    ]);
  });
});

describe('month ends and negative days (UTC)', () => {
  it('-1 is the last day: February 28 in 2027, 29 in 2028', () => {
    const ivs = compile({ days_of_month: ['-1'], months: ['february'] });
    expect(intervalsContain(ivs, at('2027-02-28T12:00:00Z'))).toBe(true);
    expect(intervalsContain(ivs, at('2028-02-28T12:00:00Z'))).toBe(false);
    expect(intervalsContain(ivs, at('2028-02-29T12:00:00Z'))).toBe(true);
    expect(iso(nextIntervalChange(ivs, at('2027-03-01T00:00:00Z')))).toBe('2028-02-29T00:00:00.000Z');
  });

  it.each([
    ['-3:-1', '2027-02', [26, 27, 28]],
    ['-3:-1', '2028-02', [27, 28, 29]],
    ['-3:-1', '2026-04', [28, 29, 30]],
    ['29:31', '2027-02', []], // starts past the end: skipped
    ['29:31', '2028-02', [29]], // clamped to the month
    ['27:-1', '2027-02', [27, 28]],
    ['1:31', '2027-02', Array.from({ length: 28 }, (_, i) => i + 1)],
    ['-31', '2027-02', []], // Alertmanager: -31 is day 1 only in 31-day months
    ['-31', '2027-01', [1]],
  ])('%s in %s → days %j', (range, month, days) => {
    const ivs = compile({ days_of_month: [range] });
    const [y, m] = month.split('-').map(Number) as [number, number];
    const len = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const inside = [];
    for (let d = 1; d <= len; d++) if (intervalsContain(ivs, new Date(Date.UTC(y, m - 1, d, 12)))) inside.push(d);
    expect(inside).toEqual(days);
  });

  it('a window on the last day of the month ends at the first of the next, and the next one starts a month later', () => {
    expect(intervalPosition(compile({ days_of_month: ['-1'] }), at('2027-02-28T10:00:00Z'))).toEqual({
      inside: true,
      endsAt: at('2027-03-01T00:00:00Z'),
      nextStartsAt: at('2027-03-31T00:00:00Z'),
    });
  });
});

describe('year boundaries', () => {
  it("a New Year's Eve window ends at midnight and, limited to 2026, never comes back", () => {
    const spec = {
      times: [{ start_time: '23:00', end_time: '24:00' }],
      months: ['december'],
      days_of_month: ['31'],
      years: ['2026'],
    };
    expect(intervalPosition(compile(spec), at('2026-12-31T23:30:00Z'))).toEqual({
      inside: true,
      endsAt: at('2027-01-01T00:00:00Z'),
      nextStartsAt: null,
    });
    expect(nextIntervalChange(compile(spec), at('2027-01-01T00:00:00Z'))).toBeNull();
  });

  it('a weekday window crosses the year (Thursday 2026-12-31 → Friday 2027-01-01)', () => {
    expect(intervalPosition(compile({ weekdays: ['friday'] }), at('2026-12-31T12:00:00Z'))).toEqual({
      inside: false,
      endsAt: null,
      nextStartsAt: at('2027-01-01T00:00:00Z'),
    });
  });

  it('finds a start years ahead, in the zone (2030-01-01 00:00 in Tokyo is 2029-12-31T15:00Z)', () => {
    const ivs = compile({ years: ['2030'], location: 'Asia/Tokyo' });
    expect(iso(nextIntervalChange(ivs, at('2026-06-01T00:00:00Z')))).toBe('2029-12-31T15:00:00.000Z');
    expect(iso(nextIntervalChange(ivs, at('2030-06-01T00:00:00Z')))).toBe('2030-12-31T15:00:00.000Z');
  });

  it('a list of intervals is their union: back-to-back pieces make one window', () => {
    const ivs = compile(
      { times: [{ start_time: '22:00', end_time: '24:00' }], weekdays: ['saturday'] },
      { times: [{ start_time: '00:00', end_time: '02:00' }], weekdays: ['sunday'] },
    );
    // Saturday 2026-12-05 22:00 → Sunday 02:00, one window of four hours.
    expect(intervalPosition(ivs, at('2026-12-05T23:00:00Z'))).toEqual({
      inside: true,
      endsAt: at('2026-12-06T02:00:00Z'),
      nextStartsAt: at('2026-12-12T22:00:00Z'),
    });
  });
});

describe('nextIntervalChange against a minute-by-minute walk (property)', () => {
  const zones = ['UTC', 'America/New_York', 'Europe/Berlin', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata'];
  const clock = fc
    .integer({ min: 0, max: 47 })
    .map((h) => `${String(Math.floor(h / 2)).padStart(2, '0')}:${h % 2 ? '30' : '00'}`);
  const times = fc
    .tuple(clock, clock)
    .filter(([a, b]) => a < b)
    .map(([a, b]) => ({ start_time: a, end_time: b }));
  const spec: fc.Arbitrary<TimeIntervalSpec> = fc.record(
    {
      times: fc.array(times, { minLength: 1, maxLength: 2 }),
      weekdays: fc.subarray(['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'], {
        minLength: 1,
      }),
      days_of_month: fc.subarray(['1:3', '-2:-1', '28:31', '15'], { minLength: 1 }),
      location: fc.constantFrom(...zones),
    },
    { requiredKeys: ['location'] },
  );
  // Instants around the 2026 and 2027 DST changes of these zones, and month ends.
  const anchors = [
    '2026-03-08',
    '2026-03-29',
    '2026-04-05',
    '2026-09-06',
    '2026-10-04',
    '2026-10-25',
    '2026-11-01',
    '2027-02-27',
    '2027-12-31',
  ];
  const start = fc
    .tuple(fc.constantFrom(...anchors), fc.integer({ min: -36 * 60, max: 36 * 60 }))
    .map(([d, minutes]) => new Date(Date.parse(`${d}T00:00:00Z`) + minutes * 60_000));

  it('finds the first instant at which inside-or-not changes, within three days', () => {
    fc.assert(
      fc.property(spec, start, (s, from) => {
        let ivs;
        try {
          ivs = compile(s);
        } catch {
          return; // a generated spec that can never match is refused; nothing to walk
        }
        const inside = intervalsContain(ivs, from);
        // Every change falls on a UTC hour or half hour: generated times are on :00 or :30 local, the zones'
        // offsets are whole or half hours, and their transitions happen on the hour or half hour.
        const step = 30 * 60_000;
        let expected: number | null = null;
        for (let m = Math.floor(from.getTime() / step) + 1; m * step <= from.getTime() + 3 * 86_400_000; m++) {
          const t = new Date(m * step);
          if (intervalsContain(ivs, t) !== inside) {
            expected = t.getTime();
            break;
          }
        }
        const got = nextIntervalChange(ivs, from);
        if (expected === null) expect(got === null || got.getTime() > from.getTime() + 3 * 86_400_000).toBe(true);
        else expect(got?.getTime()).toBe(expected);
      }),
      { numRuns: 60 },
    );
  }, 30_000); // luxon's offsets cost microseconds each; a loaded machine must not time this out
});
