/**
 * Suppression (DESIGN §5 step 3) and the convergence gates around it: the pure calculators convergence and
 * the engine call, each with an injected `now`; stored silences with their verbs, routes and config part;
 * `loadMutes`, what convergence asks whether an alert is muted.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { suppressionConfig } from './config.ts';
export { lintSuppression } from './lint.ts';
export { routes } from './routes.ts';
export { maintenanceWindows, silences } from './tables.ts';
export {
  createMaintenanceWindow,
  deleteMaintenanceWindow,
  endMaintenanceWindow,
  getMaintenanceWindow,
  listMaintenanceWindows,
} from './maintenance-windows.ts';
export {
  escalationPause,
  loadMutes,
  muteRecords,
  purgeEndedMaintenanceWindows,
  purgeExpiredSilences,
  statusPageWindows,
  type MuteRecord,
  type Mutes,
} from './store.ts';
export { startSuppressionPurge, suppressionJobs, PURGE_PERIOD_MS } from './jobs.ts';
export { createSilence, expireSilence, getSilence, listSilences, previewMatchers, updateSilence } from './silences.ts';
export { describeMute, FieldErrors, type Labels, type MuteReason } from './types.ts';
export { compileMatcherInputs, type MatcherInput, type StructuredMatcher } from './matcher-input.ts';
export {
  compileSilence,
  nextSilenceChange,
  silencedUntil,
  silenceState,
  silencesMuting,
  similarSilenceMatchers,
  type Silence,
  type SilenceDraft,
  type SilenceState,
} from './silence.ts';
export { decideHeldPage, type HeldPageDecision, type HeldPageInput } from './release.ts';
export { compileTimeIntervals, type IntRange, type TimeInterval, type TimeIntervalSpec } from './time-interval.ts';
export {
  intervalContains,
  intervalPosition,
  intervalsContain,
  nextIntervalChange,
  type IntervalPosition,
} from './time-interval-eval.ts';
export {
  compileMaintenanceWindow,
  endMaintenanceAt,
  inMaintenanceScope,
  MAINTENANCE_EFFECTS,
  maintenanceCovering,
  maintenanceEndedAt,
  maintenanceOpen,
  maintenanceState,
  resumeDueAt,
  type CatalogIds,
  type MaintenanceEffect,
  type MaintenanceScheduleDraft,
  type MaintenanceScopeDraft,
  type MaintenanceState,
  type MaintenanceWindow,
  type MaintenanceWindowDraft,
  type ScopeTarget,
} from './maintenance.ts';
export {
  compileInhibitionRule,
  inhibitionsOf,
  lintInhibitionRule,
  type Inhibition,
  type InhibitionRule,
  type InhibitionRuleDraft,
  type LintWarning,
} from './inhibition.ts';
export {
  topologyJoin,
  upstreamWithin,
  type OpenIncidentRef,
  type TopologyInput,
  type TopologyJoin,
} from './topology.ts';
export { decideReopen, type FlappingConfig, type FlappingDecision, type RecentIncident } from './flapping.ts';
export { frequencyGate, type FrequencyGateConfig, type GateDecision } from './frequency-gate.ts';
export {
  decideUpgradePage,
  upgradeStepLevels,
  upgradeSuperseded,
  type PendingUpgrade,
  type UpgradePageDecision,
} from './upgrade-coalescing.ts';
export {
  heartbeatAction,
  heartbeatSettingsErrors,
  heartbeatState,
  heartbeatStatus,
  recordPing,
  type Heartbeat,
  type HeartbeatAction,
  type HeartbeatMonitor,
  type HeartbeatState,
  type HeartbeatStatus,
} from './heartbeat.ts';
