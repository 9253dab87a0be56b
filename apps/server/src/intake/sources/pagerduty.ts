/**
 * PagerDuty-compatible intake. Format: PagerDuty Events API v2, alert events (`POST /v2/enqueue`;
 * PagerDuty developer docs "Send an Alert Event" and "Events API v2 Overview"), so any tool that can page
 * PagerDuty can page Faultline by changing the URL and using a Faultline integration key as `routing_key`.
 */
import { z } from 'zod';
import type { Signal } from '../signal.ts';
import {
  INTAKE_LIMITS,
  isPlainObject,
  type IntakeIssue,
  intakeValidationError,
  normaliseSeverity,
  timestampSchema,
  toIso,
} from '../dedup-key.ts';

const WHAT = 'PagerDuty event';
const labelValue = z.string().max(INTAKE_LIMITS.maxLabelValueLength);

const Envelope = z.object({
  // PagerDuty's keys are 32 characters; ours may differ, so any non-empty key up to 255 is accepted.
  routing_key: z.string().min(1).max(255),
  event_action: z.enum(['trigger', 'acknowledge', 'resolve']),
  dedup_key: z.string().max(INTAKE_LIMITS.maxDedupKeyLength).optional(),
  payload: z.unknown().optional(),
  images: z.array(z.object({ src: z.string(), href: z.string().optional(), alt: z.string().optional() })).optional(),
  links: z.array(z.object({ href: z.string(), text: z.string().optional() })).optional(),
  client: z.string().optional(),
  client_url: z.string().optional(),
});

const TriggerPayload = z.object({
  summary: z.string().min(1).max(INTAKE_LIMITS.maxSummaryLength),
  source: labelValue.min(1),
  severity: z.enum(['critical', 'error', 'warning', 'info']),
  timestamp: timestampSchema.optional(),
  component: labelValue.optional(),
  group: labelValue.optional(),
  class: labelValue.optional(),
  custom_details: z
    .unknown()
    .refine((v) => typeof v === 'string' || isPlainObject(v), 'must be an object or a string')
    .optional(),
});

type Envelope = z.infer<typeof Envelope>;
type TriggerPayload = z.infer<typeof TriggerPayload>;

/** What one PagerDuty event becomes: the key it was sent with, its dedup key and the signal. */
export interface PagerDutyEvent {
  /** `routing_key`: the Faultline integration key the caller must resolve (and authorise) before use. */
  routingKey: string;
  /** The event's `dedup_key`, or the generated one for a trigger without it; answer it to the caller. */
  dedupKey: string;
  signal: Signal;
}

/**
 * Parses a PagerDuty Events API v2 alert event (format: PagerDuty Events API v2, `POST /v2/enqueue`).
 *
 * - `event_action` trigger | acknowledge | resolve → the same Signal action.
 * - `dedup_key` (≤ 255): required for acknowledge and resolve; for a trigger without one (or with `""`)
 *   `newDedupKey()` is called, as PagerDuty generates a UUID. Faultline scopes it to the routing key.
 * - trigger: `payload` is required with `summary` (1..1024), `source`, `severity`
 *   (critical|error|warning|info); optional `timestamp` (ISO 8601 with zone; becomes startsAt, default
 *   `receivedAt`), `component`, `group`, `class`, `custom_details` (object or string).
 *   Labels (the event's matchable facts: grading, silences and inhibition match them): `source`, `severity`,
 *   `component`, `group`, `class`, then each string/number/boolean of `custom_details`
 *   under its key made a valid label name (`ping time` → `ping_time`), cut to 1024 characters; nested
 *   values are skipped (the raw event keeps them). Annotations: `client`, `client_url`, `link.N` = href,
 *   and `custom_details` when it is a string.
 * - acknowledge / resolve: `payload` is ignored, as PagerDuty does; the signal's summary is the dedup
 *   key, with no labels or severity. A resolve ends at `receivedAt`.
 *
 * @throws AppError VALIDATION whose field paths are PagerDuty's (`routing_key`, `payload.severity`,
 *   `dedup_key`); the route answers them as PagerDuty's 400 body (`pagerDutyInvalidBody`).
 */
