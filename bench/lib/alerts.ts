/**
 * The alert stream: alert number i has a label set of its own (instance = host-<i>), so every alert sent is
 * a distinct alert for both targets; alertname, service and severity cycle through fixed lists. The same
 * alert numbers are encoded for each target: Alertmanager's API v2 body (`POST /api/v2/alerts`, a JSON array
 * of postable alerts) and Faultline's Alertmanager webhook intake (payload version 4).
 *
 * Bodies are built with string templates (no escaping is needed: every value is plain ASCII without quotes
 * or backslashes), which keeps the load generator cheap enough not to be the bottleneck.
 */

export type Target = 'faultline' | 'alertmanager';

export const ALERT_NAMES = [
  'HighErrorRate',
  'HighLatency',
  'CheckoutFailures',
  'DiskFull',
  'MemoryPressure',
  'PodCrashLooping',
  'TargetDown',
  'CertificateExpiring',
] as const;

/** Services and aliases of examples/quickstart.yaml (`checkout` is an alias of checkout-api). */
export const SERVICES = ['checkout-api', 'checkout', 'payments-db', 'promotions-api', 'order-history-api'] as const;

export const SEVERITIES = ['critical', 'warning', 'info'] as const;

export interface StreamOptions {
  /** ISO start time shared by every alert. */
  startsAt: string;
  /** ISO end time for Alertmanager (in the future, so the alerts stay firing). */
  endsAt: string;
  /** Distinguishes runs in fingerprints (each run also gets a fresh server). */
  salt: string;
}

function labelsJson(i: number): string {
  const name = ALERT_NAMES[i % ALERT_NAMES.length]!;
  const service = SERVICES[Math.floor(i / ALERT_NAMES.length) % SERVICES.length]!;
  const severity = SEVERITIES[i % SEVERITIES.length]!;
  return `{"alertname":"${name}","instance":"host-${i}","job":"node","service":"${service}","severity":"${severity}"}`;
}

function annotationsJson(i: number): string {
  const name = ALERT_NAMES[i % ALERT_NAMES.length]!;
  return `{"summary":"${name} on host-${i}","description":"${name} has been firing on host-${i} for more than 5 minutes","runbook_url":"https://runbooks.example.com/${name}"}`;
}

/** A 16-hex-digit fingerprint, unique per (salt, i), like Alertmanager's label-set fingerprints. */
function fingerprint(salt: string, i: number): string {
  return (salt + i.toString(16).padStart(10, '0')).slice(-16);
}

/** Builds request bodies for one target: `body(first, count)` encodes alerts first … first+count-1. */
export function bodyBuilder(target: Target, o: StreamOptions): (first: number, count: number) => string {
  if (target === 'alertmanager') {
    return (first, count) => {
      const parts: string[] = [];
      for (let i = first; i < first + count; i++) {
        parts.push(
          `{"labels":${labelsJson(i)},"annotations":${annotationsJson(i)},"startsAt":"${o.startsAt}","endsAt":"${o.endsAt}","generatorURL":"http://prometheus.bench.local/graph"}`,
        );
      }
      return `[${parts.join(',')}]`;
    };
  }
  return (first, count) => {
    const parts: string[] = [];
    for (let i = first; i < first + count; i++) {
      parts.push(
        `{"status":"firing","labels":${labelsJson(i)},"annotations":${annotationsJson(i)},"startsAt":"${o.startsAt}","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.bench.local/graph","fingerprint":"${fingerprint(o.salt, i)}"}`,
      );
    }
    return `{"version":"4","status":"firing","receiver":"faultline","groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager.bench.local","groupKey":"{}:{}","truncatedAlerts":0,"alerts":[${parts.join(',')}]}`;
  };
}

/** Number of incidents the stream can open in Faultline: services after alias routing × alert names. */
export const MAX_GROUPS = 4 * ALERT_NAMES.length;
