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

export type JobOutcome =
  { kind: 'done'; incidentIds?: number[] } | { kind: 'retry'; at: Date; error: string; incidentIds?: number[] };

type Handlers = { [K in JobKind]: (rt: Runtime, payload: JobPayloads[K], job: ClaimedJob<K>) => Promise<JobOutcome> };

export const handlers: Handlers = {
  async 'notify.deliver'(rt, { notificationId }, job) {
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
};
