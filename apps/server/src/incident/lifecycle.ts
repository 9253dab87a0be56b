/**
 * The rest of the lifecycle (DESIGN §6; issue 17 point 2): `mitigated` by a person, `cancelled` (a false
 * alarm: it counts nowhere), `reopen` (a resolved, mitigated or cancelled incident becomes acknowledged
 * again) and `closed` (after resolution, with a postmortem waiver until the postmortem gate exists). Each
 * transition locks the incident, checks the state, writes the status, its milestone and a timeline entry
 * saying who and why, in the caller's transaction (`ctx.tx`). Permission checks are the caller's verb's.
 */
import { eq } from 'drizzle-orm';
import type { Ctx } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { incidents } from './tables.ts';
import { addTimeline } from './timeline.ts';
import { enqueueJob } from '../engine/index.ts';

type Row = typeof incidents.$inferSelect;

/** A transition: from which states, to which one, and what it sets. */
interface Transition {
  kind: 'mitigated' | 'cancelled' | 'reopened' | 'closed';
  from: readonly string[];
  to: string;
  set: (now: Date, reason: string, row: Row) => Partial<typeof incidents.$inferInsert>;
  message: (actor: string, reason: string) => string;
}

const TRANSITIONS: Record<'mitigate' | 'cancel' | 'reopen' | 'close', Transition> = {
  mitigate: {
    kind: 'mitigated',
    from: ['triggered', 'acknowledged'],
    to: 'mitigated',
    set: (now, _r, row) => ({ mitigatedAt: row.mitigatedAt ?? now }),
    message: (a, r) => `service restored (mitigated) by ${a}${r ? `: ${r}` : ''}`,
  },
  cancel: {
    kind: 'cancelled',
    from: ['triggered', 'acknowledged', 'mitigated'],
    to: 'cancelled',
    set: (now, reason) => ({ closedAt: now, closeReason: reason }),
    message: (a, r) => `cancelled as a false alarm by ${a}: ${r}`,
  },
  reopen: {
    kind: 'reopened',
    from: ['mitigated', 'resolved', 'cancelled'],
    to: 'acknowledged',
    set: () => ({ resolvedAt: null, closedAt: null, closeReason: null, mitigatedAt: null }),
    message: (a, r) => `reopened by ${a}: ${r}`,
  },
  close: {
    kind: 'closed',
    from: ['resolved'],
    to: 'closed',
    set: (now, reason) => ({ closedAt: now, closeReason: reason }),
    message: (a, r) => `closed by ${a}; postmortem waived: ${r}`,
  },
};

/** A lifecycle action a person takes from the room. */
export type LifecycleAction = keyof typeof TRANSITIONS;

/**
 * Moves incident `id` through `action` as `ctx.principal`, with `reason` (required except for mitigate).
 * Mitigating a mitigated incident is a no-op. Reopening fails with CONFLICT when another incident of the same
 * group is open (the group key allows one open incident).
 * @returns the row before and after
 * @throws AppError NOT_FOUND; PRECONDITION_FAILED naming the state when the action does not apply
 */
export async function transitionIncident(
  ctx: Ctx,
  input: { id: number; action: LifecycleAction; reason: string },
): Promise<{ before: Row; after: Row; changed: boolean }> {
  const t = TRANSITIONS[input.action];
  const now = ctx.clock.now();
  const actor = ctx.principal.name;
  return ctx.tx.transaction(async (tx) => {
    const [row] = await tx.select().from(incidents).where(eq(incidents.id, input.id)).for('update').limit(1);
    if (!row) throw new AppError('NOT_FOUND', `incident ${input.id} does not exist`);
    if (row.status === t.to && input.action === 'mitigate') return { before: row, after: row, changed: false };
    if (!t.from.includes(row.status))
      throw new AppError(
        'PRECONDITION_FAILED',
        `incident ${input.id} is ${row.status}; ${input.action} applies to ${t.from.join(', ')} incidents`,
      );
    let after: Row;
    try {
      [after] = (await tx
        .update(incidents)
        .set({ status: t.to, updatedAt: now, ...t.set(now, input.reason, row) })
        .where(eq(incidents.id, input.id))
        .returning()) as [Row];
    } catch (e) {
      if (input.action === 'reopen')
        throw new AppError('CONFLICT', `another incident of the same group is open; it cannot be reopened`);
      throw e;
    }
    await addTimeline(tx, {
      incidentId: input.id,
      at: now,
      kind: t.kind,
      actor,
      message: t.message(actor, input.reason),
      data: { from: row.status, to: t.to, reason: input.reason },
    });
    // A cancelled incident's public incident is closed too (the status page, a higher domain, decides how).
    if (input.action === 'cancel') await enqueueJob(tx, 'statuspage.auto-resolve', { incidentId: input.id }, now, now);
    // A cancelled drill has ended too: its report is mailed to its participants (response/drill-report-mail.ts).
    if (input.action === 'cancel' && row.drill)
      await enqueueJob(tx, 'response.drill-report', { incidentId: input.id }, now, now);
    return { before: row, after, changed: true };
  });
}

/** Reads incident `id`'s row (no lock), or throws NOT_FOUND. */
export async function incidentRow(ctx: Pick<Ctx, 'tx'>, id: number): Promise<Row> {
  const [row] = await ctx.tx.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  if (!row) throw new AppError('NOT_FOUND', `incident ${id} does not exist`);
  return row;
}
