/**
 * Component status from the update history: a component's status at an instant is the most severe of
 * - each public incident's impact on it: the latest of that incident's updates naming the component, unless
 *   the incident was resolved after it (a `resolved` update clears every impact of its incident; a later
 *   update reopens it for the components it names);
 * - `maintenance` while a maintenance window naming it is in progress.
 * Several incidents can touch one component at once; taking the worst keeps a major outage of one incident
 * from being hidden by a calmer update of another. Updates at the same instant apply in the order given.
 */
import { worstStatus, type ComponentStatus, type MaintenanceWindow, type StatusUpdate } from './status.ts';

/** One component's status at an instant, with what caused it. */
export interface ComponentStatusReading {
  component: string;
  status: ComponentStatus;
  /** Open public incidents affecting it, with the status each gives it. */
  incidents: Array<{ incident: string; status: ComponentStatus }>;
  /** Maintenance windows in progress on it. */
  maintenances: string[];
}

/** Updates in time order, stable for equal times. */
export function chronological(updates: readonly StatusUpdate[]): StatusUpdate[] {
  return updates
    .map((u, i) => ({ u, i }))
    .sort((a, b) => a.u.at.getTime() - b.u.at.getTime() || a.i - b.i)
    .map(({ u }) => u);
}

/**
 * The status of `component` at `at`.
 * @param updates every published update of the page (any order)
 */
export function componentStatusAt(
  component: string,
  updates: readonly StatusUpdate[],
  maintenances: readonly MaintenanceWindow[],
  at: Date,
): ComponentStatusReading {
  return statusFrom(component, chronological(updates), maintenances, at);
}

/** As `componentStatusAt`, for updates already in time order. */
export function statusFrom(
  component: string,
  sorted: readonly StatusUpdate[],
  maintenances: readonly MaintenanceWindow[],
  at: Date,
): ComponentStatusReading {
  const impact = new Map<string, ComponentStatus>();
  for (const u of sorted) {
    if (u.at.getTime() > at.getTime()) break;
    if (u.state === 'resolved') impact.delete(u.incident);
    else if (u.components[component] !== undefined) impact.set(u.incident, u.components[component]);
  }
  const incidents = [...impact]
    .filter(([, s]) => s !== 'operational')
    .map(([incident, status]) => ({ incident, status }));
  const active = maintenances
    .filter(
      (m) => m.components.includes(component) && m.from.getTime() <= at.getTime() && at.getTime() < m.to.getTime(),
    )
    .map((m) => m.id);
  const status = worstStatus([...incidents.map((i) => i.status), ...(active.length ? (['maintenance'] as const) : [])]);
  return { component, status, incidents, maintenances: active };
}

/** The status of every component at `at`, in the order given. */
export function componentStatuses(
  components: readonly string[],
  updates: readonly StatusUpdate[],
  maintenances: readonly MaintenanceWindow[],
  at: Date,
): ComponentStatusReading[] {
  const sorted = chronological(updates);
  return components.map((c) => statusFrom(c, sorted, maintenances, at));
}

/** The page's headline status: the most severe component status (`operational`: all systems operational). */
export function pageStatus(readings: readonly ComponentStatusReading[]): ComponentStatus {
  return worstStatus(readings.map((r) => r.status));
}
