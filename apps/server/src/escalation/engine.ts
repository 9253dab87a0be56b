/**
 * The escalation engine (DESIGN §7): pages a team through its escalation policy, one durable timer per step.
 *
 * - `pageOrEscalate` is where a grading outcome's pages go (convergence, live regrading): an on-call page of
 *   a team with a policy starts (or, for a level upgrade, restarts) the escalation at step 0; every other
 *   page is `sendPage` as before (the team's `oncall` list, or leadership).
 * - `runEscalationStep` is the `escalation.step` job. In one transaction it locks the incident's escalation
 *   row, runs the step only if the job's position is the row's next position, writes the notifications and
 *   their delivery jobs, moves the row on and enqueues the next step's timer. A duplicate job, a job of an
 *   earlier escalation, or a timer that the escalate button overtook finds another position and does
 *   nothing; each notification's idempotency key `(incident, <reason>:p<policy>:s<step>:r<round>, recipient,
 *   channel)` is a second guard, so a step never pages anyone twice.
 *
 * Stop rule: a step does not run on an incident that is acknowledged (unless a person pressed "escalate" or
 * it is the re-page of a level upgrade), mitigated, resolved or closed; the stop is one timeline note.
 * Skip rule: a step with nobody to page (a schedule gap, an empty team) is a timeline note, and the next
 * step runs at once, whatever its delay.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { escalations } from './tables.ts';
import { incidents, addTimeline, type TimelineInput } from '../incident/index.ts';
import {
  drillOf,
  drillParticipants,
  type KnownDrill,
  pageAddress,
  sendPage,
  type PageRequest,
  pagePeople,
  unreachableNote,
  urgencyOf,
  type Urgency,
} from '../notify/index.ts';
import type { LoadedConfig, Runtime } from '../kernel/index.ts';
import type { EscalationPolicyConfig } from './config.ts';
import { enqueueJob, enqueueJobsFromSql, type JobPayloads } from '../engine/index.ts';
import type { JobOutcome } from '../engine/index.ts';
import { delayBefore, nextStep, policyFor, stepApplies, stepRecipients, type Recipient } from './policy.ts';
import { decideUpgradePage, escalationPause, upgradeStepLevels, upgradeSuperseded } from '../suppression/index.ts';

export type EscalationStepPayload = JobPayloads['escalation.step'];

/** Who asks for an upgrade's first step to page even when the incident is acknowledged. */
export const UPGRADE_REQUESTER = 'level upgrade';

/** Steps one job may skip in a row (all empty) before it gives up; a bound, not a rule users meet. */
const MAX_SKIPS = 200;

/** A position in a chain of policies. */
interface Position {
  policyId: string;
  step: number;
  round: number;
}

/** `step 2 of policy "Payments" (repeat 1)`: steps are 1-based for people. */
function describe(policy: EscalationPolicyConfig | undefined, pos: Position): string {
  const name = policy?.name ? `"${policy.name}"` : pos.policyId;
  return `step ${pos.step + 1} of policy ${name}${pos.round > 0 ? ` (repeat ${pos.round})` : ''}`;
}

/** The position after `pos`: the same policy's next step or round, the hand-off policy's step 0, or null. */
function advance(policy: EscalationPolicyConfig, pos: Position): Position | null {
  const next = nextStep(policy, pos.step, pos.round);
  if (!next) return null;
  if ('handoff' in next) return { policyId: next.handoff, step: 0, round: 0 };
  return { policyId: pos.policyId, ...next };
}

/**
 * Sends a grading outcome's page: through the service's or team's escalation policy (`policyFor`) when it is
 * an on-call page and there is one, else `sendPage` (the team's `oncall` list, or the business line's leadership).
 * Call inside the transaction of the change that causes the page.
 */
export async function pageOrEscalate(
  db: Db,
  cfg: LoadedConfig,
  req: PageRequest & { afterWindow?: boolean },
): Promise<void> {
  if (await coalesceUpgrade(db, cfg, req)) return;
  // A drill never runs the real escalation policy: its on-call page goes to its participants (notify).
  const drill = req.audience === 'oncall' ? await drillParticipants(db, req.incidentId) : null;
  const policyId = req.audience === 'oncall' && !drill ? policyFor(cfg, req)?.id : null;
  if (policyId) {
    await startEscalation(db, {
      incidentId: req.incidentId,
      policyId,
      reason: req.step,
      now: req.now,
      // DESIGN §7: "an upgrade of the incident's level re-pages", acknowledged or not.
      requestedBy: req.step === 'initial' ? null : UPGRADE_REQUESTER,
    });
    return;
  }
  await sendPage(db, cfg, req);
}

