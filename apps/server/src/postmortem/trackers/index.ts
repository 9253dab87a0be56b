/**
 * The tracker registry (CONVENTIONS §5): one provider per kind; a kind in the config without a provider does not
 * compile.
 */
import type { TrackerConfig, TrackerKind } from './config.ts';
import { github } from './github.ts';
import type { TrackerProvider } from './provider.ts';

/** Every tracker kind's provider. */
export const TRACKERS: { [K in TrackerKind]: TrackerProvider<Extract<TrackerConfig, { kind: K }>> } = { github };

export { TrackerConfig } from './config.ts';
export { signGithubDelivery } from './github.ts';
export { TrackerError } from './provider.ts';
export type { IssueState, TrackerIssue } from './provider.ts';
