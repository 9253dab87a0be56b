/** Recovery playbooks on an incident (docs/recovery.md): steps, approvals, automation answers. */
import { z } from 'zod';

export const RecoveryStepStatus = z.enum([
  'not_started',
  'awaiting_approval',
  'queued',
  'running',
  'succeeded',
  'failed',
  'done',
  'skipped',
]);
export type RecoveryStepStatus = z.infer<typeof RecoveryStepStatus>;

export const RecoveryStepView = z.object({
  playbookId: z.string(),
  stepId: z.string(),
  method: z.string(),
  guidance: z.string(),
  targets: z.array(z.string()).describe('the services it acts on, resolved from the catalog'),
  automated: z.boolean().describe('whether running it calls its automation (else it is done by hand)'),
  approvalsNeeded: z.number().int(),
  status: RecoveryStepStatus,
  requestedBy: z.string().nullable(),
  approvals: z.array(
    z.object({
      by: z.string(),
      at: z.string(),
      as: z
        .enum(['coordinator', 'approver', 'override'])
        .optional()
        .describe('the coordinator, a listed approver, or a team manager / admin with its authority'),
    }),
  ),
  approvers: z.string().describe('who may approve it, in words: the coordinator, listed approvers, managers, admins'),
  canApprove: z.boolean().describe('whether the caller may approve it now'),
  skipReason: z.string().nullable(),
  attempts: z.number().int(),
  lastAnswer: z.object({ status: z.number().int(), body: z.string() }).nullable(),
  lastError: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  change: z
    .object({
      id: z.number().int(),
      kind: z.string(),
      summary: z.string(),
      services: z.array(z.string()),
      startedAt: z.string(),
    })
    .nullable()
    .describe('for a rollback step: the change it rolls back — the one labelled caused, else the top suspect'),
});
export type RecoveryStepView = z.infer<typeof RecoveryStepView>;

/** The nudge toward the fastest recovery (docs/recovery.md "The nudge"). */
export const RecoveryNudge = z.object({
  at: z.string().describe('when the room was told'),
  dueAt: z.string().describe('the recover target of the 1-5-10 clock'),
  message: z.string(),
  change: z
    .object({
      id: z.number().int(),
      rank: z.number().int(),
      score: z.number(),
      verdict: z.enum(['caused', 'fixed', 'suspect', 'dismissed']).nullable(),
    })
    .nullable()
    .describe('the change to consider rolling back: labelled caused, else a high-ranking suspect'),
  step: z
    .object({ playbookId: z.string(), stepId: z.string() })
    .nullable()
    .describe('the rollback step that rolls it back, if a matching playbook has one not yet run'),
});
export type RecoveryNudge = z.infer<typeof RecoveryNudge>;

export const IncidentPlaybooks = z.object({
  incidentId: z.number().int(),
  recoveryStartedAt: z
    .string()
    .nullable()
    .describe('the recovery_started_at key time: when the first step was executed'),
  nudge: RecoveryNudge.nullable().describe('the latest nudge: the recover target neared and no step had run'),
  playbooks: z.array(z.object({ id: z.string(), name: z.string(), steps: z.array(RecoveryStepView) })),
});
export type IncidentPlaybooks = z.infer<typeof IncidentPlaybooks>;

export const SkipStepInput = z.strictObject({ reason: z.string().trim().min(1, 'say why it is skipped').max(2000) });

/** A playbook as people see it (docs/recovery.md): the automation's secret is never shown. */
export const PlaybookSummary = z.object({
  id: z.string(),
  name: z.string(),
  source: z
    .enum(['config', 'api'])
    .describe('config: from the config file, read-only here; api: stored through the API or the console'),
  team: z.string().nullable().describe('the owning team of a stored playbook (its managers may edit it)'),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
  yaml: z.string().describe('the playbook in the config shape as YAML, automation secrets left out'),
  match: z.object({
    services: z.array(z.string()),
    modules: z.array(z.string()),
    levels: z.array(z.string()),
    labels: z.record(z.string(), z.string()),
  }),
  approvers: z.array(z.string()),
  steps: z.array(
    z.object({
      id: z.string(),
      method: z.string(),
      guidance: z.string(),
      target: z.string().describe('self, upstream, downstream or a service id'),
      approvals: z.number().int().nullable().describe('set on the step; null: the default rule'),
      approvalsAtP1: z.number().int().describe('approvals it needs on a P1 incident'),
      approvalsBelowP1: z.number().int().describe('approvals it needs below P1'),
      approvers: z.array(z.string()).nullable().describe("the step's own approvers; null: the playbook's"),
      automation: z.object({ url: z.string(), timeoutMs: z.number().int() }).nullable(),
    }),
  ),
});
export type PlaybookSummary = z.infer<typeof PlaybookSummary>;

export const PlaybookList = z.object({ playbooks: z.array(PlaybookSummary) });
export type PlaybookList = z.infer<typeof PlaybookList>;

/** `POST /api/v1/playbooks/check`: one playbook written as YAML (or JSON), as in the config's `playbooks:` list. */
export const PlaybookCheckInput = z.strictObject({ yaml: z.string().min(1).max(100_000) });

export const PlaybookCheck = z.object({
  ok: z.boolean().describe('no error (warnings allowed)'),
  problems: z.array(
    z.object({
      path: z.string().describe('inside the playbook, e.g. steps.1.target; yaml for text that is not YAML'),
      message: z.string(),
      severity: z.enum(['error', 'warning']),
    }),
  ),
  playbook: PlaybookSummary.nullable(),
  yaml: z.string().nullable().describe('the playbook normalised (defaults filled in), for the config file'),
});
export type PlaybookCheck = z.infer<typeof PlaybookCheck>;
