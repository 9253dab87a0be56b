/**
 * Time intervals with Alertmanager's `time_interval` semantics (docs/configuration.md `<time_interval_spec>`,
 * `timeinterval/timeinterval.go`), for recurring maintenance windows. The spec keeps Alertmanager's field names
 * so an Alertmanager `time_intervals:` block can be pasted as it is.
 *
 * - `times`: `start_time`–`end_time` as `HH:MM`, start inclusive, end exclusive, `24:00` allowed as an end;
 *   a range does not cross midnight.
 * - `weekdays`: names (case-insensitive) or ranges `monday:friday`; the week starts on Sunday, so
 *   `saturday:sunday` is refused (write `saturday`, `sunday`).
 * - `days_of_month`: 1…31 or -31…-1 (from the end: -1 is the last day), ranges `1:5`, `-3:-1`, `20:-1`; a range
 *   past the end of a month is clamped, one starting past it is skipped.
 * - `months`: names or numbers 1…12, ranges `may:august`.
 * - `years`: numbers and ranges `2026:2027`.
 * - `location`: an IANA zone (`Europe/Berlin`); UTC when absent. Alertmanager's `Local` (the server's zone) is
 *   refused: a window must not move when the server does.
 * Within a field, any entry may match; every given field must match; a list of specs matches when one does.
 *
 * Beyond Alertmanager, a spec that can never match (`days_of_month: ['31']` with `months: ['february']`) is
 * refused: a window that never opens is a mistake, not a choice.
 */
import { isValidTimeZone } from '../lib/index.ts';
import { FieldErrors } from './types.ts';
import { anyDateMatches } from './time-interval-eval.ts';

/** One `<time_interval_spec>` as written in YAML or JSON (numbers are accepted where YAML gives them). */
export interface TimeIntervalSpec {
  readonly times?: ReadonlyArray<{ readonly start_time: string; readonly end_time: string }>;
  readonly weekdays?: ReadonlyArray<string>;
  readonly days_of_month?: ReadonlyArray<string | number>;
  readonly months?: ReadonlyArray<string | number>;
  readonly years?: ReadonlyArray<string | number>;
  readonly location?: string;
}

/** An inclusive range of integers. */
export interface IntRange {
  readonly begin: number;
  readonly end: number;
}

/**
 * A compiled spec. A null field matches anything. Times are minutes since local midnight (`end` exclusive,
 * up to 1440); weekdays 0 = Sunday … 6 = Saturday; months 1…12.
 */
