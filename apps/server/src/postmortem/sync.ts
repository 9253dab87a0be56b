/**
 * Mirroring improvement actions to trackers (issue 10 item 6: "state changes flow both ways (webhooks in, API
 * out), idempotently"). Out: the `postmortem.action-sync` job creates the action's issue once and then makes the
 * issue's state follow the action's (closed when done or verified, open otherwise), writing only when they
 * differ. In: a webhook delivery that closes or reopens the issue moves the action (done, or back to in progress)
 * and records the issue's state first, so the sync that the move queues finds nothing to write.
 */
import { readFile } from 'node:fs/promises';
import { and, eq, sql } from 'drizzle-orm';
import { rows } from '../db/index.ts';
import type { JobOutcome } from '../engine/index.ts';
import { DateTime } from 'luxon';
import { addTimeline, incidents } from '../incident/index.ts';
import { calendarOf } from './calendar-data.ts';
import { AppError, shortReason } from '../lib/index.ts';
import { systemCtx, type Runtime } from '../kernel/index.ts';
import { moveActionTo } from './actions.ts';
import { postmortemActions } from './tables.ts';
import { providerFor, TrackerError, type IssueState, type TrackerConfig } from './trackers/index.ts';
import type { ActionState } from './action-state.ts';

const MAX_ATTEMPTS = 8;
/** Backoff between attempts: 1, 2, 4 … minutes, at most an hour. */
const retryDelayMs = (attempt: number) => Math.min(60, 2 ** Math.max(0, attempt - 1)) * 60_000;

/** The issue state an action in `state` should have: closed once the work is done. */
export function issueStateOf(state: ActionState): IssueState {
  return state === 'done' || state === 'verified' ? 'closed' : 'open';
}

/** The configured tracker `id`, or undefined. */
export function trackerOf(rt: Pick<Runtime, 'config'>, id: string): TrackerConfig | undefined {
  return rt.config().config.postmortem.trackers.find((t) => t.id === id);
}

async function tokenOf(t: TrackerConfig): Promise<string> {
  if (t.token) return t.token;
  try {
    return (await readFile(t.tokenFile!, 'utf8')).trim();
  } catch (e) {
    throw new TrackerError(
      `cannot read ${t.id}'s tokenFile: ${(e as NodeJS.ErrnoException).code ?? 'unreadable'}`,
      false,
    );
  }
}

/**
 * The day a due time falls due on, in zone `zone` (YYYY-MM-DD): the day that ends at `dueAt` (a deadline is the
 * local midnight that ends its last working day), for trackers whose due date is a day.
 */
export function dueDay(dueAt: Date, zone: string): string {
  return DateTime.fromMillis(dueAt.getTime() - 1, { zone }).toISODate()!;
}

const link = (rt: Runtime, incidentId: number) =>
  `${rt.publicUrl.replace(/\/$/, '')}/incidents/${incidentId}/postmortem`;

/**
 * The `postmortem.action-sync` job: brings action `actionId`'s issue in line with the action.
 * @param attempt the job's attempt (1 = first), for the retry policy
 */
