/**
 * 1-5-10 compliance (dictionary `clock_compliance`): per stage (detect, locate, recover) and level, the share
 * of selected incidents whose stage ended within its target. Each incident is read with the room's own clock
 * (`readClock`, anchored on impact start, targets from the `response` config for the incident's levels, the
 * most severe demand winning), so the review and the incident page never disagree.
 */
import type { ComplianceRow, ComplianceView } from '@faultline/contracts';
import { CLOCK_STAGES, clockTargets, readClock, responsePolicy, type ResponseConfig } from '../response/index.ts';
import type { Selection } from './counts.ts';
import { keysOf } from './facts.ts';
import { rate } from './stats.ts';

/**
 * @param now readings are taken at `now`: a stage still running past its target is breached, one still
 *   within it is excluded as `running`
 */
export function clockCompliance(
  selection: Selection,
  config: ResponseConfig,
  sequence: string,
  now: Date,
): ComplianceView {
  const cells = new Map<string, { met: number; breached: number }>();
  const excluded = new Map<string, number>();
  // The targets depend only on the levels: one policy lookup per distinct set of levels, not per incident.
  const targetsOf = new Map<string, ReturnType<typeof clockTargets>>();
  for (const { f } of selection.counted) {
    const levelsKey = Object.entries(f.levels)
      .map(([seq, n]) => `${seq}${n}`)
      .sort()
      .join(',');
    let targets = targetsOf.get(levelsKey);
    if (!targets) targetsOf.set(levelsKey, (targets = clockTargets(responsePolicy(config, f.levels))));
    const reading = readClock({ milestones: f.milestones, targets }, now);
    const level = keysOf(f, 'level', sequence)[0]!;
    for (const s of reading.stages) {
      if (s.state === 'met' || s.state === 'breached') {
        const key = `${s.stage}\u0000${level}`;
        const cell = cells.get(key) ?? { met: 0, breached: 0 };
        cell[s.state] += 1;
        cells.set(key, cell);
      } else {
        const key = `${s.stage}\u0000${s.reason ?? s.state}`;
        excluded.set(key, (excluded.get(key) ?? 0) + 1);
      }
    }
  }
  const rows: ComplianceRow[] = [...cells]
    .map(([key, c]) => {
      const [stage, level] = key.split('\u0000') as [ComplianceRow['stage'], string];
      const n = c.met + c.breached;
      return { stage, level, met: c.met, breached: c.breached, n, rate: rate(c.met, n) };
    })
    .sort(
      (a, b) =>
        CLOCK_STAGES.indexOf(a.stage) - CLOCK_STAGES.indexOf(b.stage) ||
        a.level.localeCompare(b.level, 'en', { numeric: true }),
    );
  return {
    metric: 'clock_compliance',
    rows,
    excluded: [
      ...[...selection.excluded].flatMap(([reason, count]) => CLOCK_STAGES.map((stage) => ({ stage, reason, count }))),
      ...[...excluded].map(([key, count]) => {
        const [stage, reason] = key.split('\u0000') as [string, string];
        return { stage, reason, count };
      }),
    ],
  };
}

/** All stages and levels together: met ÷ (met + breached). */
export function overallCompliance(view: ComplianceView): { count: number; n: number; rate: number | null } {
  const met = view.rows.reduce((a, r) => a + r.met, 0);
  const n = view.rows.reduce((a, r) => a + r.n, 0);
  return { count: met, n, rate: rate(met, n) };
}
