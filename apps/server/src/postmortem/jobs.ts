/**
 * Postmortem's job kinds: open a postmortem after a mitigate or resolve (queued by incident and convergence,
 * which sit below this domain), remind a postmortem's owner before and after its due time, and remind an
 * action's owner once it is overdue (DESIGN §8).
 */
import { and, eq, inArray, lte } from 'drizzle-orm';
import { z } from 'zod';
import { enqueueJob, enqueueOnce, type JobDefinition } from '../engine/index.ts';
import { addTimeline, incidents } from '../incident/index.ts';
import type { Db } from '../db/index.ts';
import { HOUR_MS } from '../lib/index.ts';
import { overdueDigests, type OverdueItem } from './chase.ts';
import { loadRoomFacts } from './room.ts';
import { syncAction } from './sync.ts';
import { systemCtx, type Runtime } from '../kernel/index.ts';
import { openPostmortem } from './postmortems.ts';
import { moveActionTo } from './actions.ts';
import { runCheck } from './checks.ts';
import { ActionCheck } from '@faultline/contracts';
import { postmortemActions, postmortems } from './tables.ts';
import { isActionOverdue, type ActionState } from './action-state.ts';

const OpenPayload = z.object({ incidentId: z.number().int().positive() });
const RemindPayload = z.object({
  postmortemId: z.number().int().positive(),
  stage: z.enum(['before', 'overdue']),
  /** Which overdue reminder this is (0: the first, at the due time; then one every `remindEveryHours`). */
  round: z.number().int().min(0).optional(),
});
const ActionRemindPayload = z.object({
  actionId: z.number().int().positive(),
  /** Which reminder this is (0: at the due time; then one every `remindEveryHours` while overdue). */
  round: z.number().int().min(0).optional(),
});
const DigestPayload = z.object({});
const SyncPayload = z.object({ actionId: z.number().int().positive() });
const ActionCheckPayload = z.object({ actionId: z.number().int().positive() });

declare module '../engine/jobs.ts' {
  interface JobPayloads {
    /** Open the postmortem of an incident that was mitigated or resolved, if its level needs one. */
    'postmortem.open': z.infer<typeof OpenPayload>;
    /** Remind a postmortem's owner before its due time, or that it is overdue. */
    'postmortem.remind': z.infer<typeof RemindPayload>;
    /** Remind an action's owner that it is overdue (and its tracker, when set). */
    'postmortem.action-remind': z.infer<typeof ActionRemindPayload>;
    /** Run an action's machine check, reopen the action when it stopped holding, and schedule the next run. */
    'postmortem.action-check': z.infer<typeof ActionCheckPayload>;
    /** Send the coordinators and trackers their digest of overdue actions; again every `digestEveryHours`. */
    'postmortem.action-digest': z.infer<typeof DigestPayload>;
    /** Create or update the issue that mirrors an action in its tracker (postmortem/sync.ts). */
    'postmortem.action-sync': z.infer<typeof SyncPayload>;
  }
}

/** Emails `to` a notice through the email provider; false when there is none or `to` is not an address. */
async function notice(rt: Runtime, to: string, subject: string, text: string): Promise<boolean> {
  const email = rt.providers.email;
  if (!email || !to.includes('@')) return false;
  await email.send(to, { kind: 'notice', subject, text });
  return true;
}

const link = (rt: Runtime, incidentId: number) =>
  `${rt.publicUrl.replace(/\/$/, '')}/incidents/${incidentId}/postmortem`;

