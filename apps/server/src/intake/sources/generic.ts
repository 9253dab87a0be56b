/**
 * Generic JSON intake: Faultline's own documented format (docs/intake.md), for tools with neither an
 * Alertmanager nor a PagerDuty integration. Strict: an unknown field is an error, so a typo such as
 * `tittle` is reported rather than silently dropped.
 */
import { z } from 'zod';
import type { Signal } from '../signal.ts';
import {
  GO_ZERO_TIME_MS,
  INTAKE_LIMITS,
  assertAlertCount,
  intakeValidationError,
  isPlainObject,
  labelSetKey,
  normaliseSeverity,
  stringMapSchema,
  timestampSchema,
  toIso,
} from '../dedup-key.ts';

const WHAT = 'generic alert payload';

const GenericAlert = z.strictObject({
  dedupKey: z.string().min(1).max(INTAKE_LIMITS.maxDedupKeyLength).optional(),
  status: z.enum(['firing', 'resolved']).default('firing'),
  title: z.string().min(1).max(INTAKE_LIMITS.maxSummaryLength),
  severity: z.string().max(INTAKE_LIMITS.maxLabelValueLength).optional(),
  labels: stringMapSchema({ labels: true }).optional(),
  annotations: stringMapSchema({ labels: false }).optional(),
  startsAt: timestampSchema.optional(),
  endsAt: timestampSchema.optional(),
});

const GenericBatch = z.strictObject({
  alerts: z.array(GenericAlert).min(1).max(INTAKE_LIMITS.maxAlertsPerPayload),
});

type GenericAlert = z.infer<typeof GenericAlert>;

/**
 * Parses Faultline's generic JSON: one alert object, or `{ "alerts": [ … ] }` with 1..1000 alerts. An alert:
 * `{ dedupKey?: string (1..255), status?: "firing" | "resolved" (default firing), title: string (1..1024),
 * severity?: string, labels?: {name: value}, annotations?: {name: value}, startsAt?: RFC 3339,
 * endsAt?: RFC 3339 }`. A body is the batch form exactly when it has an `alerts` field.
 *
 * - action: firing → trigger, resolved → resolve.
 * - dedupKey: `dedupKey`, else `labelSetKey({ ...labels, title })`.
 * - summary: `title`; severity: `normaliseSeverity(severity)`, also the label `severity` unless a label has
 *   that name (so rules, silences and inhibition match it).
 * - startsAt: ISO ms UTC, `receivedAt` when absent; endsAt: ISO ms UTC or null. Go's zero time
 *   (`0001-01-01T00:00:00Z`) counts as absent, as in Alertmanager payloads.
 *
 * @param body the parsed JSON body
 * @param receivedAt when the request arrived (the default start time)
 * @throws AppError VALIDATION with dotted paths: `alerts.3.title` in the batch form, `title` for a single
 *   alert; one `unknown field` error per unknown name (`alerts.0.colour`); `alerts` for an empty list or
 *   more than 1000 alerts.
 */
export function parseGeneric(body: unknown, receivedAt: Date): Signal[] {
  const batch = isPlainObject(body) && Object.hasOwn(body, 'alerts');
  if (batch && Array.isArray(body.alerts)) assertAlertCount(body.alerts.length, 'alerts', WHAT);
  const parsed = batch ? GenericBatch.safeParse(body) : GenericAlert.safeParse(body);
  if (!parsed.success) throw intakeValidationError(parsed.error.issues, WHAT);
  const alerts = 'alerts' in parsed.data ? parsed.data.alerts : [parsed.data];
  return alerts.map((alert) => toSignal(alert, receivedAt.getTime()));
}

function toSignal(alert: GenericAlert, receivedMs: number): Signal {
  const given = alert.labels ?? {};
  const severity = normaliseSeverity(alert.severity);
  // The severity field is a matchable fact like a label (issue 16 point 6), unless a `severity` label says
  // otherwise; the dedup key is still the given labels' (adding it would change every existing alert's key).
  const labels = severity === null || Object.hasOwn(given, 'severity') ? given : { ...given, severity };
  const startsMs = alert.startsAt === undefined || alert.startsAt === GO_ZERO_TIME_MS ? receivedMs : alert.startsAt;
  const endsMs = alert.endsAt === undefined || alert.endsAt === GO_ZERO_TIME_MS ? null : alert.endsAt;
  return {
    action: alert.status === 'resolved' ? 'resolve' : 'trigger',
    dedupKey: alert.dedupKey ?? labelSetKey({ ...given, title: alert.title }),
    summary: alert.title,
    severity,
    labels,
    annotations: alert.annotations ?? {},
    startsAt: toIso(startsMs),
    endsAt: endsMs === null ? null : toIso(endsMs),
    source: 'generic',
  };
}
