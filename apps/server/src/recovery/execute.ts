/**
 * The `recovery.execute` job: calls a step's automation once and records the answer (docs/recovery.md
 * "Automation"). A failure is recorded and shown, never retried by the job: only a person retries a step.
 */
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { JobOutcome } from '../engine/index.ts';
import { addTimeline, incidents } from '../incident/index.ts';
import { changes } from '../changes/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { redactText } from '../lib/index.ts';
import { recoverySteps } from './tables.ts';
import { CHANGE_ROLLBACK_PLAYBOOK } from './config.ts';
import { changeRollbackPlaybook } from './rules.ts';

/** Characters of an answer body kept and shown. */
export const ANSWER_BODY_CHARS = 500;

/**
 * The signature header of an automation call: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>` with the
 * step's secret, the timestamp (epoch seconds) sent as `x-faultline-timestamp`, so a receiver can refuse
 * replays.
 */
export function signAutomation(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** The change as the automation's body carries it (docs/recovery.md). */
function changeBody(c: {
  id: number;
  kind: string;
  summary: string;
  services: string[];
  externalId: string | null;
  url: string | null;
  startedAt: Date;
}) {
  const { id, kind, summary, services, externalId, url, startedAt } = c;
  return { id, kind, summary, services, externalId, url, startedAt };
}

/** Runs one queued step's automation (payload `{ stepRunId }`). */
export async function executeRecoveryStep(rt: Runtime, stepRunId: number): Promise<JobOutcome> {
  const claimed = await rt.db.transaction(async (tx) => {
    const [row] = await tx.select().from(recoverySteps).where(eq(recoverySteps.id, stepRunId)).for('update').limit(1);
    if (!row || row.status !== 'queued') return null;
    await tx
      .update(recoverySteps)
      .set({ status: 'running', attempts: row.attempts + 1 })
      .where(eq(recoverySteps.id, row.id));
    return { ...row, attempts: row.attempts + 1 };
  });
  if (!claimed) return { kind: 'done' };
  const config = rt.config();
  const [incident] = await rt.db
    .select({ id: incidents.id, title: incidents.title, service: incidents.service, levels: incidents.levels })
    .from(incidents)
    .where(eq(incidents.id, claimed.incidentId))
    .limit(1);

  const [change] =
    claimed.changeId === null
      ? []
      : await rt.db
          .select({
            id: changes.id,
            kind: changes.kind,
            summary: changes.summary,
            services: changes.services,
            externalId: changes.externalId,
            url: changes.url,
            startedAt: changes.startedAt,
            source: changes.source,
            sourceKey: changes.sourceKey,
          })
          .from(changes)
          .where(eq(changes.id, claimed.changeId))
          .limit(1);
  // A configured playbook's step, or the "roll back the change" offer built from the step's change.
  const step =
    claimed.playbookId === CHANGE_ROLLBACK_PLAYBOOK
      ? changeRollbackPlaybook(config.config.changeRollbacks, change ?? null)?.steps.find(
          (s) => s.id === claimed.stepId,
        )
      : config.config.playbooks.find((p) => p.id === claimed.playbookId)?.steps.find((s) => s.id === claimed.stepId);

  let answer: { status: number; body: string } | null = null;
  let error: string | null = null;
  if (!step?.automation) error = 'the step has no automation in the current config';
  else {
    const body = JSON.stringify({
      incident: incident ?? { id: claimed.incidentId },
      playbook: claimed.playbookId,
      step: { id: claimed.stepId, method: claimed.method, targets: claimed.targets },
      attempt: claimed.attempts,
      requestedBy: claimed.requestedBy,
      approvals: claimed.approvals,
      ...(change ? { change: changeBody(change) } : {}),
    });
    const timestamp = Math.floor(rt.clock.now().getTime() / 1000);
    try {
      const res = await rt.outbound.fetch(step.automation.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-faultline-timestamp': String(timestamp),
          'x-faultline-signature': signAutomation(step.automation.secret, timestamp, body),
        },
        body,
        redirect: 'error',
        timeoutMs: step.automation.timeoutMs,
      });
      answer = { status: res.status, body: (await res.text()).slice(0, ANSWER_BODY_CHARS) };
      if (!res.ok) error = `answered HTTP ${res.status}`;
    } catch (e) {
      error = redactText((e as Error).message).slice(0, ANSWER_BODY_CHARS);
    }
  }

  const now = rt.clock.now();
  const ok = error === null;
  await rt.db.transaction(async (tx) => {
    await tx
      .update(recoverySteps)
      .set({ status: ok ? 'succeeded' : 'failed', lastAnswer: answer, lastError: error, finishedAt: now })
      .where(eq(recoverySteps.id, claimed.id));
    await addTimeline(tx, {
      incidentId: claimed.incidentId,
      at: now,
      kind: 'recovery_step',
      actor: 'system',
      message:
        `${claimed.playbookId} · ${claimed.stepId} (${claimed.method}): automation attempt ${claimed.attempts} ` +
        (ok ? `succeeded (HTTP ${answer!.status})` : `failed: ${error}; a person may retry it`),
      data: {
        playbookId: claimed.playbookId,
        stepId: claimed.stepId,
        event: ok ? 'succeeded' : 'failed',
        attempt: claimed.attempts,
        answer,
        error,
      },
    });
  });
  return { kind: 'done', incidentIds: [claimed.incidentId] };
}
