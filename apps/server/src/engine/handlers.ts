/**
 * What each job kind does. A handler resolves when the job is done, or returns a time to retry at; a
 * throw is logged and the job runs again when its lease ends. A new kind gets an entry here (the record
 * type makes a missing one a compile error).
 */
import type { Runtime } from '../runtime.ts';
import type { ClaimedJob, JobKind, JobPayloads } from './jobs.ts';
import { deliverNotification } from '../notify/deliver.ts';
import { sendMail } from '../notify/mail.ts';
import { regradeIncident } from '../incident/grading.ts';
import { evaluateKpiWatch } from '../kpi/evaluate.ts';
import { runEscalationStep } from '../escalation/engine.ts';
import { runHandoffNotices } from '../oncall/handoff-notices.ts';
import { sendDigest } from '../people/digest.ts';

export type JobOutcome =
  { kind: 'done'; incidentIds?: number[] } | { kind: 'retry'; at: Date; error: string; incidentIds?: number[] };

type Handlers = { [K in JobKind]: (rt: Runtime, payload: JobPayloads[K], job: ClaimedJob<K>) => Promise<JobOutcome> };

export const handlers: Handlers = {
  async 'notify.deliver'(rt, { notificationId }, job) {
    // The previous claim lapsed: that node may have handed the message to the provider before it died. The
    // delivery runs again (a page must not be lost) with the same idempotency key, Message-ID and delivery
    // id, so a receiver that de-duplicates shows it once; the log names the possible re-send.
    if (job.abandonedBy)
      rt.log.warn(
        { notification: notificationId, abandonedBy: job.abandonedBy, attempt: job.attempts },
        'resuming a delivery whose node stopped mid-job; if it had reached the provider this is a re-send',
      );
    const outcome = await deliverNotification(rt, notificationId, job.attempts);
    if (outcome.kind === 'skip') return { kind: 'done' };
    if (outcome.kind === 'retry')
      return { kind: 'retry', at: outcome.at, error: outcome.error, incidentIds: [outcome.incidentId] };
    return { kind: 'done', incidentIds: [outcome.incidentId] };
  },
  async 'grade.duration'(rt, { incidentId }) {
    await rt.db.transaction((tx) =>
      regradeIncident(tx, rt.config(), incidentId, rt.clock.now(), { actor: 'duration' }),
    );
    return { kind: 'done', incidentIds: [incidentId] };
  },
  async 'kpi.evaluate'(rt, { watchId }) {
    return evaluateKpiWatch(rt, watchId);
  },
  async 'notify.mail'(rt, payload, job) {
    return sendMail(rt, payload, job.attempts);
  },
  async 'escalation.step'(rt, payload) {
    return runEscalationStep(rt, payload);
  },
  async 'oncall.handoffs'(rt, payload) {
    return runHandoffNotices(rt, payload);
  },
  async 'notify.digest'(rt, { digestId }, job) {
    return sendDigest(rt, digestId, job.attempts);
  },
};