/**
 * Coalesces automatic upgrade pages (issue 16 point 5; suppression `decideUpgradePage`): with
 * `paging.upgradeWindowSeconds`, an upgrade page below level 1 is not sent at once but queued as an
 * `escalation.page` job due when its window ends; when that job runs, it is dropped if the incident has since
 * become more severe in a sequence it names (the later upgrade's page stands for it). So a KPI drop graded
 * P3, P2 then P1 within the window pages the initial page and one upgrade, at P1, at once when P1 is reached.
 * Each wait and drop is a timeline note.
 * @returns true when the page is not to be sent now
 */
async function coalesceUpgrade(
  db: Db,
  cfg: LoadedConfig,
  req: PageRequest & { afterWindow?: boolean },
): Promise<boolean> {
  const windowMs = cfg.config.paging.upgradeWindowSeconds * 1000;
  const pending = windowMs > 0 ? upgradeStepLevels(req.step, req.now) : null;
  if (!pending) return false;
  const note = (kind: TimelineInput['kind'], message: string) =>
    addTimeline(db, {
      incidentId: req.incidentId,
      at: req.now,
      kind,
      actor: 'system',
      message,
      data: { step: req.step, audience: req.audience },
    });
  if (req.afterWindow) {
    const [row] = await db.select({ levels: incidents.levels }).from(incidents).where(eq(incidents.id, req.incidentId));
    if (!row || !upgradeSuperseded(pending, row.levels)) return false;
    await note(
      'page_dropped',
      `${req.audience} page ${req.step} not sent: a later upgrade within the window overtook it`,
    );
    return true;
  }
  const decision = decideUpgradePage(pending, windowMs, req.now);
  if (decision.action !== 'wait') return false;
  await enqueueJob(
    db,
    'escalation.page',
    {
      incidentId: req.incidentId,
      team: req.team,
      service: req.service,
      step: req.step,
      audience: req.audience,
      at: decision.until.toISOString(),
      afterWindow: true,
    },
    decision.until,
    req.now,
  );
  await note(
    'page_held',
    `${req.audience} page ${req.step} waits until ${decision.until.toISOString()} for further upgrades (paging.upgradeWindowSeconds)`,
  );
  return true;
}

/**
 * Starts (or restarts from step 0) an incident's escalation: the row names step 0 of `policyId` and a job
 * for it is due now. A restart with a new `reason` gives every page new idempotency keys, so it re-pages.
 * Call inside the transaction of the change that causes it.
 */
export async function startEscalation(
  db: Db,
  opts: { incidentId: number; policyId: string; reason: string; now: Date; requestedBy: string | null },
): Promise<void> {
  const row = {
    reason: opts.reason,
    policyId: opts.policyId,
    nextStep: 0,
    nextRound: 0,
    nextAt: opts.now,
    requestedBy: opts.requestedBy,
    pages: 0,
    startedAt: opts.now,
    updatedAt: opts.now,
    endedAt: null,
    endReason: null,
  };
  await db
    .insert(escalations)
    .values({ incidentId: opts.incidentId, ...row })
    .onConflictDoUpdate({ target: escalations.incidentId, set: row });
  await enqueueJob(
    db,
    'escalation.step',
    { incidentId: opts.incidentId, policyId: opts.policyId, step: 0, round: 0, reason: opts.reason },
    opts.now,
    opts.now,
  );
}

/** Why a step must not run on an incident in this state, or null. */
function stopReason(
  incident: { status: string; acknowledgedBy: string | null },
  requestedBy: string | null,
): { code: string; message: string } | null {
  switch (incident.status) {
    case 'triggered':
      return null;
    case 'acknowledged':
      return requestedBy
        ? null
        : { code: 'acknowledged', message: `acknowledged by ${incident.acknowledgedBy ?? 'someone'}` };
    default:
      return { code: incident.status, message: `the incident is ${incident.status}` };
  }
}

/** Pages a bare address or a channel through notify; returns whether this step had not paged it yet. */
function page(
  db: Db,
  incidentId: number,
  step: string,
  recipient: Recipient,
  now: Date,
  drill: KnownDrill,
): Promise<boolean> {
  const channel = recipient.kind === 'email' ? 'email' : recipient.channelId;
  const to = recipient.kind === 'email' ? recipient.address : recipient.channelId;
  return pageAddress(db, { incidentId, step, channel, to, now, drill });
}

const show = (r: Recipient) => (r.kind === 'email' ? r.address : `channel ${r.channelId}`);

/**
 * Pages the step's emails that belong to users through their notification rules (notify/person-page.ts).
 * @returns the notifications created, the lower-cased emails of people (paged or not: neither gets a bare
 *   email) and of those with no verified contact method, who count as nobody
 */
