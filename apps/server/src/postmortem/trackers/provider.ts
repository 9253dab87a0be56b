/**
 * What a tracker provider does for the action sync (issue 10 item 6): create the issue that mirrors an action,
 * set its state (open or closed), and read a state change from the tracker's webhook. Providers use the
 * tracker's well-kept client with the outbound fetch (its address guard applies).
 */
import type { OutboundFetch } from '../../lib/index.ts';

/** The issue that mirrors an action. */
export interface TrackerIssue {
  /** The incident the action improves on (Jira files actions as sub-tasks of the fault's issue). */
  incidentId: number;
  incidentTitle: string;
  title: string;
  /** Markdown: acceptance criteria, owner, verifier, due date and a link to the postmortem. */
  body: string;
  /** The owner's email (providers map it to an account where the config says how). */
  owner: string;
  /** Due time (UTC instant). */
  dueAt: Date;
  /** The due day in the team's calendar zone (YYYY-MM-DD), for trackers whose due date is a day. */
  dueDate: string;
}

/** The state of an issue as the sync sees it: open (the action is being worked) or closed (done or verified). */
export type IssueState = 'open' | 'closed';

/** What a provider gets besides its config. */
export interface TrackerDeps {
  fetch: OutboundFetch;
  token: string;
  timeoutMs: number;
}

/** A state change read from a webhook: which issue, and its state now. */
export interface IssueChange {
  ref: string;
  state: IssueState;
  /** Who changed it there, for the timeline. */
  by: string | null;
}

/**
 * A failed call to a tracker. `permanent` (a refused token, a missing repository, a request the tracker
 * rejects): the sync stops and shows the error; otherwise it is retried.
 */
export class TrackerError extends Error {
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.name = 'TrackerError';
    this.permanent = permanent;
  }
}

/**
 * A TrackerError from what a client threw: an HTTP 4xx other than 408 and 429 is permanent (RFC 9110 §15.5: the
 * request itself is wrong — credentials, permissions, a missing project); anything else may pass on a retry.
 * @param vendor the tracker's name for the message, e.g. `GitHub`
 * @param what what was being done, e.g. `create issue`
 */
export function trackerError(e: unknown, vendor: string, what: string): TrackerError {
  if (e instanceof TrackerError) return e;
  const status = (e as { status?: number }).status;
  const message = (e as Error).message ?? String(e);
  const permanent = typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429;
  return new TrackerError(`${vendor} ${what}: ${status ? `${status} ` : ''}${message}`.slice(0, 500), permanent);
}

/** One tracker kind. */
export interface TrackerProvider<C> {
  /** Creates the issue; returns its reference (e.g. the issue number) and its web address. */
  create(config: C, deps: TrackerDeps, issue: TrackerIssue): Promise<{ ref: string; url: string }>;
  /** Opens or closes issue `ref`. Idempotent. */
  setState(config: C, deps: TrackerDeps, ref: string, state: IssueState): Promise<void>;
  /**
   * Reads a webhook delivery: null when it is about something else (another event, another repository).
   * @param headers the request headers, lowercase names
   * @param rawBody the body exactly as received (signatures are computed over it)
   * @throws TrackerError (permanent) when the delivery's signature does not verify
   */
  webhook(config: C, headers: Record<string, string | string[] | undefined>, rawBody: string): IssueChange | null;
}
