/**
 * On-call schedules as written in config (DESIGN §7): a schedule is layers of rotations, optionally
 * restricted to time-of-day or time-of-week windows, plus dated overrides. The user guide with YAML
 * examples is docs/schedules.md.
 *
 * Strict objects: an unknown key is an error, so a typo never silently drops a restriction. Parsed values
 * keep their written form (local times as `YYYY-MM-DDTHH:mm` / `HH:mm` strings, override instants as ISO
 * 8601 strings); the calculators read them.
 */
import { z } from 'zod';
import { isValidTimeZone, parseLocalDateTime } from '../lib/index.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

/** An IANA time zone name the runtime knows, e.g. `Europe/Berlin`. */
export const TimeZone = z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' });

/** A local time of day, `HH:mm` from 00:00 to 23:59, in the zone of the layer. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:mm (00:00–23:59)');

/** A local date-time `YYYY-MM-DDTHH:mm` without an offset, read in the zone of the layer. */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'use YYYY-MM-DDTHH:mm (local, no offset)')
  .refine(
    (text) => {
      try {
        parseLocalDateTime(text);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a calendar date and time' },
  );

/** An instant: ISO 8601 with `Z` or an offset, e.g. `2026-03-08T09:00:00-05:00`. */
export const Instant = z.iso.datetime({ offset: true });

/** Day of the week, Monday first. */
export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/**
 * Every day from `from` to `to` local time. `to` earlier than `from` crosses midnight (22:00–06:00 ends
 * the next morning); `to` equal to `from` is the whole day.
 */
export const DailyRestriction = z.strictObject({ kind: z.literal('daily'), from: ClockTime, to: ClockTime });
export type DailyRestriction = z.infer<typeof DailyRestriction>;

/**
 * Every week from `from.day` at `from.time` to the next `to.day` at `to.time`, local time; may span days
 * and wrap past Sunday (fri 18:00 → mon 08:00). Equal ends are the whole week.
 */
export const WeeklyRestriction = z.strictObject({
  kind: z.literal('weekly'),
  from: z.strictObject({ day: Weekday, time: ClockTime }),
  to: z.strictObject({ day: Weekday, time: ClockTime }),
});
export type WeeklyRestriction = z.infer<typeof WeeklyRestriction>;

/** A window when a layer's rotation is on call; outside every window of a layer it has nobody. */
export const Restriction = z.discriminatedUnion('kind', [DailyRestriction, WeeklyRestriction]);
export type Restriction = z.infer<typeof Restriction>;

/** Shift length: `every` hours, days or weeks. */
export const ShiftLength = z.strictObject({
  every: z.number().int().min(1),
  unit: z.enum(['hours', 'days', 'weeks']),
});
export type ShiftLength = z.infer<typeof ShiftLength>;

/**
 * A layer (rotation): participants take turns in order, the first from `start`, each for one shift.
 * Day and week shifts hand off at `start`'s local wall-clock time; hour shifts are fixed lengths of
 * absolute time. Higher layers (later in the schedule's list) win where they have someone on call.
 */
export const Layer = z.strictObject({
  id,
  name: z.string().optional(),
  participants: z.array(z.email()).min(1).describe('user emails, in rotation order; a user may repeat'),
  shift: ShiftLength,
  start: LocalDateTime.describe('the first hand-off, local time in the layer zone'),
  timeZone: TimeZone.optional().describe("overrides the schedule's zone for this layer (follow-the-sun)"),
  restrictions: z.array(Restriction).min(1).optional().describe('on call only inside these windows'),
});
export type Layer = z.infer<typeof Layer>;

/**
 * An override from `start` (inclusive) to `end` (exclusive). With `replaces`, `user` takes over only the
 * time the layers give to `replaces` (a swap is two overrides); without it, `user` is on call alone for the
 * whole window, over every layer. Where overrides collide, the later in the list wins.
 */
export const Override = z
  .strictObject({
    user: z.email(),
    start: Instant,
    end: Instant,
    replaces: z.email().optional(),
  })
  .refine((o) => Date.parse(o.end) > Date.parse(o.start), { message: 'end must be after start', path: ['end'] })
  .refine((o) => o.replaces !== o.user, { message: 'a user cannot replace themselves', path: ['replaces'] });
export type Override = z.infer<typeof Override>;

/** An on-call schedule: layers combined top-down, then overrides. */
export const Schedule = z
  .strictObject({
    id,
    name: z.string().optional(),
    timeZone: TimeZone.describe('IANA zone of local times (layer starts, restrictions)'),
    layers: z.array(Layer),
    overrides: z.array(Override).optional(),
  })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.layers.forEach((layer, i) => {
      if (seen.has(layer.id)) {
        ctx.addIssue({ code: 'custom', message: `duplicate layer id "${layer.id}"`, path: ['layers', i, 'id'] });
      }
      seen.add(layer.id);
    });
  });
export type Schedule = z.infer<typeof Schedule>;