async function pageRecipientsPeople(
  db: Db,
  incidentId: number,
  step: string,
  recipients: readonly Recipient[],
  urgency: Urgency,
  now: Date,
  drill: KnownDrill,
) {
  const emails = recipients.flatMap((r) => (r.kind === 'email' ? [r.address] : []));
  const r = await pagePeople(db, { incidentId, step, emails, urgency, now, drill });
  return {
    created: r.created,
    unreachable: r.unreachable,
    personEmails: new Set([...r.paged, ...r.unreachable].map((u) => u.email.toLowerCase())),
    unreachableEmails: new Set(r.unreachable.map((u) => u.email.toLowerCase())),
  };
}

/**
 * The `escalation.step` job: runs the step the payload names if it is still the incident's next step (see
 * the module comment), skipping empty steps at once, and schedules the step after it.
 * @returns done (a stale or duplicate job is done too); throws only on database errors (the job then runs
 *   again when its lease ends, and the row lock plus the keys keep that from paging twice)
 */
export async function runEscalationStep(rt: Runtime, p: EscalationStepPayload): Promise<JobOutcome> {
  const cfg = rt.config();
  const now = rt.clock.now();
  const changed = await rt.db.transaction(async (tx) => {
    // The escalation row (locked) and the incident's state in one statement.
    const [found] = await tx
      .select({
        row: escalations,
        incident: {
          id: incidents.id,
          status: incidents.status,
          acknowledgedBy: incidents.acknowledgedBy,
          levels: incidents.levels,
          risk: incidents.risk,
          service: incidents.service,
          drill: incidents.drill,
        },
      })
      .from(escalations)
      .leftJoin(incidents, eq(incidents.id, escalations.incidentId))
      .where(eq(escalations.incidentId, p.incidentId))
      .for('update', { of: escalations });
    const row = found?.row;
    const current =
      row &&
      row.endedAt === null &&
      row.reason === p.reason &&
      row.policyId === p.policyId &&
      row.nextStep === p.step &&
      row.nextRound === p.round;
    if (!current) return false;
    const incident = found.incident?.id != null ? found.incident : null;
    const drill = drillOf(incident?.drill);
    const notes: TimelineInput[] = [];
    const note = (
      message: string,
      data: Record<string, unknown>,
      actor = 'system',
      kind: TimelineInput['kind'] = 'note',
    ) => notes.push({ incidentId: p.incidentId, at: now, kind, actor, message, data: { escalation: data } });
    const end = async (code: string, pages: number) => {
      await tx
        .update(escalations)
        .set({ endedAt: now, endReason: code, nextAt: null, requestedBy: null, pausedBy: null, updatedAt: now, pages })
        .where(eq(escalations.incidentId, p.incidentId));
    };

    /** Moves the row to `next`, due after that step's delay, and queues its timer. */
    const scheduleNext = async (next: Position, pages: number) => {
      const nextPolicy = cfg.escalation.policies.get(next.policyId);
      const due = new Date(now.getTime() + (nextPolicy ? delayBefore(nextPolicy, next.step) : 0) * 60_000);
      // The row moves on and the next step's timer is queued in one statement.
      const payload: EscalationStepPayload = { incidentId: p.incidentId, reason: row.reason, ...next };
      await tx.execute(
        sql`with moved as (
              update escalations set policy_id = ${next.policyId}, next_step = ${next.step}, next_round = ${next.round},
                next_at = ${due.toISOString()}::timestamptz, requested_by = null, paused_by = null, pages = ${pages},
                updated_at = ${now.toISOString()}::timestamptz
              where incident_id = ${p.incidentId}
              returning incident_id)
            ${enqueueJobsFromSql('escalation.step', sql`${JSON.stringify(payload)}::jsonb`, due, now, 'moved')}`,
      );
    };

    const stop = incident ? stopReason(incident, row.requestedBy) : { code: 'closed', message: 'the incident is gone' };
    if (stop) {
      note(`escalation stopped: ${stop.message}`, {
        policy: p.policyId,
        step: p.step,
        round: p.round,
        stop: stop.code,
      });
      await end(stop.code, row.pages);
      await addTimeline(tx, ...notes);
      return true;
    }

    // A pause-escalations maintenance window holds the step that came due while it is open; the step runs
    // when the window ends (and is re-checked then), so a cycle in flight stops and resumes after it. The
    // first step of a page (a new incident, an upgrade) is not held: the on-call is told, nobody further.
    const first = p.step === 0 && p.round === 0;
    const pause =
      incident && !first ? await escalationPause(tx, cfg, { id: p.incidentId, service: incident.service }, now) : null;
    if (pause?.until) {
      note(`escalation paused by maintenance window ${pause.id} until ${pause.until.toISOString()}`, {
        policy: p.policyId,
        step: p.step,
        round: p.round,
        pausedBy: pause.id,
      });
      await tx
        .update(escalations)
        .set({ nextAt: pause.until, pausedBy: pause.id, updatedAt: now })
        .where(eq(escalations.incidentId, p.incidentId));
      await enqueueJob(tx, 'escalation.step', { ...p }, pause.until, now);
      await addTimeline(tx, ...notes);
      return true;
    }

    const urgency = urgencyOf(incident ?? { levels: {}, risk: false }, cfg.config.notify.urgency);
    let pos: Position = { policyId: p.policyId, step: p.step, round: p.round };
    let pages = row.pages;
    const by = row.requestedBy && row.requestedBy !== UPGRADE_REQUESTER ? row.requestedBy : null;
    for (let skips = 0; ; skips++) {
      const policy = cfg.escalation.policies.get(pos.policyId);
      if (!policy || pos.step >= policy.steps.length) {
        note(`escalation stopped: policy ${pos.policyId} has no step ${pos.step + 1} in the current config`, {
          ...pos,
          stop: 'policy-missing',
        });
        await end('policy-missing', pages);
        break;
      }
      const keyStep = `${row.reason}:p${pos.policyId}:s${pos.step}:r${pos.round}`;
      const next = advance(policy, pos);
      const step = policy.steps[pos.step]!;
      if (!stepApplies(step, incident?.levels ?? {})) {
        // Passed over, not skipped: the next step keeps its own delay, as if this one were not in the list.
        note(`${describe(policy, pos)} is for ${step.minLevel} and more severe: passed over`, {
          ...pos,
          passedOver: true,
        });
        if (!next) {
          if (pages > 0) note('escalation ended: that was the last step', { ...pos, stop: 'finished' });
          await end('finished', pages);
          break;
        }
        await scheduleNext(next, pages);
        break;
      }
      const { recipients, nobody } = stepRecipients(policy, pos.step, pos.round, {
        incidentId: p.incidentId,
        now,
        ...cfg.escalation,
      });
      // People are paged through their own rules; one with no verified contact method counts as nobody.
      const people = await pageRecipientsPeople(tx, p.incidentId, keyStep, recipients, urgency, now, drill);
      for (const u of people.unreachable) {
        nobody.push(unreachableNote(u));
        note(unreachableNote(u), { ...pos, userId: u.userId, unreachable: true });
      }
      const reached = recipients.filter(
        (r) => r.kind === 'channel' || !people.unreachableEmails.has(r.address.toLowerCase()),
      );
      if (reached.length === 0) {
        note(`${describe(policy, pos)} has nobody to page (${nobody.join('; ')}): skipped`, { ...pos, skipped: true });
        if (next && skips < MAX_SKIPS) {
          pos = next;
          continue;
        }
        const ending = next ? `gave up after ${skips + 1} steps in a row had nobody to page` : 'that was the last step';
        if (pages === 0) {
          note(
            `nobody was paged: no step of the escalation had anyone to page (${ending})`,
            { ...pos },
            'system',
            'notification_failed',
          );
        } else note(`escalation ended: ${ending}`, { ...pos, stop: 'finished' });
        await end('finished', pages);
        break;
      }
      let created = people.created;
      for (const r of reached)
        if (!people.personEmails.has(r.kind === 'email' ? r.address.toLowerCase() : ''))
          if (await page(tx, p.incidentId, keyStep, r, now, drill)) created++;
      pages += created;
      note(
        `${describe(policy, pos)}${by ? ` (escalated by ${by})` : ''}: paging ${reached.map(show).join(', ')}`,
        { ...pos, reason: row.reason, recipients: reached, ...(nobody.length ? { nobody } : {}) },
        by ?? 'system',
      );
      if (!next) {
        await end('finished', pages);
        break;
      }
      await scheduleNext(next, pages);
      break;
    }
    await addTimeline(tx, ...notes);
    return true;
  });
  return { kind: 'done', incidentIds: changed ? [p.incidentId] : [] };
}

/**
 * Brings forward the steps a pause-escalations window held, when it is ended early or deleted: each
 * escalation it paused runs its next step now (re-checked like any step: another open window holds it again).
 * The step's timer at the window's planned end then finds the escalation moved on and does nothing.
 * @returns the incidents whose escalation was resumed
 */
export async function resumePausedEscalations(rt: Runtime, windowId: string): Promise<number[]> {
  const now = rt.clock.now();
  return rt.db.transaction(async (tx) => {
    const rows = await tx
      .update(escalations)
      .set({ nextAt: now, pausedBy: null, updatedAt: now })
      .where(and(eq(escalations.pausedBy, windowId), isNull(escalations.endedAt)))
      .returning();
    for (const row of rows) {
      await enqueueJob(
        tx,
        'escalation.step',
        {
          incidentId: row.incidentId,
          policyId: row.policyId,
          step: row.nextStep,
          round: row.nextRound,
          reason: row.reason,
        },
        now,
        now,
      );
    }
    return rows.map((r) => r.incidentId);
  });
}
