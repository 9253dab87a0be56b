/**
 * Changes (DESIGN §2 "change", §7 "Changes"; issue 9): deploys, config changes, flag flips, migrations and
 * infrastructure changes, recorded through the API, the CLI, PagerDuty change events and mapped webhooks;
 * each incident's suspect changes ranked with their reasons, and people's verdicts on them.
 *
 * The folder's only public face: other folders import from here (docs/architecture.md).
 */
export { changesConfig } from './config.ts';
export type { ChangeWebhookConfig } from './config.ts';
export { lintChanges } from './lint.ts';
export { routes } from './routes.ts';
export { changes, changeVerdicts } from './tables.ts';
export { labelChange, suspectChanges } from './suspects.ts';
export { recordChange } from './changes.ts';
export { rankSuspects } from './rank.ts';
export type { Suspect, SuspectReason } from './rank.ts';
