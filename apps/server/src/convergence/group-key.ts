/**
 * Group keys (DESIGN §5 step 2): alerts with the same group key join the same open incident.
 * The key is the service plus the configured labels, in the configured order, e.g.
 * `service=checkout-api,alertname=HighLatency`. A missing label counts as empty, like Alertmanager's group_by.
 */

/** Service id used for alerts no integration or catalog entry could route. */
export const UNROUTED = 'unrouted';

/**
 * @param service the routed service id, or null when unrouted
 * @param labels the alert's labels
 * @param groupBy label names from `convergence.groupBy`
 */
export function groupKey(
  service: string | null,
  labels: Readonly<Record<string, string>>,
  groupBy: readonly string[],
): string {
  const parts = [`service=${service ?? UNROUTED}`];
  for (const name of groupBy) parts.push(`${name}=${labels[name] ?? ''}`);
  return parts.join(',');
}
