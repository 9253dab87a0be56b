/**
 * Pasted timeline lines (issue 17 point 3: "a responder can paste lines `2026-12-01 18:01, who did what` to add
 * several at once"; the format of Alibaba GEMP's CreateProblemTimelines, with its key-node tags).
 *
 * One entry per line: `YYYY-MM-DD HH:mm[:ss][offset], text`.
 * - The date may use `/` (`2026/12/01`); the separator after the time is `,`, the full-width `，` (pasted
 *   from Chinese chat tools) or a tab.
 * - The time is wall-clock time in the given IANA zone (the person's zone), DST-correct through luxon; an
 *   optional offset (`Z`, `+08:00`, `-0500`) overrides the zone for that line.
 * - The text may start with milestone tags, `[cause_located]`, `[detected, acknowledged]` or
 *   `[mitigated_at]`: the entry is then also that key time. A bracket group whose items are not all
 *   milestone codes is ordinary text (`[db] pool exhausted`), except one that looks like a code (has an
 *   underscore) but is none, which is refused as a likely typo. A line of tags only gets the milestones'
 *   labels as its text.
 * - Blank lines are skipped. Every other problem is reported for its line, and the caller writes nothing if
 *   there is any (bad input writes nothing).
 *
 * DST: a wall time skipped by spring-forward does not exist and a wall time repeated by fall-back happens
 * twice; both are refused with a message saying how to write the line (give the offset), since a guess could
 * put an entry an hour off and out of order.
 */
import { DateTime, FixedOffsetZone, IANAZone } from 'luxon';
import type { FieldError } from '@faultline/contracts';
import { DEFAULT_FUTURE_SKEW_MS } from './milestone-edit.ts';
import { milestoneFromTag, milestoneInfo, type MilestoneCode } from './milestones.ts';

/** Most lines one paste may hold. */
export const MAX_PASTE_LINES = 500;

/** One parsed line. */
export interface PastedEntry {
  /** 1-based line number in the pasted text. */
  line: number;
  /** The instant (UTC). */
  at: Date;
  /** Who did what, tags removed. */
  text: string;
  /** Milestones the line was tagged with, in the order written. */
  milestones: MilestoneCode[];
}

/** A problem with one line: `path` is `<field>.<0-based line index>`, `line` is 1-based. */
export interface PasteError extends FieldError {
  line: number | null;
}

/** The outcome: entries in the order written, and every problem found. */
export interface PasteResult {
  entries: PastedEntry[];
  errors: PasteError[];
}

const LINE =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(Z|[+-]\d{2}:?\d{2})?\s*[,，\t]\s*(.*)$/;
const TAG_GROUP = /^\[([^\]]*)\]\s*/;

/**
 * Parses pasted lines.
 * @param text the pasted text; lines separated by LF or CRLF
 * @param opts.zone IANA zone the times are written in (the person's zone)
 * @param opts.now the server's clock: lines later than `now + skewMs` are refused
 * @param opts.field the request field holding the text, for error paths (default `text`)
 * @returns entries when every line parsed; errors otherwise (entries then hold the lines that parsed)
 */
export function parseTimelinePaste(
  text: string,
  opts: { zone: string; now: Date; skewMs?: number; field?: string; maxLines?: number },
): PasteResult {
  const field = opts.field ?? 'text';
  const skewMs = opts.skewMs ?? DEFAULT_FUTURE_SKEW_MS;
  const maxLines = opts.maxLines ?? MAX_PASTE_LINES;
  if (!IANAZone.isValidZone(opts.zone))
    return { entries: [], errors: [{ path: 'zone', line: null, message: `unknown time zone "${opts.zone}"` }] };
  const lines = text.split(/\r?\n/);
  const filled = lines.filter((l) => l.trim() !== '').length;
  if (filled === 0) return { entries: [], errors: [{ path: field, line: null, message: 'paste at least one line' }] };
  if (filled > maxLines)
    return {
      entries: [],
      errors: [{ path: field, line: null, message: `at most ${maxLines} lines at once (got ${filled})` }],
    };

  const entries: PastedEntry[] = [];
  const errors: PasteError[] = [];
  const taggedOn = new Map<MilestoneCode, number>();
  lines.forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    const fail = (message: string) =>
      void errors.push({ path: `${field}.${index}`, line, message: `line ${line}: ${message}` });
    const parsed = parseLine(raw.trim(), opts.zone);
    if ('error' in parsed) return fail(parsed.error);
    if (parsed.at.getTime() > opts.now.getTime() + skewMs)
      return fail(`${parsed.written} is in the future (now is ${opts.now.toISOString()})`);
    for (const code of parsed.milestones) {
      const first = taggedOn.get(code);
      if (first !== undefined) return fail(`${code} is already tagged on line ${first}`);
    }
    for (const code of parsed.milestones) taggedOn.set(code, line);
    entries.push({ line, at: parsed.at, text: parsed.text, milestones: parsed.milestones });
  });
  return { entries, errors };
}

