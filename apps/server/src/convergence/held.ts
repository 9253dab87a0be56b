/**
 * Held pages, pure (DESIGN §5 step 3; issue "a silence ending while firing pages once"): what an incident whose
 * paging alerts are muted keeps, and what it sends when the mute ends. One page per audience: the on-call
 * page is the incident's first (`initial`) when that was held, else its latest upgrade (levels only rise, so
 * the latest is the highest); leadership gets its latest. The page carries the incident's level at release.
 */
import type { PageStep } from '../incident/index.ts';
import type { MuteReason } from '../suppression/index.ts';

/**
 * Merges held pages into at most one per audience.
 * @param steps held pages, oldest first
 */
export function coalesceHeldPages(steps: readonly PageStep[]): PageStep[] {
  const oncall = steps.filter((s) => s.audience === 'oncall');
  const leadership = steps.filter((s) => s.audience === 'leadership');
  const out: PageStep[] = [];
  if (oncall.length > 0) {
    out.push(oncall.some((s) => s.step === 'initial') ? { step: 'initial', audience: 'oncall' } : oncall.at(-1)!);
  }
  if (leadership.length > 0) out.push(leadership.at(-1)!);
  return out;
}

/**
 * Why an incident's pages stay held: the mute reasons of its firing alerts when every one of them is muted;
 * empty as soon as one firing alert is not (that alert would page on its own).
 */
export function incidentMutes(firing: ReadonlyArray<readonly MuteReason[]>): MuteReason[] {
  if (firing.some((m) => m.length === 0)) return [];
  return firing.flat();
}
