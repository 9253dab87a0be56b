/**
 * Validation of a person's edit of milestones (issue 17 point 3: "editable by a person with a reason
 * (audited)"; bad input: "edits of key times into the future or out of order → 4xx naming the field,
 * nothing written").
 *
 * The edit is checked as a whole against the incident's other milestones; only problems the edit takes part
 * in are reported, so an old inconsistency elsewhere never blocks a correction. Errors refuse the edit;
 * warnings accompany an accepted one (the caller shows them and writes them into the audit row).
 */
import { z } from 'zod';
import type { FieldError } from '@faultline/contracts';
import { MILESTONE_CODES, MilestoneCode, milestoneInfo, type Milestones } from './milestones.ts';
import { orderViolations } from './milestone-order.ts';

/** How far ahead of the server's clock a time may be (a browser's clock runs a little fast), ms. */
export const DEFAULT_FUTURE_SKEW_MS = 60_000;

/** Longest reason, characters. */
export const MAX_REASON_LENGTH = 1000;

/**
 * The API body of an edit: the milestones to change (an ISO 8601 instant with offset, or null to clear)
 * and why. Unknown milestone codes are refused by name.
 */
export const MilestoneEditInput = z.strictObject({
  milestones: z
    .partialRecord(MilestoneCode, z.iso.datetime({ offset: true }).nullable())
    .refine((m) => Object.keys(m).length > 0, { message: 'name at least one milestone' }),
  reason: z.string().trim().min(1, 'say why (the edit is audited)').max(MAX_REASON_LENGTH),
});
export type MilestoneEditInput = z.infer<typeof MilestoneEditInput>;

/** A parsed edit: code → new instant, or null to clear. */
export interface MilestoneEdit {
  milestones: Partial<Record<MilestoneCode, Date | null>>;
  reason: string;
}

/** The outcome of `validateMilestoneEdit`. */
export interface MilestoneEditResult {
  /** True when there is no error (warnings allowed). */
  ok: boolean;
  /** Each with the path of the field, `milestones.<code>` or `reason`. */
  errors: FieldError[];
  warnings: FieldError[];
  /** The milestones as they would be after the edit. */
  proposed: Milestones;
}

/** Turns the API body into an edit (instants as `Date`). */
export function toMilestoneEdit(input: MilestoneEditInput): MilestoneEdit {
  const milestones: MilestoneEdit['milestones'] = {};
  for (const [code, at] of Object.entries(input.milestones) as Array<[MilestoneCode, string | null]>)
    milestones[code] = at === null ? null : new Date(at);
  return { milestones, reason: input.reason };
}

const iso = (d: Date): string => d.toISOString();

/**
 * Validates an edit against the current milestones at `now`.
 *
 * Errors (path `milestones.<code>` unless said otherwise):
 * - a time later than `now + skewMs`;
 * - setting or clearing a lifecycle milestone (acknowledged, mitigated, resolved, closed: use the lifecycle
 *   action; a recorded one may be moved), clearing `detected_at`;
 * - breaking a hard order rule (`milestone-order.ts`) with another milestone, edited or not;
 * - `reason` empty; `milestones` empty (path `milestones`).
 *
 * Warnings: breaking a soft order rule. A problem between two edited milestones is reported on the later
 * one in the natural order.
 * @param now the server's clock (injected)
 */
export function validateMilestoneEdit(
  current: Milestones,
  edit: MilestoneEdit,
  now: Date,
  opts: { skewMs?: number } = {},
): MilestoneEditResult {
  const skewMs = opts.skewMs ?? DEFAULT_FUTURE_SKEW_MS;
  const errors: FieldError[] = [];
  const warnings: FieldError[] = [];
  const proposed: Milestones = { ...current };
  const changed = new Set<MilestoneCode>();

  if (edit.reason.trim() === '') errors.push({ path: 'reason', message: 'say why (the edit is audited)' });
  const entries = Object.entries(edit.milestones) as Array<[MilestoneCode, Date | null | undefined]>;
  if (entries.length === 0) errors.push({ path: 'milestones', message: 'name at least one milestone' });

  for (const [code, at] of entries) {
    const path = `milestones.${code}`;
    if (!MILESTONE_CODES.includes(code)) {
      errors.push({ path, message: `unknown milestone "${code}"` });
      continue;
    }
    if (at === undefined) continue;
    const { editing, label } = milestoneInfo(code);
    const had = current[code] !== undefined;
    if (at === null) {
      if (editing === 'anchor')
        errors.push({ path, message: `${label} is when the incident was detected; it can be moved, not cleared` });
      else if (editing === 'lifecycle' && had)
        errors.push({ path, message: `${label} is set by the lifecycle; reopen the incident instead of clearing it` });
      delete proposed[code];
      changed.add(code);
      continue;
    }
    if (Number.isNaN(at.getTime())) {
      errors.push({ path, message: 'not a valid time' });
      continue;
    }
    if (editing === 'lifecycle' && !had)
      errors.push({ path, message: `${label} is set by the lifecycle; ${lifecycleVerb(code)} the incident instead` });
    if (at.getTime() > now.getTime() + skewMs)
      errors.push({ path, message: `${iso(at)} is in the future (now is ${iso(now)})` });
    proposed[code] = at;
    changed.add(code);
  }

  for (const v of orderViolations(proposed, changed)) {
    const { before, after, kind, why } = v.rule;
    const on = changed.has(after) ? after : before;
    const message = `${before} (${iso(v.beforeAt)}) is later than ${after} (${iso(v.afterAt)}): ${why}`;
    (kind === 'hard' ? errors : warnings).push({ path: `milestones.${on}`, message });
  }
  return { ok: errors.length === 0, errors, warnings, proposed };
}

function lifecycleVerb(code: MilestoneCode): string {
  return { acknowledged_at: 'acknowledge', mitigated_at: 'mark mitigated', resolved_at: 'resolve', closed_at: 'close' }[
    code as 'acknowledged_at'
  ];
}