type Parsed = { at: Date; written: string; text: string; milestones: MilestoneCode[] } | { error: string };

function parseLine(raw: string, zone: string): Parsed {
  const m = LINE.exec(raw);
  if (!m) return { error: `expected "YYYY-MM-DD HH:mm, who did what", got "${clip(raw)}"` };
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const offset = m[7];
  const date = `${year}-${pad(month)}-${pad(day)}`;
  const time = `${pad(hour)}:${pad(minute)}${m[6] ? `:${pad(second)}` : ''}`;
  const written = `${date} ${time}${offset ?? ''}`;
  if (!DateTime.fromObject({ year, month, day }, { zone: 'UTC' }).isValid)
    return { error: `${date} is not a calendar date` };
  if (hour > 23 || minute > 59 || second > 59) return { error: `${time} is not a time of day` };

  const wall = { year, month, day, hour, minute, second };
  let at: DateTime;
  if (offset !== undefined) {
    const minutes = offsetMinutes(offset);
    if (Math.abs(minutes) > 14 * 60 || minutes % 15 !== 0) return { error: `${offset} is not a UTC offset` };
    at = DateTime.fromObject(wall, { zone: FixedOffsetZone.instance(minutes) });
  } else {
    at = DateTime.fromObject(wall, { zone });
    // luxon moves a skipped wall time forward by the gap; the wall clock then differs from what was written.
    if (at.year !== year || at.month !== month || at.day !== day || at.hour !== hour || at.minute !== minute)
      return { error: `${date} ${time} does not exist in ${zone} (the clocks moved forward); check the time` };
    const possible = at.getPossibleOffsets();
    if (possible.length > 1) {
      const offsets = possible.map((p) => p.toFormat('ZZ'));
      return {
        error: `${date} ${time} happens twice in ${zone} (at ${offsets.join(' and ')}); add the offset, e.g. "${date} ${time}${offsets[0]}, …"`,
      };
    }
  }
  const tags = readTags(m[8]!);
  if ('error' in tags) return tags;
  const text = tags.text || tags.milestones.map((c) => milestoneInfo(c).label).join(', ');
  if (!text) return { error: 'say who did what after the time' };
  return { at: at.toJSDate(), written, text, milestones: tags.milestones };
}

function readTags(rest: string): { text: string; milestones: MilestoneCode[] } | { error: string } {
  const milestones: MilestoneCode[] = [];
  let text = rest;
  for (let g = TAG_GROUP.exec(text); g; g = TAG_GROUP.exec(text)) {
    const items = g[1]!.split(',').map((s) => s.trim());
    const codes = items.map(milestoneFromTag);
    if (codes.every((c) => c !== undefined)) {
      for (const c of codes) if (!milestones.includes(c!)) milestones.push(c!);
      text = text.slice(g[0].length);
      continue;
    }
    const typo = items.find((item, i) => codes[i] === undefined && /^[a-z]+(_[a-z]+)+$/i.test(item));
    if (typo !== undefined) return { error: `unknown key-time code "${typo}" (e.g. cause_located, mitigated)` };
    break; // ordinary text that starts with a bracket
  }
  return { text: text.trim(), milestones };
}

function offsetMinutes(offset: string): number {
  if (offset === 'Z') return 0;
  const digits = offset.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

const pad = (n: number): string => String(n).padStart(2, '0');
const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/**
 * The milestone changes a paste implies: each tagged code → the time of its line.
 * Validate them with `validateMilestoneEdit`; its `milestones.<code>` paths can be pointed back at the line
 * with `lineOf`.
 */
export function pastedMilestones(entries: readonly PastedEntry[]): {
  changes: Partial<Record<MilestoneCode, Date>>;
  lineOf: Partial<Record<MilestoneCode, number>>;
} {
  const changes: Partial<Record<MilestoneCode, Date>> = {};
  const lineOf: Partial<Record<MilestoneCode, number>> = {};
  for (const e of entries)
    for (const code of e.milestones) {
      changes[code] = e.at;
      lineOf[code] = e.line;
    }
  return { changes, lineOf };
}
