/**
 * Generic webhooks with a field mapping: an integration of source `generic` with a `mapping` takes any JSON
 * a tool sends, and each Signal field is a JSONata expression (https://docs.jsonata.org) evaluated on the
 * payload — so a Datadog, Zabbix or Azure Monitor webhook pages Faultline without a parser of its own.
 * Expressions come from the config file (trusted, compiled and checked when it loads); payloads are not,
 * so every evaluation is bounded in time, depth and sequence size (`MAPPING_LIMITS`).
 */
import jsonata from 'jsonata';
import { z } from 'zod';
import type { Signal, SignalAction } from '../signal.ts';
import { AppError, validationError } from '../../lib/index.ts';
import {
  GO_ZERO_TIME_MS,
  INTAKE_LIMITS,
  assertAlertCount,
  labelSetKey,
  normaliseSeverity,
  parseTimestamp,
  toIso,
} from '../dedup-key.ts';

/** Bounds of one payload's evaluation. Times in milliseconds. */
export const MAPPING_LIMITS = {
  /** One expression's evaluation (JSONata's own `timeout` guard, checked at each step). */
  expressionTimeoutMs: 200,
  /** The whole payload, every item and field together. */
  payloadTimeoutMs: 2_000,
  /** JSONata evaluation depth (its `stack` guard). */
  maxDepth: 300,
  /** Items of an intermediate sequence (its `sequence` guard). */
  maxSequence: 10_000,
  /** Characters of one expression in the config. */
  maxExpressionLength: 4_000,
} as const;

/** The mapped fields, in evaluation order; `items` first, the rest per item. */
export const MAPPING_FIELDS = [
  'items',
  'dedupKey',
  'summary',
  'status',
  'severity',
  'labels',
  'annotations',
  'startsAt',
  'endsAt',
] as const;
type MappingField = (typeof MAPPING_FIELDS)[number];

const compiled = new Map<string, jsonata.Expression>();

/**
 * The compiled expression for `text` (cached: configs are small and reloaded rarely).
 * @throws the JSONata error (`{ code, position, message }`) when it does not compile
 */
function compile(text: string): jsonata.Expression {
  let expr = compiled.get(text);
  if (!expr) {
    expr = jsonata(text, {
      timeout: MAPPING_LIMITS.expressionTimeoutMs,
      stack: MAPPING_LIMITS.maxDepth,
      sequence: MAPPING_LIMITS.maxSequence,
    });
    compiled.set(text, expr);
  }
  return expr;
}

const jsonataMessage = (e: unknown): string => {
  const err = e as { message?: string; code?: string; position?: number };
  const where = typeof err.position === 'number' ? ` at character ${err.position}` : '';
  return `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}${where}`;
};

const expression = z
  .string()
  .min(1)
  .max(MAPPING_LIMITS.maxExpressionLength)
  .superRefine((text, ctx) => {
    try {
      compile(text);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: `not a JSONata expression: ${jsonataMessage(e)}` });
    }
  });

/**
 * An integration's field mapping (config: `integrations[].mapping`, source `generic` only). Each value is a
 * JSONata expression; an expression that does not compile fails the config load, naming its field
 * (`integrations.3.mapping.summary`).
 */
export const WebhookMapping = z.strictObject({
  items: expression
    .optional()
    .describe('the payload’s alerts (an array); the other fields are then evaluated on each, $payload = the body'),
  dedupKey: expression.optional().describe('the dedup key (≤ 255); default: a hash of the labels and summary'),
  summary: expression.describe('one line for people (required)'),
  status: expression
    .optional()
    .describe('firing / resolved / acknowledged, or an alias such as ok, problem, Fired, Resolved; default firing'),
  severity: expression.optional().describe('normalised to critical, error, warning or info where it says so'),
  labels: expression.optional().describe('an object: the matchable facts'),
  annotations: expression.optional().describe('an object: non-identifying text'),
  startsAt: expression.optional().describe('RFC 3339, or epoch seconds / milliseconds; default: receipt time'),
  endsAt: expression.optional().describe('RFC 3339, or epoch seconds / milliseconds'),
});
export type WebhookMapping = z.infer<typeof WebhookMapping>;

// prettier-ignore
const STATUS_WORDS: Readonly<Record<string, SignalAction>> = {
  firing: 'trigger', fired: 'trigger', trigger: 'trigger', triggered: 'trigger', alert: 'trigger',
  alerting: 'trigger', problem: 'trigger', open: 'trigger', active: 'trigger', down: 'trigger',
  resolved: 'resolve', resolve: 'resolve', ok: 'resolve', recovery: 'resolve', recovered: 'resolve',
  closed: 'resolve', inactive: 'resolve', up: 'resolve',
  acknowledged: 'acknowledge', acknowledge: 'acknowledge', ack: 'acknowledge',
};

/** A mapping error on `mapping.<field>` (prefixed with the item's index when `items` is mapped). */
class MappingError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