export async function syncAction(rt: Runtime, actionId: number, attempt: number): Promise<JobOutcome> {
  const [a] = await rt.db.select().from(postmortemActions).where(eq(postmortemActions.id, actionId)).limit(1);
  if (!a?.syncTracker) return { kind: 'done' };
  const tracker = trackerOf(rt, a.syncTracker);
  const now = rt.clock.now();
  const fail = async (error: string) =>
    rt.db.update(postmortemActions).set({ syncError: error }).where(eq(postmortemActions.id, a.id));
  if (!tracker) {
    await fail(`no tracker ${a.syncTracker} is configured`);
    return { kind: 'done', incidentIds: [a.incidentId] };
  }
  const provider = await providerFor(tracker);
  try {
    const deps = { fetch: rt.outbound.fetch, token: await tokenOf(tracker), timeoutMs: 15_000 };
    let ref = a.syncRef;
    let state = a.syncState as IssueState | null;
    if (!ref) {
      // One creation at a time per tracker and incident (Jira looks up the fault's issue before making one), and
      // never twice for one action: the lock is held across the tracker's answer, a few seconds at most.
      const made = await rt.db.transaction(async (tx) => {
        await rows(tx, sql`select pg_advisory_xact_lock(hashtext(${`tracker:${tracker.id}:${a.incidentId}`}))`);
        const [fresh] = await tx.select().from(postmortemActions).where(eq(postmortemActions.id, a.id)).limit(1);
        if (fresh?.syncRef)
          return { ref: fresh.syncRef, url: fresh.syncUrl ?? '', state: fresh.syncState, isNew: false };
        const [incident] = await tx
          .select({ title: incidents.title })
          .from(incidents)
          .where(eq(incidents.id, a.incidentId))
          .limit(1);
        const out = await provider.create(tracker, deps, {
          incidentId: a.incidentId,
          incidentTitle: incident?.title ?? '',
          dueDate: dueDay(a.dueAt, calendarOf(rt.config().config.postmortem, a.team)?.timeZone ?? 'UTC'),
          title: a.title,
          owner: a.owner,
          dueAt: a.dueAt,
          body: [
            `Improvement action #${a.id} of incident #${a.incidentId} (Faultline).`,
            '',
            `**Acceptance criteria:** ${a.acceptanceCriteria}`,
            '',
            `- Owner: ${a.owner}`,
            `- Verifier: ${a.verifier}`,
            `- Due: ${a.dueAt.toISOString()}`,
            `- Priority: ${a.priority} · Type: ${a.type}`,
            '',
            link(rt, a.incidentId),
          ].join('\n'),
        });
        await tx
          .update(postmortemActions)
          .set({ syncRef: out.ref, syncUrl: out.url, syncState: 'open', syncError: null })
          .where(eq(postmortemActions.id, a.id));
        await addTimeline(tx, {
          incidentId: a.incidentId,
          at: now,
          kind: 'action',
          actor: 'system',
          message: `action #${a.id} mirrored to ${tracker.id}: ${out.url}`,
          data: { actionId: a.id, tracker: tracker.id, ref: out.ref },
        });
        return { ...out, state: 'open', isNew: true };
      });
      ref = made.ref;
      state = made.state as IssueState | null;
    }
    const want = issueStateOf(a.state as ActionState);
    if (want !== state) await provider.setState(tracker, deps, ref, want);
    await rt.db
      .update(postmortemActions)
      .set({ syncState: want, syncError: null })
      .where(eq(postmortemActions.id, a.id));
    return { kind: 'done', incidentIds: [a.incidentId] };
  } catch (e) {
    const error = shortReason(e instanceof Error ? e.message : String(e), 500);
    await fail(error);
    if ((e instanceof TrackerError && e.permanent) || attempt >= MAX_ATTEMPTS) {
      rt.log.warn({ action: a.id, tracker: tracker.id, error }, 'action sync gave up');
      return { kind: 'done', incidentIds: [a.incidentId] };
    }
    return { kind: 'retry', at: new Date(now.getTime() + retryDelayMs(attempt)), error };
  }
}

/**
 * A webhook delivery from tracker `trackerId`: verified and read by its provider; a closed issue completes its
 * action, a reopened one sends a done or verified action back to in progress. Deliveries about other events,
 * other repositories or issues no action mirrors are ignored; a repeated delivery changes nothing.
 * @returns what happened, for the answer
 * @throws AppError NOT_FOUND (no such tracker), UNAUTHORIZED (the signature does not verify)
 */
export async function receiveTrackerWebhook(
  rt: Runtime,
  trackerId: string,
  headers: Record<string, string | string[] | undefined>,
  rawBody: string,
): Promise<{ actionId: number | null; state: string | null; changed: boolean }> {
  const tracker = trackerOf(rt, trackerId);
  if (!tracker) throw new AppError('NOT_FOUND', `tracker ${trackerId} does not exist`);
  let change;
  try {
    change = (await providerFor(tracker)).webhook(tracker, headers, rawBody);
  } catch (e) {
    throw new AppError('UNAUTHORIZED', `tracker ${trackerId}: ${(e as Error).message}`);
  }
  const ignored = { actionId: null, state: null, changed: false };
  if (!change) return ignored;
  return rt.db.transaction(async (tx) => {
    const [a] = await tx
      .select()
      .from(postmortemActions)
      .where(and(eq(postmortemActions.syncTracker, trackerId), eq(postmortemActions.syncRef, change.ref)))
      .for('update')
      .limit(1);
    if (!a) return ignored;
    await tx.update(postmortemActions).set({ syncState: change.state }).where(eq(postmortemActions.id, a.id));
    const state = a.state as ActionState;
    if (issueStateOf(state) === change.state) return { actionId: a.id, state, changed: false };
    const by = change.by ? ` by ${change.by}` : '';
    const moved = await moveActionTo({
      ctx: { ...systemCtx(rt, `tracker:${trackerId}`), tx },
      input:
        change.state === 'closed'
          ? { id: a.id, to: 'done', reason: `issue ${change.ref} closed in ${trackerId}${by}`, system: true }
          : { id: a.id, to: 'in_progress', reason: `issue ${change.ref} reopened in ${trackerId}${by}`, system: true },
    });
    return { actionId: a.id, state: moved.state, changed: true };
  });
}
