/**
 * Repeat incidents (dictionary `repeat_incidents`): an incident is a repeat when an earlier incident (any
 * time before, in or before the period) had the same service and the same root-cause class and was detected
 * at most `windowDays` days before it.
 */
import type { RepeatView } from '@faultline/contracts';
import type { Selection } from './counts.ts';
import { anchorOf, exclusionOf, type IncidentFacts } from './facts.ts';
import { rate } from './stats.ts';

const DAY_MS = 86_400_000;

/**
 * @param history every incident known (the lookback needs incidents before the period); cancelled ones and
 *   risks never make a repeat
 */
export function repeatIncidents(
  selection: Selection,
  history: readonly IncidentFacts[],
  windowDays: number,
): RepeatView {
  const byKey = new Map<string, IncidentFacts[]>();
  for (const f of history) {
    if (exclusionOf(f) || !f.service || !f.causeClass) continue;
    const key = `${f.service}\u0000${f.causeClass}`;
    const list = byKey.get(key);
    if (list) list.push(f);
    else byKey.set(key, [f]);
  }
  const pairs: RepeatView['pairs'] = [];
  let eligible = 0;
  for (const { f, bucket } of selection.counted) {
    if (!f.service || !f.causeClass) continue;
    eligible += 1;
    const at = anchorOf(f).getTime();
    const earlier = (byKey.get(`${f.service}\u0000${f.causeClass}`) ?? [])
      .filter((g) => g.id !== f.id)
      .map((g) => ({ g, t: anchorOf(g).getTime() }))
      .filter(({ g, t }) => (t < at || (t === at && g.id < f.id)) && at - t <= windowDays * DAY_MS)
      .sort((a, b) => b.t - a.t || b.g.id - a.g.id);
    if (earlier[0]) pairs.push({ incidentId: f.id, previousId: earlier[0].g.id, bucket });
  }
  return {
    metric: 'repeat_incidents',
    windowDays,
    pairs,
    share: { metric: 'repeat_incidents', count: pairs.length, n: eligible, rate: rate(pairs.length, eligible) },
  };
}