/**
 * Maps one payload to Signals (source `generic`) by the integration's JSONata `mapping`.
 *
 * - With `items`, its result (an array of objects, at most 1000; one object counts as one) gives the alerts
 *   and every other field is evaluated on each item, with `$payload` bound to the whole body; without it
 *   the body is the one alert.
 * - summary (required): a non-empty string or number, cut to 1024 characters.
 * - status: a word of `STATUS_WORDS` (case-insensitive: `Fired`, `OK`, `problem`…); absent → firing.
 * - dedupKey: a string or number up to 255 characters; absent or empty → `labelSetKey({ ...labels, summary })`.
 * - severity: `normaliseSeverity`; also the label `severity` unless the labels have one.
 * - labels / annotations: an object; string, number and boolean values kept (cut to 1024), others skipped;
 *   label names made valid (`disk usage` → `disk_usage`).
 * - startsAt / endsAt: RFC 3339 with a zone, or a number (epoch seconds below 10^11, else milliseconds);
 *   absent → receipt time / null. A resolved alert without endsAt ends at receipt.
 *
 * @throws AppError VALIDATION naming the field: `mapping.summary` (`items.2.mapping.summary` per item) when
 *   an expression fails (JSONata error, timeout, depth) or gives an unusable value; `mapping.items` for more
 *   than 1000 items or a payload whose mapping takes longer than 2 s in all
 */
export async function parseMapped(mapping: WebhookMapping, body: unknown, receivedAt: Date): Promise<Signal[]> {
  const deadline = Date.now() + MAPPING_LIMITS.payloadTimeoutMs;
  const run = async (field: MappingField, input: unknown, where: string): Promise<unknown> => {
    const text = mapping[field];
    if (text === undefined) return undefined;
    if (Date.now() > deadline)
      throw fail(`${where}mapping.${field}`, `the mapping took longer than ${MAPPING_LIMITS.payloadTimeoutMs} ms`);
    try {
      return await compile(text).evaluate(input, { payload: body });
    } catch (e) {
      throw fail(`${where}mapping.${field}`, jsonataMessage(e));
    }
  };

  let items: unknown[] = [body];
  if (mapping.items !== undefined) {
    const value = await run('items', body, '');
    items = value === undefined ? [] : Array.isArray(value) ? [...(value as unknown[])] : [value];
    assertAlertCount(items.length, 'mapping.items', 'mapped webhook payload');
  }
  const signals: Signal[] = [];
  for (const [i, item] of items.entries()) {
    const where = mapping.items !== undefined ? `items.${i}.` : '';
    try {
      signals.push(await mapOne(receivedAt, (field) => run(field, item, where)));
    } catch (e) {
      if (e instanceof MappingError) throw fail(`${where}mapping.${e.field}`, e.message);
      throw e;
    }
  }
  return signals;
}

async function mapOne(receivedAt: Date, run: (field: MappingField) => Promise<unknown>): Promise<Signal> {
  const summaryValue = scalar('summary', await run('summary'));
  if (!summaryValue) throw new MappingError('summary', 'gave no text (the summary is required)');
  const summary = summaryValue.slice(0, INTAKE_LIMITS.maxSummaryLength);

  const statusValue = scalar('status', await run('status'));
  let action: SignalAction = 'trigger';
  if (statusValue) {
    const word = statusValue.trim().toLowerCase();
    if (!Object.hasOwn(STATUS_WORDS, word))
      throw new MappingError('status', `gave "${statusValue.slice(0, 50)}": expected firing, resolved or acknowledged`);
    action = STATUS_WORDS[word]!;
  }

  const labels = stringMap('labels', await run('labels'), true);
  const annotations = stringMap('annotations', await run('annotations'), false);
  const severity = normaliseSeverity(scalar('severity', await run('severity')));
  if (severity !== null && !Object.hasOwn(labels, 'severity'))
    labels.severity = severity.slice(0, INTAKE_LIMITS.maxLabelValueLength);

  const dedupValue = scalar('dedupKey', await run('dedupKey'));
  if (dedupValue && dedupValue.length > INTAKE_LIMITS.maxDedupKeyLength)
    throw new MappingError('dedupKey', `gave ${dedupValue.length} characters (at most 255)`);
  const dedupKey = dedupValue || labelSetKey({ ...labels, summary });

  const startsAt = instant('startsAt', await run('startsAt')) ?? receivedAt.getTime();
  let endsAt = instant('endsAt', await run('endsAt'));
  if (endsAt === null && action === 'resolve') endsAt = receivedAt.getTime();
  return {
    action,
    dedupKey,
    summary,
    severity,
    labels,
    annotations,
    startsAt: toIso(startsAt),
    endsAt: endsAt === null ? null : toIso(endsAt),
    source: 'generic',
  };
}

function fail(path: string, message: string): AppError {
  return validationError([{ path, message }], 'mapped webhook payload');
}

/** A string or number result as text; undefined/null/"" → null; anything else is an error on `field`. */
function scalar(field: MappingField, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MappingError(field, `gave ${Array.isArray(value) ? 'a list' : typeof value}, expected one value`);
}

function stringMap(field: MappingField, value: unknown, labels: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new MappingError(field, `gave ${Array.isArray(value) ? 'a list' : typeof value}, expected an object`);
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') continue;
    const name = labels ? labelName(key) : key;
    if (name === '__proto__' || name === '') continue;
    out[name] = String(v).slice(0, INTAKE_LIMITS.maxLabelValueLength);
  }
  return out;
}

/** A label name from any key: other characters become `_`, a leading digit gets `_`. */
function labelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[a-zA-Z_]/.test(name) ? name : `_${name}`;
}

function instant(field: MappingField, value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  let ms: number | null = null;
  if (typeof value === 'number' && Number.isFinite(value)) ms = value < 1e11 ? value * 1000 : value;
  else if (typeof value === 'string') ms = parseTimestamp(value);
  if (ms === null || !Number.isFinite(ms) || Math.abs(ms) > 8.64e15)
    throw new MappingError(field, 'gave no RFC 3339 time with a zone, nor epoch seconds or milliseconds');
  return ms === GO_ZERO_TIME_MS ? null : Math.round(ms);
}
