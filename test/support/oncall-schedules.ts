/**
 * Helpers for the on-call calculator tests: build schedules through the schema (so tests exercise the
 * config shape) and print pieces compactly. Not used by production code.
 */
import { DateTime } from 'luxon';
import { Layer, Schedule } from '../../apps/server/src/oncall/schema.ts';
import type { Interval } from '../../apps/server/src/oncall/interval.ts';

/** Parses a schedule through the schema; `layers` entries get defaults for omitted fields. */
export function schedule(input: {
  id?: string;
  timeZone: string;
  layers: Array<Partial<Layer> & { participants: string[] }>;
  overrides?: Schedule['overrides'];
}): Schedule {
  return Schedule.parse({
    id: input.id ?? 'primary',
    timeZone: input.timeZone,
    layers: input.layers.map((l, i) => ({
      id: `l${i}`,
      shift: { every: 1, unit: 'days' },
      start: '2026-01-05T09:00',
      ...l,
    })),
    ...(input.overrides ? { overrides: input.overrides } : {}),
  });
}

/** A UTC instant from ISO text (`2026-03-08T14:00Z`). */
export const at = (iso: string): Date => new Date(iso);

/** A UTC instant from a local date-time in a zone (unambiguous times only). */
export function local(zone: string, text: string): Date {
  const dt = DateTime.fromISO(text, { zone });
  if (!dt.isValid) throw new Error(`bad local time ${text}`);
  return dt.toJSDate();
}

/** The local wall-clock `YYYY-MM-DDTHH:mm` of an instant in a zone. */
export function wall(zone: string, d: Date): string {
  return DateTime.fromJSDate(d, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");
}

/** `start → end user [source]` with ISO UTC minutes, for readable equality assertions. */
export function show(p: Interval & { user?: string; source?: string }): string {
  const t = (d: Date) => d.toISOString().slice(0, 16) + 'Z';
  return [`${t(p.start)} → ${t(p.end)}`, p.user, p.source].filter((x) => x !== undefined).join(' ');
}

/** Length of an interval in hours. */
export const hours = (p: Interval): number => (p.end.getTime() - p.start.getTime()) / 3_600_000;

/** Reads VEVENTs back from iCal text (unfolding continuation lines): one record of property → value each. */
export function parseEvents(text: string): Array<Record<string, string>> {
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Array<Record<string, string>> = [];
  let current: Record<string, string> | null = null;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') current = {};
    else if (line === 'END:VEVENT') {
      events.push(current!);
      current = null;
    } else if (current) {
      const i = line.indexOf(':');
      current[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return events;
}

/** A UTC instant from an iCal `YYYYMMDDTHHMMSSZ` value. */
export function icalDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) throw new Error(`not a UTC iCal date: ${value}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}
