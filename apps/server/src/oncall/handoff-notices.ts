/**
 * Hand-off notices (issue 4 point 3): shortly before a shift starts — `leadMinutes` before, 15 by default
 * (FAULTLINE_HANDOFF_NOTICE_MINUTES; 0 turns them off) — the incoming person gets one email "you are on call
 * for <schedule> from … to …", in their own time zone.
 *
 * - One periodic engine job, `oncall.handoffs`, runs every minute while there is a schedule (a durable job
 *   row, so it survives restarts and runs on one node at a time). Each run looks for hand-offs of every schedule of the directory
 *   (config and stored, runtime overrides included) starting within `[now − 10 min, now + lead]`, so a run
 *   that comes late (a node was down) still sends a notice for a shift that has just started.
 * - Once: the notice's key `schedule:user:shiftStart` is inserted into `handoff_notices` with
 *   insert-or-skip in the same transaction that enqueues the email (`notify.mail`, which retries with
 *   backoff). Any number of nodes or duplicate runs create one email; a later override that hands the shift
 *   to someone else gives that person their own notice.
 * - Notices are not tied to an incident, so they go through the email provider as notices, not pages.
 */
import { DateTime } from 'luxon';
import type { Db } from '../db/index.ts';
import { handoffNotices } from './tables.ts';
import { enqueueJob, enqueueOnce, setWaitingPayload } from '../engine/index.ts';
import { users } from '../people/index.ts';
import type { LoadedConfig, Runtime } from '../kernel/index.ts';
import type { JobOutcome } from '../engine/index.ts';
import { finalSchedule } from './final.ts';
import { handoffsBetween } from './handoff.ts';

/** How often the job runs, in ms. */
export const HANDOFF_PERIOD_MS = 60_000;
/** How long after a shift's start a late run still sends its notice, in ms. */
export const HANDOFF_GRACE_MS = 10 * 60_000;
/** How far ahead the end of a shift is looked for, in ms (a longer shift is "until at least"). */
const END_SEARCH_MS = 35 * 86_400_000;

/** A notice to send: `user` starts on `scheduleId` at `start` until `end` (`endKnown` false: at least). */
export interface DueNotice {
  key: string;
  scheduleId: string;
  scheduleName: string;
  scheduleZone: string;
  user: string;
  start: Date;
  end: Date;
  endKnown: boolean;
}

/**
 * The hand-offs of every schedule whose incoming person starts within `[now − graceMs, now + leadMs]`.
 * Pure. Each incoming user of a hand-off gives one notice, keyed `schedule:user(lower-case):startISO`.
 */
export function noticesDue(cfg: LoadedConfig, now: Date, leadMs: number, graceMs = HANDOFF_GRACE_MS): DueNotice[] {
  const from = new Date(now.getTime() - graceMs);
  const to = new Date(now.getTime() + leadMs + 1);
  const out: DueNotice[] = [];
  for (const s of cfg.escalation.schedules.values()) {
    for (const h of handoffsBetween(s, from, to)) {
      for (const user of h.to) {
        const horizon = new Date(h.at.getTime() + END_SEARCH_MS);
        let end = h.at;
        for (const p of finalSchedule(s, h.at, horizon)) {
          if (p.start.getTime() !== end.getTime() || p.user !== user) break;
          end = p.end;
        }
        out.push({
          key: `${s.id}:${user.toLowerCase()}:${h.at.toISOString()}`,
          scheduleId: s.id,
          scheduleName: s.name ?? s.id,
          scheduleZone: s.timeZone,
          user,
          start: h.at,
          end,
          endKnown: end.getTime() < horizon.getTime(),
        });
      }
    }
  }
  return out;
}

/** `Mon 23 Nov 2026 09:00` in `zone`. */
const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('ccc d LLL yyyy HH:mm');

