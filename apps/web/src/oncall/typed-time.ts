/**
 * A time of day as a person types it into the console's time fields (24-hour clock, the viewer's zone):
 * `18` is 18:00, `1830`, `18:30` and `18.30` are 18:30, `930` and `9:30` are 09:30. Written for issue 12: the
 * date-time picker's spinning hour field turned a typed `18` into 10:08.
 */
export interface ClockTime {
  /** 0–23 */
  hours: number;
  /** 0–59 */
  minutes: number;
}

const TYPED = /^(\d{1,2})(?:[:.h]?(\d{2}))?$/;

/** The time `text` names (see the module comment), or null when it names none (`25`, `18:7`, `noon`). */
export function parseTypedTime(text: string): ClockTime | null {
  const m = TYPED.exec(text.trim());
  if (!m) return null;
  const hours = Number(m[1]);
  const minutes = m[2] === undefined ? 0 : Number(m[2]);
  return hours <= 23 && minutes <= 59 ? { hours, minutes } : null;
}

/** `HH:mm`, zero-padded. */
export function formatClockTime({ hours, minutes }: ClockTime): string {
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
