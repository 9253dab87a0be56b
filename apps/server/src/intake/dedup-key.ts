/**
 * Alert identity at intake, and the rules every intake source shares: the payload limits, the label-set
 * rules, timestamp parsing and severity normalisation. Pure; no I/O.
 *
 * The sources (sources/*.ts) validate with zod and reuse the schema pieces below, so a label, a timestamp
 * or a limit is checked the same way whichever door the alert came in by.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AppError, fieldsFromZod, validationError } from '../lib/index.ts';

/** Limits shared by every intake source. Lengths count UTF-16 code units (JavaScript string length). */
export const INTAKE_LIMITS = {
  /** Alerts in one payload; more is a VALIDATION error on the path `alerts`. */
  maxAlertsPerPayload: 1000,
  /** Characters of one label value. */
  maxLabelValueLength: 1024,
  /** Characters of a dedup key (PagerDuty's documented `dedup_key` limit, applied to every source). */
  maxDedupKeyLength: 255,
  /** Characters of a summary / title (PagerDuty's documented `payload.summary` limit). */
  maxSummaryLength: 1024,
} as const;

/** A label name, as Prometheus defines it (data model: `[a-zA-Z_][a-zA-Z0-9_]*`). */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * A stable identity for a label set: sha256 over the JSON of the `[name, value]` pairs sorted by name,
 * hex, first 16 characters (64 bits, the width of an Alertmanager fingerprint). Order-independent:
 * `{a,b}` and `{b,a}` give the same key. Names are sorted by UTF-16 code unit, not by locale, so every node computes the same key.
 *
 * Used as the dedup key when a source gives none (Alertmanager without `fingerprint`, generic without
 * `dedupKey`). It is not Alertmanager's own fingerprint algorithm; the two never need to match because
 * Alertmanager always sends its fingerprint.
 */
export function labelSetKey(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // JSON encoding keeps pairs unambiguous whatever characters the names and values hold.
  return createHash('sha256').update(JSON.stringify(pairs)).digest('hex').slice(0, 16);
}

/** True for a JSON object (not null, not an array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go's zero `time.Time` (`0001-01-01T00:00:00Z`): Alertmanager's way of saying "not set". */
export const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Parses an RFC 3339 timestamp to epoch milliseconds, or returns null when the text is not one.
 * Accepts any fraction up to nanoseconds (Go's `RFC3339Nano`, e.g. `2026-11-21T14:02:42.635630378Z`),
 * truncated to the millisecond; `Z` or a numeric offset, with or without the colon (`+0000` is what
 * PagerDuty's own examples use). A zone is required: a local time without offset is ambiguous.
 * Calendar fields are range-checked (no 31 February, no leap second).
 */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [hour, minute, second] = [Number(m[4]), Number(m[5]), Number(m[6])];
  const ms = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day); // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 19xx
  if (d.getUTCDate() !== day) return null;
  d.setUTCHours(hour, minute, second, ms);
  let offsetMinutes = 0;
  if (!m[8]) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return d.getTime() - offsetMinutes * 60_000;
}

/** ISO 8601 UTC with milliseconds (`2026-11-21T14:02:42.635Z`) for epoch milliseconds. */
export function toIso(ms: number): string {
  return new Date(ms).toISOString();
}

/** zod: an RFC 3339 string (see `parseTimestamp`), output as epoch milliseconds. */
export const timestampSchema = z.string().transform((text, ctx) => {
  const ms = parseTimestamp(text);
  if (ms === null) {
    ctx.issues.push({
      code: 'custom',
      input: text,
      message: 'must be an RFC 3339 timestamp with a zone, e.g. 2026-11-21T14:02:42Z',
    });
    return z.NEVER;
  }
  return ms;
});

/**
 * zod: a JSON object of string values, output as a fresh plain object. With `labels: true` the names must
 * match `LABEL_NAME_PATTERN` and values are at most `INTAKE_LIMITS.maxLabelValueLength`; `minEntries`
 * demands a non-empty set. Each problem is reported at `<path>.<name>`. `__proto__` is refused as a name
 * so the output can be spread and indexed safely.
 */