export interface TimeInterval {
  readonly times: readonly IntRange[] | null;
  readonly weekdays: readonly IntRange[] | null;
  readonly daysOfMonth: readonly IntRange[] | null;
  readonly months: readonly IntRange[] | null;
  readonly years: readonly IntRange[] | null;
  /** IANA zone the fields are read in. */
  readonly location: string;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Validates and compiles a list of specs (the `time_intervals` of one window).
 * @param path the field path of the list (`schedule.timeIntervals`)
 * @throws AppError VALIDATION with a field error per problem (`<path>.0.days_of_month.1`: "…")
 */
export function compileTimeIntervals(specs: ReadonlyArray<TimeIntervalSpec>, path: string): TimeInterval[] {
  const errors = new FieldErrors();
  if (specs.length === 0) errors.add(path, 'at least one time interval is required');
  const out = specs.map((spec, i) => compileOne(spec, `${path}.${i}`, errors));
  errors.throwIfAny('time interval');
  return out;
}

function compileOne(spec: TimeIntervalSpec, path: string, errors: FieldErrors): TimeInterval {
  const times = list(spec.times, `${path}.times`, errors, (t, p) => parseTimeRange(t, p, errors));
  const weekdays = list(spec.weekdays, `${path}.weekdays`, errors, (w, p) => parseWeekdays(w, p, errors));
  const daysOfMonth = list(spec.days_of_month, `${path}.days_of_month`, errors, (d, p) => parseDays(d, p, errors));
  const months = list(spec.months, `${path}.months`, errors, (m, p) => parseMonths(m, p, errors));
  const years = list(spec.years, `${path}.years`, errors, (y, p) => parseYears(y, p, errors));
  let location = 'UTC';
  if (spec.location !== undefined) {
    if (spec.location === 'Local') {
      errors.add(`${path}.location`, 'name an IANA time zone (e.g. Europe/Berlin): "Local" would follow the server');
    } else if (typeof spec.location !== 'string' || !isValidTimeZone(spec.location)) {
      errors.add(
        `${path}.location`,
        `unknown time zone "${String(spec.location)}" (use an IANA name, e.g. Europe/Berlin)`,
      );
    } else {
      location = spec.location;
    }
  }
  const interval: TimeInterval = { times, weekdays, daysOfMonth, months, years, location };
  if (errors.list.length === 0 && !anyDateMatches(interval)) {
    errors.add(
      path,
      'no date satisfies weekdays, days_of_month, months and years together (e.g. day 31 of a month that has ' +
        'no 31st), so this interval never matches',
    );
  }
  return interval;
}

function list<T, R>(
  items: ReadonlyArray<T> | undefined,
  path: string,
  errors: FieldErrors,
  parse: (item: T, path: string) => R | null,
): R[] | null {
  if (items === undefined || items === null) return null;
  if (!Array.isArray(items)) {
    errors.add(path, 'must be a list');
    return null;
  }
  if (items.length === 0) {
    errors.add(path, 'an empty list matches nothing: leave the field out to match any value');
    return null;
  }
  const out: R[] = [];
  items.forEach((item, i) => {
    const r = parse(item, `${path}.${i}`);
    if (r !== null) out.push(r);
  });
  return out;
}

/** `HH:MM` from 00:00 to 24:00, as minutes since midnight (Alertmanager's `parseTime`). */
function parseClock(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/.exec(text);
  if (!m) return null;
  return m[3] ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

function parseTimeRange(
  t: { readonly start_time: string; readonly end_time: string },
  path: string,
  errors: FieldErrors,
): IntRange | null {
  const start = parseClock(t?.start_time);
  const end = parseClock(t?.end_time);
  if (start === null) errors.add(`${path}.start_time`, 'must be HH:MM between 00:00 and 23:59');
  if (end === null) errors.add(`${path}.end_time`, 'must be HH:MM between 00:01 and 24:00');
  if (start === null || end === null) return null;
  if (start === 1440) {
    errors.add(`${path}.start_time`, '24:00 can only end a range');
    return null;
  }
  if (end <= start) {
    errors.add(`${path}.end_time`, 'must be after start_time (a range cannot cross midnight: split it in two)');
    return null;
  }
  return { begin: start, end };
}

/** Splits `a:b` (or `a`) and maps each side; null (with an error recorded) when malformed. */
function parseRange(
  raw: string | number,
  path: string,
  errors: FieldErrors,
  member: (s: string) => number | null,
  what: string,
): IntRange | null {
  const text = String(raw).trim().toLowerCase();
  const parts = text.split(':');
  if (parts.length > 2 || parts.some((p) => p === '')) {
    errors.add(path, `"${raw}" is not a ${what} or a range ${what}:${what}`);
    return null;
  }
  const values = parts.map(member);
  if (values.some((v) => v === null)) {
    errors.add(path, `"${raw}" is not a valid ${what}`);
    return null;
  }
  return { begin: values[0]!, end: values[values.length - 1]! };
}

const integer = (s: string): number | null => (/^[+-]?\d+$/.test(s) ? Number(s) : null);

function parseWeekdays(raw: string, path: string, errors: FieldErrors): IntRange | null {
  const r = parseRange(raw, path, errors, (s) => (WEEKDAYS.includes(s) ? WEEKDAYS.indexOf(s) : null), 'weekday');
  if (r && r.begin > r.end) {
    errors.add(path, `"${raw}": the week starts on Sunday, so the range ends before it starts (list the days instead)`);
    return null;
  }
  return r;
}

function parseDays(raw: string | number, path: string, errors: FieldErrors): IntRange | null {
  const r = parseRange(raw, path, errors, integer, 'day of the month');
  if (!r) return null;
  for (const d of [r.begin, r.end]) {
    if (d === 0 || d < -31 || d > 31) {
      errors.add(path, `${d} is not a day of the month (1…31, or -31…-1 counted from the end)`);
      return null;
    }
  }
  // Alertmanager's checks: a negative start needs a negative end, and a range that is reversed in every month
  // (judged on the shortest month, 28 days) is refused.
  if (r.begin < 0 && r.end > 0) {
    errors.add(path, `"${raw}": a range starting from the end of the month must end from the end too`);
    return null;
  }
  const b = r.begin < 0 ? 28 + r.begin : r.begin;
  const e = r.end < 0 ? 28 + r.end : r.end;
  if (b > e) {
    errors.add(path, `"${raw}": the range always ends before it starts`);
    return null;
  }
  return r;
}

function parseMonths(raw: string | number, path: string, errors: FieldErrors): IntRange | null {
  const member = (s: string): number | null => {
    if (MONTHS.includes(s)) return MONTHS.indexOf(s) + 1;
    const n = integer(s);
    return n !== null && n >= 1 && n <= 12 ? n : null;
  };
  const r = parseRange(raw, path, errors, member, 'month');
  if (r && r.begin > r.end) {
    errors.add(path, `"${raw}": the range ends before it starts (a range does not wrap into the next year)`);
    return null;
  }
  return r;
}

function parseYears(raw: string | number, path: string, errors: FieldErrors): IntRange | null {
  const member = (s: string): number | null => {
    const n = integer(s);
    return n !== null && n >= 1 && n <= 9999 ? n : null;
  };
  const r = parseRange(raw, path, errors, member, 'year');
  if (r && r.begin > r.end) {
    errors.add(path, `"${raw}": the range ends before it starts`);
    return null;
  }
  return r;
}
