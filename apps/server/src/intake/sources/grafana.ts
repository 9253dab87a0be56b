/**
 * Grafana unified alerting webhook intake. Format: Grafana's webhook contact point (Grafana docs, "Configure
 * the webhook notifier for Alerting", JSON payload): Alertmanager's webhook payload with `"version": "1"`,
 * `orgId`, `title`, `state` and `message` added, and per alert `silenceURL`, `dashboardURL`, `panelURL`,
 * `imageURL`, `values` or `valueString`. So a Grafana contact point pages Faultline by its URL alone.
 */
import { z } from 'zod';
import type { Signal } from '../signal.ts';
import { INTAKE_LIMITS, assertAlertCount, intakeValidationError, isPlainObject } from '../dedup-key.ts';
import { ALERTMANAGER_COMMON_FIELDS, AlertmanagerAlert, alertmanagerSignal } from './alertmanager.ts';

const WHAT = 'Grafana webhook payload';
const url = z.string().max(INTAKE_LIMITS.maxLabelValueLength).optional();

const GrafanaAlert = AlertmanagerAlert.extend({
  silenceURL: url,
  dashboardURL: url,
  panelURL: url,
  imageURL: url,
  valueString: z.string().optional(),
  values: z.record(z.string(), z.number().nullable()).nullish(),
});

/** Known fields are type-checked; unknown ones are ignored, since Grafana adds fields over time. */
const GrafanaPayload = z.object({
  version: z.literal('1').optional(),
  ...ALERTMANAGER_COMMON_FIELDS,
  orgId: z.number().int().optional(),
  title: z.string().optional(),
  state: z.string().optional(),
  message: z.string().optional(),
  alerts: z.array(GrafanaAlert),
});

/** Grafana's links and values kept as annotations when they are not empty. */
const LINK_ANNOTATIONS = ['dashboardURL', 'panelURL', 'silenceURL', 'imageURL', 'generatorURL'] as const;

/**
 * Parses a Grafana unified alerting webhook body into one Signal per alert, in payload order, by
 * Alertmanager's rules (`parseAlertmanager`: action, dedup key = `fingerprint`, summary, severity from the
 * `severity` label, times with Go's zero time as absent), with source `grafana`. Added annotations (when not
 * empty, an alert's own annotation of that name wins): `dashboardURL`, `panelURL`, `silenceURL`, `imageURL`,
 * `generatorURL`, and `values` (e.g. `B=44.2, C=1`) or `valueString`, cut to 1024 characters.
 *
 * @throws AppError VALIDATION with dotted field paths (`alerts.0.labels`), `version` when present and not
 *   "1" (an Alertmanager payload belongs on the alertmanager endpoint), `alerts` for more than 1000 alerts
 */
export function parseGrafana(body: unknown, receivedAt: Date): Signal[] {
  if (isPlainObject(body) && Array.isArray(body.alerts)) assertAlertCount(body.alerts.length, 'alerts', WHAT);
  const parsed = GrafanaPayload.safeParse(body);
  if (!parsed.success) throw intakeValidationError(parsed.error.issues, WHAT);
  const payloadResolved = parsed.data.status === 'resolved';
  return parsed.data.alerts.map((alert) => {
    const signal = alertmanagerSignal(alert, payloadResolved, receivedAt.getTime(), 'grafana');
    const added: Record<string, string> = {};
    for (const name of LINK_ANNOTATIONS) if (alert[name]) added[name] = alert[name];
    const values = alert.values
      ? Object.entries(alert.values)
          .map(([k, v]) => `${k}=${v ?? 'null'}`)
          .join(', ')
      : alert.valueString;
    if (values) added.values = values.slice(0, INTAKE_LIMITS.maxLabelValueLength);
    return { ...signal, annotations: { ...added, ...signal.annotations } };
  });
}