export function parsePagerDutyEvent(body: unknown, receivedAt: Date, newDedupKey: () => string): PagerDutyEvent {
  const envelope = Envelope.safeParse(body);
  const issues: IntakeIssue[] = envelope.success ? [] : [...envelope.error.issues];
  const raw = isPlainObject(body) ? body : {};
  let trigger: TriggerPayload | undefined;
  if (raw.event_action === 'trigger') {
    if (raw.payload === undefined) issues.push({ path: ['payload'], message: 'is required for trigger' });
    else {
      const payload = TriggerPayload.safeParse(raw.payload);
      if (payload.success) trigger = payload.data;
      else issues.push(...payload.error.issues.map((i) => ({ ...i, path: ['payload', ...i.path] })));
    }
  } else if ((raw.event_action === 'acknowledge' || raw.event_action === 'resolve') && !raw.dedup_key) {
    issues.push({ path: ['dedup_key'], message: `is required for ${raw.event_action}` });
  }
  if (issues.length > 0 || !envelope.success) throw intakeValidationError(issues, WHAT);

  const event = envelope.data;
  const dedupKey = event.dedup_key || newDedupKey();
  const signal = trigger
    ? triggerSignal(event, trigger, dedupKey, receivedAt)
    : followUpSignal(event, dedupKey, receivedAt);
  return { routingKey: event.routing_key, dedupKey, signal };
}

function triggerSignal(event: Envelope, payload: TriggerPayload, dedupKey: string, receivedAt: Date): Signal {
  // severity is a label too, so a `severity="critical"` rule, silence or inhibition matches a PagerDuty event
  // as it matches an Alertmanager alert (issue 16 point 6).
  const labels: Record<string, string> = { source: payload.source, severity: payload.severity };
  for (const name of ['component', 'group', 'class'] as const) {
    const value = payload[name];
    if (value !== undefined) labels[name] = value;
  }
  const annotations: Record<string, string> = {};
  const details = payload.custom_details;
  if (typeof details === 'string') annotations.custom_details = details;
  else if (isPlainObject(details)) addDetailLabels(labels, details);
  if (event.client !== undefined) annotations.client = event.client;
  if (event.client_url !== undefined) annotations.client_url = event.client_url;
  event.links?.forEach((link, i) => (annotations[`link.${i}`] = link.href));
  return {
    action: 'trigger',
    dedupKey,
    summary: payload.summary,
    severity: normaliseSeverity(payload.severity),
    labels,
    annotations,
    startsAt: toIso(payload.timestamp ?? receivedAt.getTime()),
    endsAt: null,
    source: 'pagerduty',
  };
}

/** Scalars of `custom_details` as labels; the PagerDuty fields set before them win a name clash. */
function addDetailLabels(labels: Record<string, string>, details: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(details)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') continue;
    const name = labelName(key);
    if (name === '__proto__') continue;
    if (!Object.hasOwn(labels, name)) labels[name] = String(value).slice(0, INTAKE_LIMITS.maxLabelValueLength);
  }
}

/** A custom_details key as a Prometheus label name: other characters become `_`, a leading digit gets `_`. */
function labelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[a-zA-Z_]/.test(name) ? name : `_${name}`;
}

function followUpSignal(event: Envelope, dedupKey: string, receivedAt: Date): Signal {
  const at = receivedAt.toISOString();
  return {
    action: event.event_action,
    dedupKey,
    summary: dedupKey,
    severity: null,
    labels: {},
    annotations: {},
    startsAt: at,
    endsAt: event.event_action === 'resolve' ? at : null,
    source: 'pagerduty',
  };
}

/**
 * PagerDuty's documented answer to an invalid event (HTTP 400), e.g.
 * `{ status: "invalid event", message: "Event object is invalid", errors: ["payload.severity: …"] }`.
 */
export function pagerDutyInvalidBody(errors: string[]): {
  status: 'invalid event';
  message: 'Event object is invalid';
  errors: string[];
} {
  return { status: 'invalid event', message: 'Event object is invalid', errors };
}

/** PagerDuty's documented answer to an accepted event (HTTP 202), echoing the dedup key to use for follow-ups. */
export function pagerDutySuccessBody(dedupKey: string): {
  status: 'success';
  message: 'Event processed';
  dedup_key: string;
} {
  return { status: 'success', message: 'Event processed', dedup_key: dedupKey };
}
