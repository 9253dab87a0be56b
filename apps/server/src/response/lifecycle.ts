/**
 * Lifecycle from the room (issue 17 point 2): mitigate, cancel (a false alarm), reopen, close with a
 * postmortem waiver. The status change is incident's (`transitionIncident`); the room adds what it owns: a
 * reopen clears the room's mitigated / resolved / closed key times.
 */
import { authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { incidentRow, transitionIncident, type LifecycleAction } from '../incident/index.ts';
import { clearKeyTimes } from './store.ts';
import { archiveWarRoom } from './war-room-job.ts';

/**
 * Moves incident `id` through `action` with `reason` (required except for mitigate).
 * @throws AppError NOT_FOUND; FORBIDDEN; PRECONDITION_FAILED naming the state; CONFLICT (reopen while
 *   another incident of its group is open)
 */
export async function changeLifecycle({
  ctx,
  input,
}: Verb<{ id: number; action: LifecycleAction; reason: string }>): Promise<boolean> {
  const result = await ctx.tx.transaction(async (tx) => {
    const c = { ...ctx, tx };
    const row = await incidentRow(c, input.id);
    authorize(ctx, 'incident:respond', row.team);
    const r = await transitionIncident(c, input);
    if (r.changed && input.action === 'reopen')
      await clearKeyTimes(tx, input.id, ['mitigated_at', 'resolved_at', 'closed_at']);
    // A cancelled incident's war room is over (a close goes through postmortem's closeIncident).
    if (r.changed && input.action === 'cancel') await archiveWarRoom(tx, ctx.config.config, input.id, ctx.clock.now());
    return r;
  });
  if (result.changed) {
    ctx.rt.bus.publish({ type: 'incident.updated', incidentId: input.id });
    ctx.rt.wakeEngine();
  }
  return result.changed;
}
