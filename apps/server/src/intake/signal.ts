/**
 * The normalised form every intake source produces: one `Signal` per alert in a payload.
 * Parsers (sources/*.ts) are pure: payload in, signals out, or an AppError VALIDATION naming the field.
 */
import type { SourceId } from '@faultline/contracts';

/** What a signal asks convergence to do with its alert. */
export type SignalAction = 'trigger' | 'acknowledge' | 'resolve';

export interface Signal {
  action: SignalAction;
  /**
   * Identity of the monitored condition within its integration: Alertmanager's `fingerprint` (or a hash of
   * the label set when absent), PagerDuty's `dedup_key`, the generic `dedupKey`. Convergence scopes it to the
   * integration key, so two integrations never share an alert.
   */
  dedupKey: string;
  /** One line for people: AM `annotations.summary` or `alertname`; PD `payload.summary`; generic `title`. */
  summary: string;
  /** Normalised to `critical | error | warning | info` where the source says so; otherwise the raw value or null. */
  severity: string | null;
  /** Identifying labels (AM labels; PD `source`, `component`, `group`, `class` and custom_details strings). */
  labels: Record<string, string>;
  /** Non-identifying text (AM annotations, links, runbook). */
  annotations: Record<string, string>;
  /** When the condition started, ISO 8601 UTC. Defaults to the receive time when the source omits it. */
  startsAt: string;
  /** When the condition ended (resolve), ISO 8601 UTC, else null. AM's `0001-01-01T00:00:00Z` means null. */
  endsAt: string | null;
  source: SourceId;
}