export function stringMapSchema(opts: { labels: boolean; minEntries?: number }) {
  return z.unknown().transform((input, ctx): Record<string, string> => {
    if (!isPlainObject(input)) {
      ctx.issues.push({ code: 'custom', input, message: 'must be an object of string values' });
      return z.NEVER;
    }
    const entries = Object.entries(input);
    let ok = true;
    const fail = (name: string, message: string) => {
      ok = false;
      ctx.issues.push({ code: 'custom', input, path: [name], message });
    };
    for (const [name, value] of entries) {
      if (typeof value !== 'string') fail(name, 'must be a string');
      else if (name === '__proto__') fail(name, 'is a reserved name');
      else if (opts.labels && !LABEL_NAME_PATTERN.test(name))
        fail(name, 'label name must match [a-zA-Z_][a-zA-Z0-9_]*');
      else if (opts.labels && value.length > INTAKE_LIMITS.maxLabelValueLength)
        fail(name, `label value must be at most ${INTAKE_LIMITS.maxLabelValueLength} characters`);
    }
    if (ok && entries.length < (opts.minEntries ?? 0)) {
      ctx.issues.push({
        code: 'custom',
        input,
        message: `needs at least ${opts.minEntries} ${opts.labels ? 'label' : 'entry'}`,
      });
      ok = false;
    }
    return ok ? (Object.fromEntries(entries) as Record<string, string>) : z.NEVER;
  });
}

/**
 * Throws the shared VALIDATION error when a payload holds more than `INTAKE_LIMITS.maxAlertsPerPayload`
 * alerts, before any alert is validated (so a huge payload costs one check, not a thousand error rows).
 * @param path the dotted path of the array, `alerts`
 */
export function assertAlertCount(count: number, path: string, what: string): void {
  if (count > INTAKE_LIMITS.maxAlertsPerPayload) {
    throw validationError(
      [{ path, message: `at most ${INTAKE_LIMITS.maxAlertsPerPayload} alerts per payload (got ${count})` }],
      what,
    );
  }
}

/** The part of a zod issue intake reads; parsers may add their own issues of this shape. */
export interface IntakeIssue {
  readonly code?: string;
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly keys?: readonly string[];
}

/**
 * Turns zod issues into the VALIDATION AppError. An unknown field becomes one field error per name
 * (`alerts.0.colour: unknown field`) rather than one error on the parent.
 * @param what names the payload in the message, e.g. `Alertmanager payload`
 */
export function intakeValidationError(issues: readonly IntakeIssue[], what: string): AppError {
  const expanded = issues.flatMap((issue): IntakeIssue[] =>
    issue.code === 'unrecognized_keys' && issue.keys
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: 'unknown field' }))
      : [issue],
  );
  return validationError(fieldsFromZod(expanded), what);
}

// prettier-ignore
const SEVERITY_ALIASES: Readonly<Record<string, string>> = {
  critical: 'critical', crit: 'critical', page: 'critical', p1: 'critical',
  error: 'error', err: 'error', high: 'error', major: 'error',
  warning: 'warning', warn: 'warning', medium: 'warning', minor: 'warning',
  info: 'info', informational: 'info', low: 'info', none: 'info',
};

/**
 * Maps a free-form severity onto PagerDuty's four values (`critical | error | warning | info`), the scale
 * the rest of Faultline grades from. Aliases: critical/crit/page/p1, error/err/high/major,
 * warning/warn/medium/minor, info/informational/low/none (case and surrounding space ignored).
 * An unknown value is kept, lower-cased; absent or empty gives null.
 */
export function normaliseSeverity(raw: string | null | undefined): string | null {
  const value = raw?.trim().toLowerCase();
  if (!value) return null;
  return Object.hasOwn(SEVERITY_ALIASES, value) ? (SEVERITY_ALIASES[value] as string) : value;
}
