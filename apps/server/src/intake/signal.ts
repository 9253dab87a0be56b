/**
 * The normalised form every intake source produces: one `Signal` per alert in a payload.
 * Parsers (sources/*.ts) are pure: payload in, signals out, or an AppError VALIDATION naming the field.
 */
import { toStorableText, type SourceId } from '@faultline/contracts';

/**
 * What a signal asks convergence to do with its alert. `note` (Opsgenie's Add Note) writes its
 * `annotations.note` on the alert's incident timeline and changes nothing else.
 */
export type SignalAction = 'trigger' | 'acknowledge' | 'resolve' | 'note';

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

/**
 * The signal with every string PostgreSQL cannot store made storable (`toStorableText`: NUL and unpaired
 * surrogates become U+FFFD), label and annotation names included. Intake keeps such an alert rather than
 * refusing it (docs/intake.md); two names that differ only in such characters become one, the later value
 * winning. Lengths do not change, so the sources' limits still hold.
 */
export function storableSignal(signal: Signal): Signal {
  return {
    ...signal,
    dedupKey: toStorableText(signal.dedupKey),
    summary: toStorableText(signal.summary),
    severity: signal.severity === null ? null : toStorableText(signal.severity),
    labels: storableMap(signal.labels),
    annotations: storableMap(signal.annotations),
  };
}

function storableMap(map: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(map)) out[toStorableText(name)] = toStorableText(value);
  return out;
}
