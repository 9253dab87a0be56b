/**
 * Group keys (DESIGN §5 step 2): alerts with the same group key join the same open incident.
 * The key is the service plus the configured labels, in the configured order, e.g.
 * `service=checkout-api,alertname=HighLatency`. A missing label counts as empty, like Alertmanager's group_by,
 * except that an alert carrying **none** of the labels (a PagerDuty or generic event has no `alertname`) is
 * grouped by its own dedup key: `service=payments-db,alert=quickstart-pagerduty:disk-full`. Otherwise every
 * such event of a service would share the empty group `alertname=` and unrelated events would merge into one
 * incident (issue 16 point 6); PagerDuty itself opens one incident per dedup key.
 */

/** Service id used for alerts no integration or catalog entry could route. */
export const UNROUTED = 'unrouted';

/**
 * @param service the routed service id, or null when unrouted
 * @param labels the alert's labels
 * @param groupBy label names from `convergence.groupBy`
 * @param dedupKey the alert's scoped dedup key, its group when it has none of the `groupBy` labels
 */
export function groupKey(
  service: string | null,
  labels: Readonly<Record<string, string>>,
  groupBy: readonly string[],
  dedupKey?: string,
): string {
  const parts = [`service=${service ?? UNROUTED}`];
  if (dedupKey !== undefined && groupBy.length > 0 && !groupBy.some((name) => Object.hasOwn(labels, name))) {
    parts.push(`alert=${dedupKey}`);
    return parts.join(',');
  }
  for (const name of groupBy) parts.push(`${name}=${labels[name] ?? ''}`);
  return parts.join(',');
}
