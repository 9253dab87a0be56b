/**
 * Incidents (DESIGN §6): the only writer of incidents, their alerts and their timeline; grading changes, acknowledge, resolve, risks, access checks.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { authorizeIncident, headerOnly, incidentTeam, visibleIncidentTeams } from './access.ts';
export { regradeIncident, scheduleDurationCheck, setLevelByPerson } from './grading.ts';
export { getIncident, listIncidents } from './incidents.ts';
export { incidentJobs } from './jobs.ts';
export { mergeUpgrades, pagesFor, upgradeData } from './level-merge.ts';
export type { PageStep } from './level-merge.ts';
export { describeOutcome, respondToIncident } from './respond.ts';
export type { RespondOutcome } from './respond.ts';
export { markNoise, unmarkNoise } from './noise.ts';
export { routes } from './routes.ts';
export {
  acknowledgeIncident,
  dismissIncidentRisk,
  promoteIncidentRisk,
  resolveIncident,
  setIncidentLevel,
  updateIncidentFacts,
} from './verbs.ts';
export { alerts, incidents, timeline } from './tables.ts';
export { closeResolvedIncident, setPostmortemDue } from './close.ts';
export type { IncidentDrill, StoredMute } from './tables.ts';
export {
  alertsOfIncident,
  clearHeldPages,
  endWindowHold,
  firingAlertsOf,
  incidentsHoldingPages,
  lockIncidentForHold,
  setAlertMutes,
} from './held.ts';
export { addTimeline, withTimeline } from './timeline.ts';
export type { TimelineInput } from './timeline.ts';
export { formatLevels } from './view.ts';
export { openIncident, retitleIncident } from './open.ts';
export { importIncidents } from './import.ts';
export type { OpenIncident } from './open.ts';
export { insertAlerts, insertIncident, updateAlerts, updateIncidents } from './batch-store.ts';
export { incidentRow, transitionIncident } from './lifecycle.ts';
export type { LifecycleAction } from './lifecycle.ts';
export type { IncidentRow } from './open.ts';
