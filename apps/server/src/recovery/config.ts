/**
 * Recovery playbooks as code (DESIGN §7 "Recovery playbooks"; issue 9 point 3; docs/recovery.md): per
 * scenario, an ordered list of steps, each of a typed recovery method with guidance, a target and an
 * optional automation (a signed HTTP call with a timeout).
 */
import { z } from 'zod';
import { configId as id } from '../kernel/index.ts';

/**
 * The recovery methods of the source articles (restart, isolate, downgrade, cut-over, rollback, scale,
 * rate-limit), plus `custom`.
 */
export const RecoveryMethod = z.enum([
  'restart',
  'isolate',
  'downgrade',
  'cutover',
  'rollback',
  'scale',
  'rate-limit',
  'custom',
]);
export type RecoveryMethod = z.infer<typeof RecoveryMethod>;

export const StepTarget = z.union([z.enum(['self', 'upstream', 'downstream']), id]);

/**
 * Who may approve besides the incident's coordinator: a person (their email) or `leadership` (the business
 * line's leadership of the incident's service). Team managers and admins may always approve.
 */
export const Approvers = z
  .array(z.union([z.literal('leadership'), z.email().transform((e) => e.toLowerCase())]))
  .max(50);

/** A signed HTTP call with a timeout (docs/recovery.md "Automation"). */
export const AutomationConfig = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  /** HMAC-SHA256 key for `x-faultline-signature` (at least 16 characters). */
  secret: z.string().min(16),
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});

export const PlaybookStepConfig = z.strictObject({
  id,
  method: RecoveryMethod,
  guidance: z.string().min(1).max(4000),
  /** `self` = the incident's service; `upstream` / `downstream` = its direct dependencies / dependents; or a service id. */
  target: StepTarget.default('self'),
  /** Approvals needed before the automation runs (default: docs/recovery.md "Approvals"). */
  approvals: z.number().int().min(0).max(5).optional(),
  /** Who may approve besides the coordinator (replaces the playbook's list for this step). */
  approvers: Approvers.optional(),
  automation: AutomationConfig.optional(),
});
export type PlaybookStepConfig = z.infer<typeof PlaybookStepConfig>;

export const PlaybookConfig = z
  .strictObject({
    id,
    name: z.string().optional(),
    /** Every condition given must hold; a playbook with none matches every incident. */
    match: z
      .strictObject({
        services: z.array(id).default([]),
        modules: z.array(id).default([]),
        /** Levels such as `P1`, `P2` (sequence id + level number). */
        levels: z.array(z.string().regex(/^[A-Z]+\d$/, 'a sequence and a level, e.g. P1')).default([]),
        /** Alert labels that some alert of the incident carries with this value. */
        labels: z.record(z.string(), z.string()).default({}),
      })
      .default({ services: [], modules: [], levels: [], labels: {} }),
    /** Who may approve its steps besides the coordinator, e.g. the SRE leads for a cut-over. */
    approvers: Approvers.default([]),
    steps: z.array(PlaybookStepConfig).min(1),
  })
  .refine((p) => new Set(p.steps.map((s) => s.id)).size === p.steps.length, {
    message: 'step ids must be unique within a playbook',
    path: ['steps'],
  });
export type PlaybookConfig = z.infer<typeof PlaybookConfig>;

/** The id of the playbook a change rollback is offered as (reserved: no configured playbook may use it). */
export const CHANGE_ROLLBACK_PLAYBOOK = 'change-rollback';

/**
 * How changes from one way in are rolled back (docs/recovery.md "Rolling back a suspect change"): when an
 * incident's suspect change (labelled caused, else the top suspect) came from this source (and key, and
 * landed on one of these services), the incident offers "roll back" as a step with this automation.
 */
export const ChangeRollbackConfig = z.strictObject({
  source: z.enum(['api', 'cli', 'pagerduty', 'webhook']),
  /** The integration or change webhook key it came through; absent: any. */
  key: z.string().min(1).optional(),
  /** Only changes that landed on one of these services; empty: any. */
  services: z.array(id).default([]),
  guidance: z.string().min(1).max(4000).default('Roll back the change with the deploy tool'),
  approvals: z.number().int().min(0).max(5).optional(),
  approvers: Approvers.optional(),
  automation: AutomationConfig,
});
export type ChangeRollbackConfig = z.infer<typeof ChangeRollbackConfig>;

/** The recovery domain's top-level config keys. */
export const recoveryConfig = {
  playbooks: z.array(PlaybookConfig).default([]),
  changeRollbacks: z.array(ChangeRollbackConfig).default([]),
};
export type RecoveryConfigPart = z.output<z.ZodObject<typeof recoveryConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends RecoveryConfigPart {}
}