/** The email of a notice, in the person's zone. */
export function noticeText(n: DueNotice, zone: string, publicUrl: string): { subject: string; text: string } {
  const until = n.endKnown ? local(n.end, zone) : `at least ${local(n.end, zone)}`;
  return {
    subject: `You are on call for ${n.scheduleName} from ${local(n.start, zone)} (${zone})`,
    text: [
      `You are on call for ${n.scheduleName} from ${local(n.start, zone)} to ${until} (${zone}).`,
      '',
      `Schedule: ${publicUrl}/api/v1/schedules/${encodeURIComponent(n.scheduleId)}/final`,
    ].join('\n'),
  };
}

/** Each person's zone: their user record, else their config team membership, else none. */
async function zones(db: Db, cfg: LoadedConfig): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const t of cfg.config.teams) for (const m of t.members) out.set(m.email.toLowerCase(), m.timeZone);
  for (const u of await db.select({ email: users.email, timeZone: users.timeZone }).from(users))
    out.set(u.email.toLowerCase(), u.timeZone);
  return out;
}

/**
 * Sends (enqueues) the notices due now that no node has sent; see the module comment.
 * @returns how many notices this call created
 */
export async function sendDueNotices(rt: Runtime, leadMinutes: number): Promise<number> {
  const now = rt.clock.now();
  const cfg = rt.config();
  const due = noticesDue(cfg, now, leadMinutes * 60_000);
  if (due.length === 0) return 0;
  const zoneOf = await zones(rt.db, cfg);
  let created = 0;
  for (const n of due) {
    const zone = zoneOf.get(n.user.toLowerCase()) ?? n.scheduleZone;
    const mail = noticeText(n, zone, rt.publicUrl);
    const sent = await rt.db.transaction(async (tx) => {
      const inserted = await tx
        .insert(handoffNotices)
        .values({ key: n.key, sentAt: now })
        .onConflictDoNothing()
        .returning({ key: handoffNotices.key });
      if (inserted.length === 0) return false;
      await enqueueJob(tx, 'notify.mail', { to: [n.user], ...mail }, now, now);
      return true;
    });
    if (sent) created++;
  }
  if (created > 0) rt.wakeEngine();
  return created;
}

/**
 * Enqueues the next run unless one is already waiting: any unfinished run at boot (`after` null), or, from a
 * run, one due after `after` (the running job itself, or a duplicate running beside it, is due earlier — the
 * first of them to get here schedules the next run, the others see it).
 */
function scheduleNext(db: Db, leadMinutes: number, runAt: Date, now: Date, after: Date | null): Promise<boolean> {
  return enqueueOnce(db, 'oncall.handoffs', { leadMinutes }, runAt, now, after);
}

/**
 * Starts the periodic job (once across nodes: an already waiting run is kept, with the new lead) when there
 * is a schedule. Called at boot and after a change of the directory (a schedule created, a config reload).
 * @param leadMinutes minutes before a shift the notice goes out; 0 turns notices off
 */
export async function startHandoffNotices(
  rt: Pick<Runtime, 'db' | 'clock' | 'config'>,
  leadMinutes: number,
): Promise<void> {
  const now = rt.clock.now();
  await setWaitingPayload(rt.db, 'oncall.handoffs', { leadMinutes });
  if (leadMinutes > 0 && rt.config().escalation.schedules.size > 0)
    await scheduleNext(rt.db, leadMinutes, now, now, null);
}

/**
 * The `oncall.handoffs` job: sends the notices due, then schedules the next run a minute later.
 * A payload with `leadMinutes` 0 (notices turned off since) ends the chain.
 */
export async function runHandoffNotices(rt: Runtime, p: { leadMinutes: number }): Promise<JobOutcome> {
  // Off, or no schedule left: the chain ends; startHandoffNotices starts it again when one is created.
  if (p.leadMinutes <= 0 || rt.config().escalation.schedules.size === 0) return { kind: 'done' };
  await sendDueNotices(rt, p.leadMinutes);
  const now = rt.clock.now();
  await scheduleNext(rt.db, p.leadMinutes, new Date(now.getTime() + HANDOFF_PERIOD_MS), now, now);
  return { kind: 'done' };
}
