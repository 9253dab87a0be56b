/**
 * Wall-clock time in a named IANA zone, and the two DST rules every schedule calculator shares.
 *
 * A local time is a calendar day (days since 1970-01-01 in the zone's calendar) plus minutes since local
 * midnight. Turning one into an instant is where DST bites:
 *
 * - **Skipped** (spring forward; 02:30 on 2026-03-08 in America/New_York does not exist): the local time
 *   resolves to the first valid instant after the gap — the transition itself (03:00 EDT, 07:00Z). This
 *   is *not* what luxon's `DateTime.fromObject` does (it shifts by the gap length: 03:30).
 * - **Repeated** (fall back; 01:30 on 2026-11-01 in America/New_York happens twice): the local time
 *   resolves to the first occurrence (01:30 EDT, 05:30Z). luxon would pick the second.
 *
 * Offsets come from luxon's `IANAZone` (the runtime's ICU time-zone data). Resolved local times are memoised
 * in a bounded map; that cache is invisible to callers (same inputs, same result).
 */
import { IANAZone } from 'luxon';

/** Milliseconds in a minute. */
export const MINUTE_MS = 60_000;
/** Milliseconds in an hour. */
export const HOUR_MS = 60 * MINUTE_MS;
/** Milliseconds in 24 hours (a calendar day in a zone with DST may be 23 or 25 hours). */
export const DAY_MS = 24 * HOUR_MS;

/** A wall-clock time in some zone: `day` = local calendar days since 1970-01-01, `minute` = 0…1439. */
export interface LocalTime {
  day: number;
  minute: number;
}

const cache = new Map<string, IANAZone>();

function zoneOf(name: string): IANAZone {
  let zone = cache.get(name);
  if (!zone) {
    if (!IANAZone.isValidZone(name)) throw new RangeError(`unknown time zone "${name}"`);
    zone = IANAZone.create(name);
    cache.set(name, zone);
  }
  return zone;
}

/**
 * Whether `name` is an IANA time zone the runtime knows (e.g. `Europe/Berlin`, `UTC`).
 * @param name the zone name
 */
export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/**
 * The zone's UTC offset at an instant.
 * @param zone IANA zone name
 * @param ms the instant, milliseconds since the epoch (UTC)
 * @returns minutes east of UTC (New York in winter: -300)
 * @throws RangeError for an unknown zone
 */
export function offsetAt(zone: string, ms: number): number {
  return zoneOf(zone).offset(ms);
}

/**
 * The wall-clock time at an instant.
 * @param zone IANA zone name
 * @param ms the instant, milliseconds since the epoch (UTC)
 * @returns the local day and minute (seconds are dropped)
 */
export function toLocal(zone: string, ms: number): LocalTime {
  const wall = ms + offsetAt(zone, ms) * MINUTE_MS;
  const day = Math.floor(wall / DAY_MS);
  return { day, minute: Math.floor((wall - day * DAY_MS) / MINUTE_MS) };
}

/**
 * The instant a wall-clock time happens in a zone, with the module's DST rules: a skipped time resolves to
 * the first valid instant after the gap, a repeated time to its first occurrence.
 * @param zone IANA zone name
 * @param local the wall-clock time; `minute` may exceed 1439 or be negative (it rolls into other days)
 * @returns milliseconds since the epoch (UTC)
 * @throws RangeError for an unknown zone
 */
export function toInstant(zone: string, local: LocalTime): number {
  const wall = local.day * DAY_MS + local.minute * MINUTE_MS;
  // Memoised: restriction windows and hand-offs resolve the same few local times over and over.
  const key = `${zone}|${wall}`;
  const hit = resolved.get(key);
  if (hit !== undefined) return hit;
  if (resolved.size >= MEMO_LIMIT) resolved.clear();
  const t = resolve(zoneOf(zone), wall);
  resolved.set(key, t);
  return t;
}

const MEMO_LIMIT = 50_000;
const resolved = new Map<string, number>();

function resolve(z: IANAZone, wall: number): number {
  // Every offset in force within a day either side: a wall time maps to (wall - offset) for one of them.
  const offsets = [...new Set([z.offset(wall - DAY_MS), z.offset(wall), z.offset(wall + DAY_MS)])];
  let best: number | undefined;
  for (const offset of offsets) {
    const t = wall - offset * MINUTE_MS;
    if (z.offset(t) === offset && (best === undefined || t < best)) best = t;
  }
  if (best !== undefined) return best;
  // In a gap: find the transition, the first instant whose wall clock reaches `wall`.
  let lo = wall - Math.max(...offsets) * MINUTE_MS; // before the transition
  let hi = wall - Math.min(...offsets) * MINUTE_MS; // at or after it
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + z.offset(mid) * MINUTE_MS >= wall) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * ISO weekday of a local calendar day.
 * @param day local calendar days since 1970-01-01 (a Thursday)
 * @returns 1 = Monday … 7 = Sunday
 */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * Parses `HH:mm` (00:00–23:59).
 * @returns minutes since midnight
 * @throws RangeError when malformed
 */
export function parseClock(text: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!m) throw new RangeError(`expected HH:mm, got "${text}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/**
 * Parses a local date-time `YYYY-MM-DDTHH:mm` (no offset: it is read in some zone later).
 * @throws RangeError when malformed or not a calendar date (e.g. 2026-02-30)
 */
export function parseLocalDateTime(text: string): LocalTime {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})$/.exec(text);
  if (!m) throw new RangeError(`expected YYYY-MM-DDTHH:mm, got "${text}"`);
  const [year, month, date] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) {
    throw new RangeError(`not a calendar date: "${text}"`);
  }
  return { day: Math.floor(ms / DAY_MS), minute: parseClock(m[4]!) };
}