export const postmortemJobs: {
  'postmortem.open': JobDefinition<Runtime, 'postmortem.open'>;
  'postmortem.remind': JobDefinition<Runtime, 'postmortem.remind'>;
  'postmortem.action-remind': JobDefinition<Runtime, 'postmortem.action-remind'>;
  'postmortem.action-check': JobDefinition<Runtime, 'postmortem.action-check'>;
  'postmortem.action-digest': JobDefinition<Runtime, 'postmortem.action-digest'>;
  'postmortem.action-sync': JobDefinition<Runtime, 'postmortem.action-sync'>;
} = {
  'postmortem.action-sync': {
    payload: SyncPayload,
    run: (rt, { actionId }, job) => syncAction(rt, actionId, job.attempts),
  },
  'postmortem.open': {
    payload: OpenPayload,
    async run(rt, { incidentId }) {
      const pm = await openPostmortem({ ctx: systemCtx(rt, 'postmortem'), input: { incidentId, auto: true } });
      return { kind: 'done', incidentIds: pm ? [incidentId] : [] };
    },
  },
  'postmortem.remind': {
    payload: RemindPayload,
    async run(rt, { postmortemId, stage, round = 0 }) {
      const [pm] = await rt.db.select().from(postmortems).where(eq(postmortems.id, postmortemId)).limit(1);
      if (!pm || pm.status === 'published') return { kind: 'done' };
      // `reminders` counts what was sent: 1 the one before the due time, 2 + n the overdue one of round n.
      const rank = stage === 'before' ? 1 : 2 + round;
      if (pm.reminders >= rank) return { kind: 'done' };
      const now = rt.clock.now();
      const every = rt.config().config.postmortem.remindEveryHours;
      const subject =
        stage === 'before'
          ? `Postmortem #${pm.id} is due ${pm.dueAt.toISOString()}`
          : `Postmortem #${pm.id} is overdue (due ${pm.dueAt.toISOString()})`;
      const sent = pm.owner ? await notice(rt, pm.owner, subject, `${subject}. ${link(rt, pm.incidentId)}`) : false;
      await rt.db.transaction(async (tx) => {
        await tx.update(postmortems).set({ reminders: rank }).where(eq(postmortems.id, pm.id));
        await addTimeline(tx, {
          incidentId: pm.incidentId,
          at: now,
          kind: 'postmortem',
          actor: 'system',
          message: `${subject}: ${sent ? `reminded ${pm.owner}` : 'no owner with an email address to remind'}`,
          data: { postmortemId: pm.id, stage },
        });
        // Overdue: chase again every `remindEveryHours` until it is published.
        if (stage === 'overdue' && every > 0)
          await enqueueJob(
            tx,
            'postmortem.remind',
            { postmortemId: pm.id, stage, round: round + 1 },
            new Date(now.getTime() + every * HOUR_MS),
            now,
          );
      });
      return { kind: 'done', incidentIds: [pm.incidentId] };
    },
  },
  'postmortem.action-remind': {
    payload: ActionRemindPayload,
    async run(rt, { actionId, round = 0 }) {
      const [a] = await rt.db.select().from(postmortemActions).where(eq(postmortemActions.id, actionId)).limit(1);
      const now = rt.clock.now();
      if (!a || a.reminders > round || !isActionOverdue({ state: a.state as ActionState, dueAt: a.dueAt }, now))
        return { kind: 'done' };
      const config = rt.config().config.postmortem;
      const subject =
        round === 0
          ? `Action #${a.id} "${a.title}" is overdue (due ${a.dueAt.toISOString()})`
          : `Action #${a.id} "${a.title}" is still overdue (due ${a.dueAt.toISOString()}, reminder ${round + 1})`;
      const text = `${subject}. Acceptance criteria: ${a.acceptanceCriteria}. ${link(rt, a.incidentId)}`;
      const told = [a.owner, ...(a.tracker ? [a.tracker] : [])];
      const sent: string[] = [];
      for (const to of told) if (await notice(rt, to, subject, text)) sent.push(to);
      await rt.db.transaction(async (tx) => {
        await tx
          .update(postmortemActions)
          .set({ reminders: round + 1 })
          .where(eq(postmortemActions.id, a.id));
        await addTimeline(tx, {
          incidentId: a.incidentId,
          at: now,
          kind: 'action',
          actor: 'system',
          message: `${subject}: ${sent.length ? `reminded ${sent.join(', ')}` : 'nobody with an email address to remind'}`,
          data: { actionId: a.id },
        });
        if (config.remindEveryHours > 0)
          await enqueueJob(
            tx,
            'postmortem.action-remind',
            { actionId: a.id, round: round + 1 },
            new Date(now.getTime() + config.remindEveryHours * HOUR_MS),
            now,
          );
      });
      // The coordinators' digest runs while actions are overdue: start it unless a run is waiting.
      if (config.digestEveryHours > 0) await enqueueOnce(rt.db, 'postmortem.action-digest', {}, now, now);
      return { kind: 'done', incidentIds: [a.incidentId] };
    },
  },
  'postmortem.action-check': {
    payload: ActionCheckPayload,
    async run(rt, { actionId }) {
      const [a] = await rt.db.select().from(postmortemActions).where(eq(postmortemActions.id, actionId)).limit(1);
      const parsed = ActionCheck.safeParse(a?.check);
      if (!a || !parsed.success) return { kind: 'done' };
      const config = rt.config().config;
      const outcome = await runCheck(
        {
          fetch: rt.outbound.fetch,
          prometheusUrl: config.prometheus?.url ?? null,
          timeoutMs: config.prometheus?.timeoutMs ?? 10_000,
        },
        parsed.data,
      );
      const now = rt.clock.now();
      const next = new Date(now.getTime() + config.postmortem.checkEveryMinutes * 60_000);
      await rt.db.transaction(async (tx) => {
        await tx
          .update(postmortemActions)
          .set({ lastCheck: { at: now.toISOString(), ok: outcome.ok, detail: outcome.detail } })
          .where(eq(postmortemActions.id, a.id));
        // A done or verified action whose check stopped holding goes back to work, on its timeline.
        if (!outcome.ok && (a.state === 'done' || a.state === 'verified'))
          await moveActionTo({
            ctx: { ...systemCtx(rt, 'check'), tx },
            input: {
              id: a.id,
              to: 'in_progress',
              reason: `its check stopped holding: ${outcome.detail}`,
              system: true,
            },
          });
        await enqueueJob(tx, 'postmortem.action-check', { actionId: a.id }, next, now);
      });
      return { kind: 'done', incidentIds: [a.incidentId] };
    },
  },
  'postmortem.action-digest': {
    payload: DigestPayload,
    async run(rt) {
      const every = rt.config().config.postmortem.digestEveryHours;
      if (every <= 0) return { kind: 'done' };
      const now = rt.clock.now();
      const items = await overdueItems(rt.db, now);
      const digests = overdueDigests(items, now, (id) => link(rt, id));
      await rt.db.transaction(async (tx) => {
        for (const d of digests) {
          await enqueueJob(tx, 'notify.mail', { to: [d.to], subject: d.subject, text: d.text }, now, now);
          for (const incidentId of d.incidentIds)
            await addTimeline(tx, {
              incidentId,
              at: now,
              kind: 'action',
              actor: 'system',
              message: `overdue actions digest sent to ${d.to}`,
              data: { digest: true },
            });
        }
      });
      // Again in `digestEveryHours` while anything is overdue; the next overdue action starts it again.
      if (items.length > 0)
        await enqueueOnce(rt.db, 'postmortem.action-digest', {}, new Date(now.getTime() + every * HOUR_MS), now, now);
      return { kind: 'done', incidentIds: [...new Set(items.map((i) => i.incidentId))] };
    },
  },
};

/** The overdue actions at `now` with who coordinates their incident (else the postmortem's owner). */
async function overdueItems(db: Db, now: Date): Promise<OverdueItem[]> {
  const rows = await db
    .select({ a: postmortemActions, owner: postmortems.owner, incident: incidents })
    .from(postmortemActions)
    .innerJoin(postmortems, eq(postmortems.id, postmortemActions.postmortemId))
    .innerJoin(incidents, eq(incidents.id, postmortemActions.incidentId))
    .where(and(inArray(postmortemActions.state, ['open', 'in_progress']), lte(postmortemActions.dueAt, now)));
  const coordinators = new Map<number, string | null>();
  for (const r of rows)
    if (!coordinators.has(r.incident.id))
      coordinators.set(r.incident.id, (await loadRoomFacts(db, r.incident)).coordinator);
  return rows.map((r) => {
    const coordinator = coordinators.get(r.incident.id) ?? null;
    return {
      actionId: r.a.id,
      incidentId: r.a.incidentId,
      title: r.a.title,
      owner: r.a.owner,
      dueAt: r.a.dueAt,
      coordinator: coordinator && coordinator.includes('@') ? coordinator : r.owner,
      tracker: r.a.tracker,
    };
  });
}
