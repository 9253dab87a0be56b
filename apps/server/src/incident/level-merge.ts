/**
 * Applying a grade to an incident's levels (DESIGN §4): automatic changes only upgrade. Pure: the caller
 * writes the rows, the timeline entries (`upgrades[].message`) and the pages (`pagesFor`).
 */
import type { LevelExplanation } from '@faultline/contracts';
import { formatLevel, type GradeMatch, type GradeResult } from '../levels/index.ts';

/** The level columns of an incident. */
export interface LevelState {
  levels: Record<string, number>;
  levelExplanation: LevelExplanation[];
  risk: boolean;
}

export interface Upgrade {
  sequence: string;
  from: number | undefined;
  to: number;
  /** `P1`. */
  label: string;
  match: GradeMatch;
  /** The timeline message. */
  message: string;
}

/**
 * Keeps, per sequence, the more severe of the current level and the graded one.
 * A risk stays a risk only while no sequence has a level.
 */
export function mergeUpgrades(
  state: LevelState,
  result: GradeResult,
  now: Date,
): { next: LevelState; upgrades: Upgrade[] } {
  const levels = { ...state.levels };
  const explanation = state.levelExplanation.slice();
  const upgrades: Upgrade[] = [];
  for (const match of result.explanation) {
    const current = levels[match.sequence];
    if (current !== undefined && current <= match.level) continue;
    levels[match.sequence] = match.level;
    const label = formatLevel(match.sequence, match.level);
    const entry: LevelExplanation = {
      sequence: match.sequence,
      level: label,
      ruleId: match.ruleId,
      rule: match.rule,
      evidence: match.evidence,
      setAt: now.toISOString(),
      actor: 'rule',
    };
    const at = explanation.findIndex((e) => e.sequence === match.sequence);
    if (at >= 0) explanation[at] = entry;
    else explanation.push(entry);
    upgrades.push({
      sequence: match.sequence,
      from: current,
      to: match.level,
      label,
      match,
      message:
        current === undefined
          ? `level ${label} set by rule ${match.ruleId}: ${match.rule}`
          : `level upgraded ${formatLevel(match.sequence, current)} → ${label} by rule ${match.ruleId}: ${match.rule}`,
    });
  }
  const graded = Object.keys(levels).length > 0;
  return { next: { levels, levelExplanation: explanation, risk: !graded && (state.risk || result.risk) }, upgrades };
}

/** Timeline data of a level_set entry. */
export function upgradeData(u: Upgrade): Record<string, unknown> {
  return {
    sequence: u.sequence,
    from: u.from === undefined ? null : formatLevel(u.sequence, u.from),
    level: u.label,
    ruleId: u.match.ruleId,
    evidence: u.match.evidence,
  };
}

/** Levels at which the business line's leadership is told at once (DESIGN §7: "P1/P2 notify leadership"). */
export const LEADERSHIP_MAX_LEVEL = 2;
const LEADERSHIP_SEQUENCE = 'P';

export interface PageStep {
  /** `initial`, `upgrade-P1`, `leadership-P1`: part of the notification's idempotency key. */
  step: string;
  audience: 'oncall' | 'leadership';
}

/**
 * Which pages a grading outcome sends: a new incident pages on-call unless it is only a risk; an upgrade
 * re-pages (a former risk that gains a level counts as an upgrade); reaching P1/P2 also pages leadership.
 */
export function pagesFor(isNew: boolean, next: LevelState, upgrades: readonly Upgrade[]): PageStep[] {
  const steps: PageStep[] = [];
  if (isNew && !next.risk) steps.push({ step: 'initial', audience: 'oncall' });
  else if (!isNew && upgrades.length > 0)
    steps.push({ step: `upgrade-${upgrades.map((u) => u.label).join('-')}`, audience: 'oncall' });
  const p = next.levels[LEADERSHIP_SEQUENCE];
  const reached = upgrades.find((u) => u.sequence === LEADERSHIP_SEQUENCE && u.to <= LEADERSHIP_MAX_LEVEL);
  if (p !== undefined && p <= LEADERSHIP_MAX_LEVEL && reached)
    steps.push({ step: `leadership-${reached.label}`, audience: 'leadership' });
  return steps;
}
