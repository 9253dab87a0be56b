/**
 * The vocabulary of the public status page (issue 17 point 9): component statuses, public incident states,
 * status updates and maintenance windows. Modelled on Atlassian Statuspage's component statuses and
 * incident states, and on openstatus's per-update component impact ("current impact = latest update naming
 * the component"), which makes the public history replayable and the uptime bars derivable. Everything here
 * is public by construction: an update holds only what the communicator published.
 */
import { COMPONENT_STATUSES, type ComponentStatus, type PublicIncidentState } from '@faultline/contracts';

/** Component statuses from least to most severe, and public incident states: listed once, in the API contracts. */
export { COMPONENT_STATUSES, ComponentStatus, PublicIncidentState } from '@faultline/contracts';

/**
 * Share of time counted as down, per status (openstatus: major outage 1, partial outage 0.5, degraded 0).
 * Maintenance is planned and announced, so it is not downtime.
 */
export const OUTAGE_WEIGHT: Readonly<Record<ComponentStatus, number>> = {
  operational: 0,
  maintenance: 0,
  degraded: 0,
  'partial-outage': 0.5,
  'major-outage': 1,
};

/**
 * One published update of a public incident: its state, and the status it gives each component it names.
 * A `resolved` update ends the incident's impact on every component, whatever it names.
 */
export interface StatusUpdate {
  /** The public incident it belongs to. */
  incident: string;
  at: Date;
  state: PublicIncidentState;
  components: Readonly<Record<string, ComponentStatus>>;
}

/** Planned maintenance: the components are `maintenance` from `from` (inclusive) to `to` (exclusive). */
export interface MaintenanceWindow {
  id: string;
  from: Date;
  to: Date;
  components: readonly string[];
}

/** Rank of a status, 0 = operational … 4 = major outage. */
export function severity(status: ComponentStatus): number {
  return COMPONENT_STATUSES.indexOf(status);
}

/** The most severe of the statuses; `operational` when there is none. */
export function worstStatus(statuses: Iterable<ComponentStatus>): ComponentStatus {
  let worst: ComponentStatus = 'operational';
  for (const s of statuses) if (severity(s) > severity(worst)) worst = s;
  return worst;
}
