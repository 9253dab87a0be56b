/**
 * The schedule editor's form state and its conversion to and from the API body (the config shape of
 * docs/schedules.md plus `team`). Local date-times stay wall-clock text (`YYYY-MM-DDTHH:mm`) in the layer's
 * zone: the editor never converts them through the viewer's zone.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayName = (typeof WEEKDAYS)[number];
export const SHIFT_UNITS = ['hours', 'days', 'weeks'] as const;
export type ShiftUnit = (typeof SHIFT_UNITS)[number];

/** A time-of-day (`daily`) or time-of-week (`weekly`) window; the days are used by `weekly` only. */
export interface RestrictionDraft {
  kind: 'daily' | 'weekly';
  fromDay: WeekdayName;
  fromTime: string;
  toDay: WeekdayName;
  toTime: string;
}

export interface LayerDraft {
  id: string;
  name: string;
  participants: string[];
  every: number;
  unit: ShiftUnit;
  /** First hand-off, local wall-clock `YYYY-MM-DDTHH:mm` in the layer's zone. */
  start: string;
  /** Empty: the schedule's zone. */
  timeZone: string;
  restrictions: RestrictionDraft[];
}

export interface ScheduleDraft {
  id: string;
  name: string;
  /** Owning team id, empty for none. */
  team: string;
  timeZone: string;
  layers: LayerDraft[];
  /** Overrides written in the body (not the runtime ones), kept as they are. */
  overrides: unknown[];
}

const str = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const rec = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const day = (v: unknown): WeekdayName =>
  (WEEKDAYS as readonly string[]).includes(str(v)) ? (str(v) as WeekdayName) : 'mon';

/** A new layer: weekly hand-off on the coming Monday at 09:00, no restrictions. */
export function newLayer(index: number, start: string): LayerDraft {
  return {
    id: `layer-${index + 1}`,
    name: '',
    participants: [],
    every: 1,
    unit: 'weeks',
    start,
    timeZone: '',
    restrictions: [],
  };
}

export function newRestriction(): RestrictionDraft {
  return { kind: 'daily', fromDay: 'mon', fromTime: '09:00', toDay: 'fri', toTime: '17:00' };
}

function restrictionFrom(raw: unknown): RestrictionDraft {
  const r = rec(raw);
  if (r.kind === 'weekly') {
    const from = rec(r.from);
    const to = rec(r.to);
    return {
      kind: 'weekly',
      fromDay: day(from.day),
      fromTime: str(from.time),
      toDay: day(to.day),
      toTime: str(to.time),
    };
  }
  return { kind: 'daily', fromDay: 'mon', fromTime: str(r.from), toDay: 'fri', toTime: str(r.to) };
}

/** The form state of a schedule body as the API returns it (unknown keys are dropped). */
export function draftFromBody(body: Record<string, unknown>, team: string | null): ScheduleDraft {
  return {
    id: str(body.id),
    name: str(body.name),
    team: team ?? str(body.team),
    timeZone: str(body.timeZone, 'UTC'),
    layers: arr(body.layers).map((raw) => {
      const l = rec(raw);
      const shift = rec(l.shift);
      const unit = str(shift.unit);
      return {
        id: str(l.id),
        name: str(l.name),
        participants: arr(l.participants).map((p) => str(p)),
        every: typeof shift.every === 'number' ? shift.every : 1,
        unit: (SHIFT_UNITS as readonly string[]).includes(unit) ? (unit as ShiftUnit) : 'weeks',
        start: str(l.start),
        timeZone: str(l.timeZone),
        restrictions: arr(l.restrictions).map(restrictionFrom),
      };
    }),
    overrides: arr(body.overrides),
  };
}

function restrictionBody(r: RestrictionDraft) {
  return r.kind === 'daily'
    ? { kind: 'daily', from: r.fromTime, to: r.toTime }
    : { kind: 'weekly', from: { day: r.fromDay, time: r.fromTime }, to: { day: r.toDay, time: r.toTime } };
}

/** The API body of the form: optional text left empty is omitted, so the server's defaults apply. */
export function bodyFromDraft(d: ScheduleDraft): Record<string, unknown> {
  return {
    id: d.id.trim(),
    ...(d.name.trim() ? { name: d.name.trim() } : {}),
    ...(d.team ? { team: d.team } : {}),
    timeZone: d.timeZone,
    layers: d.layers.map((l) => ({
      id: l.id.trim(),
      ...(l.name.trim() ? { name: l.name.trim() } : {}),
      participants: l.participants,
      shift: { every: l.every, unit: l.unit },
      start: l.start,
      ...(l.timeZone ? { timeZone: l.timeZone } : {}),
      ...(l.restrictions.length ? { restrictions: l.restrictions.map(restrictionBody) } : {}),
    })),
    ...(d.overrides.length ? { overrides: d.overrides } : {}),
  };
}

/** Every path the editor shows an error on; a server message on any other path is listed above the form. */
export function editorPaths(d: ScheduleDraft): string[] {
  const paths = ['id', 'name', 'team', 'timeZone'];
  d.layers.forEach((l, i) => {
    const p = `layers.${i}`;
    paths.push(`${p}.id`, `${p}.name`, `${p}.participants`, `${p}.shift`, `${p}.start`, `${p}.timeZone`);
    l.restrictions.forEach((_, k) => paths.push(`${p}.restrictions.${k}`));
  });
  return paths;
}

/** Whether the form shows `path`: it is one of `paths` or below one, or `layers` itself (the list's own message). */
export function isShown(paths: readonly string[], path: string): boolean {
  return path === 'layers' || paths.some((p) => path === p || path.startsWith(`${p}.`));
}

/** Messages at `prefix` or below it, joined (e.g. every bad participant of a layer on its one input). */
export function errorBelow(errors: Map<string, string>, prefix: string): string | undefined {
  const messages = [...errors].filter(([p]) => p === prefix || p.startsWith(`${prefix}.`)).map(([, m]) => m);
  return messages.length ? messages.join('; ') : undefined;
}
