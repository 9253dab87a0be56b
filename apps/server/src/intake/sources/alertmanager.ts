/**
 * Alertmanager webhook intake. Format: Alertmanager `webhook_config`, payload version 4
 * (prometheus/alertmanager docs/configuration.md): a notification for one alert group carrying every alert
 * of the group, firing and resolved.
 */
import { z } from 'zod';
import type { Signal } from '../signal.ts';
import {
  GO_ZERO_TIME_MS,
  INTAKE_LIMITS,
  isPlainObject,
  assertAlertCount,
  labelSetKey,
  normaliseSeverity,
  stringMapSchema,
  timestampSchema,
  toIso,
  intakeValidationError,
} from '../dedup-key.ts';

const WHAT = 'Alertmanager payload';
const AlertStatus = z.enum(['firing', 'resolved']);
/** Alertmanager's Go maps marshal as `null` when nil; read that as empty. */
const optionalMap = stringMapSchema({ labels: false }).nullish();

/** One alert of the payload; Grafana's webhook sends the same shape with more fields (sources/grafana.ts). */
export const AlertmanagerAlert = z.object({
  status: AlertStatus.optional(),
  labels: stringMapSchema({ labels: true, minEntries: 1 }),
  annotations: optionalMap,
  startsAt: timestampSchema.optional(),
  endsAt: timestampSchema.optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().max(INTAKE_LIMITS.maxDedupKeyLength).optional(),
});

/** The payload fields both Alertmanager's and Grafana's webhooks send besides `version` and `alerts`. */
export const ALERTMANAGER_COMMON_FIELDS = {
  status: AlertStatus.optional(),
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  truncatedAlerts: z.number().int().nonnegative().optional(),
  groupLabels: optionalMap,
  commonLabels: optionalMap,
  commonAnnotations: optionalMap,
  externalURL: z.string().optional(),
};

/** Known fields are type-checked; unknown ones are ignored, since Alertmanager adds fields over time. */
const AlertmanagerPayload = z.object({
  version: z.literal('4').optional(),
  ...ALERTMANAGER_COMMON_FIELDS,
  alerts: z.array(AlertmanagerAlert),
});

type AlertmanagerAlert = z.infer<typeof AlertmanagerAlert>;

/**
 * Parses an Alertmanager webhook body (format: Alertmanager `webhook_config`, payload version 4) into one
 * Signal per alert, in payload order.
 *
 * - action: `firing` → trigger, `resolved` → resolve. An alert without `status` (payloads from before
 *   Alertmanager sent it) is resolved when the payload `status` is `resolved` or its `endsAt` is at or
 *   before `receivedAt` (Alertmanager's own rule), else firing.
 * - dedupKey: `fingerprint`, else `labelSetKey(labels)`.
 * - summary: the first non-empty of `annotations.summary`, `annotations.description`, `labels.alertname`,
 *   else `'alert'`; cut to 1024 characters.
 * - severity: `normaliseSeverity(labels.severity)`.
 * - startsAt: ISO ms UTC (nanoseconds truncated, offsets applied); `receivedAt` when absent or Go's zero time.
 * - endsAt: ISO ms UTC, null when absent or `0001-01-01T00:00:00Z` (Go's zero time).
 *
 * @param body the parsed JSON body
 * @param receivedAt when the request arrived (default start time; the instant resolution is judged at)
 * @throws AppError VALIDATION with dotted field paths (`alerts.0.startsAt`), including `alerts` when a
 *   payload holds more than 1000 alerts, and `version` when it is present and not "4".
 */
export function parseAlertmanager(body: unknown, receivedAt: Date): Signal[] {
  if (isPlainObject(body) && Array.isArray(body.alerts)) assertAlertCount(body.alerts.length, 'alerts', WHAT);
  const parsed = AlertmanagerPayload.safeParse(body);
  if (!parsed.success) throw intakeValidationError(parsed.error.issues, WHAT);
  const payloadResolved = parsed.data.status === 'resolved';
  return parsed.data.alerts.map((alert) => alertmanagerSignal(alert, payloadResolved, receivedAt.getTime()));
}

/**
 * One alert of an Alertmanager-shaped payload as a Signal (the rules listed on `parseAlertmanager`).
 * @param source `alertmanager`, or `grafana` for Grafana's webhook
 */
export function alertmanagerSignal(
  alert: AlertmanagerAlert,
  payloadResolved: boolean,
  receivedMs: number,
  source: 'alertmanager' | 'grafana' = 'alertmanager',
): Signal {
  const annotations = alert.annotations ?? {};
  const startsMs = alert.startsAt === undefined || alert.startsAt === GO_ZERO_TIME_MS ? receivedMs : alert.startsAt;
  const endsMs = alert.endsAt === undefined || alert.endsAt === GO_ZERO_TIME_MS ? null : alert.endsAt;
  const resolved = alert.status
    ? alert.status === 'resolved'
    : payloadResolved || (endsMs !== null && endsMs <= receivedMs);
  return {
    action: resolved ? 'resolve' : 'trigger',
    dedupKey: alert.fingerprint || labelSetKey(alert.labels),
    summary: (annotations.summary || annotations.description || alert.labels.alertname || 'alert').slice(
      0,
      INTAKE_LIMITS.maxSummaryLength,
    ),
    severity: normaliseSeverity(alert.labels.severity),
    labels: alert.labels,
    annotations,
    startsAt: toIso(startsMs),
    endsAt: endsMs === null ? null : toIso(endsMs),
    source,
  };
}
