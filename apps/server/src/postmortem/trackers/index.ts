/**
 * The tracker registry (CONVENTIONS §5): one provider per kind; a kind in the config without a provider does not
 * compile. Providers are loaded when first used, so the server and the CLI do not load tracker clients they do
 * not need.
 */
import type { TrackerConfig, TrackerKind } from './config.ts';
import type { TrackerProvider } from './provider.ts';

/** Every tracker kind's provider, loaded on first use. */
const TRACKERS: { [K in TrackerKind]: () => Promise<TrackerProvider<Extract<TrackerConfig, { kind: K }>>> } = {
  github: async () => (await import('./github.ts')).github,
  jira: async () => (await import('./jira.ts')).jira,
  gitlab: async () => (await import('./gitlab.ts')).gitlab,
};

/**
 * The provider of tracker `t` (TypeScript cannot correlate `TRACKERS[t.kind]` with `t` itself, so the lookup is
 * widened here once; each provider is typed against its own config in the registry above).
 */
export async function providerFor(t: TrackerConfig): Promise<TrackerProvider<TrackerConfig>> {
  return (await TRACKERS[t.kind]()) as TrackerProvider<TrackerConfig>;
}

export { TrackerConfig } from './config.ts';
export { signGithubDelivery, signJiraDelivery } from './signatures.ts';
export { TrackerError } from './provider.ts';
export type { IssueState, TrackerIssue } from './provider.ts';
