/**
 * Grading (DESIGN §4): a pure function from an incident's signals and its service to a level per sequence,
 * with the rule and evidence behind each level. Re-run on every new signal; the caller applies the
 * "automatic changes only upgrade" policy and writes the timeline.
 *
 * Sources: seed 001 ("business-type grading must not be lower than generic grading" → most severe wins);
 * seed 000 (sub-core "lower the level by one", non-core "by two" from the core standard → tier shift).
 */
import type { ServiceEntry } from '../catalog/catalog.ts';
import { matchOne, type Matcher } from './matchers.ts';
import type { CompiledRule, CompiledRules } from './rules.ts';

/** What grading looks at. */
export interface GradeInput {
  /** The incident's alerts; only `firing` ones count. */
  alerts: ReadonlyArray<{ labels: Record<string, string>; status: 'firing' | 'resolved' }>;
  /**
   * Impact facts. `kpiDrop`: the module's KPI is `percent` % (0–100) below its baseline and has been for
   * `windowMinutes` minutes.
   */
  facts: { kpiDrop?: { percent: number; windowMinutes: number } };
  /** The incident's service (gives module, business line, tier, volume), or null when unknown (graded as core). */
  service: ServiceEntry | null;
}

/** Why a sequence has its level. */
export interface GradeMatch {
  sequence: string;
  /** The level after the tier shift; 1 = most severe. */
  level: number;
  ruleId: string;
  /** The rule in words. */
  rule: string;
  /** What it matched on: alert labels or KPI numbers, and the tier shift when one applied. */
  evidence: string[];
}

/** The grade of one incident. */
export interface GradeResult {
  /** Sequence id → level (1 = most severe). A sequence is absent when no rule set a level for it. */
  levels: Record<string, number>;
  /**
   * True when no sequence has a level but some rule matched and the tier shift pushed it past its
   * sequence's last level: the incident is a risk (visible, not paged).
   */
  risk: boolean;
  /** One entry per sequence in `levels`, in sequence order. */
  explanation: GradeMatch[];
}

interface Best {
  level: number;
  rule: CompiledRule;
  evidence: string[];
}

type Alert = GradeInput['alerts'][number];

/**
 * Grades an incident. Per sequence the most severe matching level wins; on equal levels a business rule beats
 * a generic one, then the earlier rule wins (config order, then template rules). A rule applies when its scope
 * matches the service; an alert rule matches when one firing alert satisfies all its matchers; a KPI-drop rule
 * matches when the drop is at least the rule's percent for at least its window. Rules written for the core
 * standard are shifted by the module's tier; a level past the sequence's last level is a risk, not a level.
 *
 * Deterministic: the result does not depend on the order of `alerts`.
 */
export function grade(input: GradeInput, rules: CompiledRules): GradeResult {
  const firing = input.alerts.filter((a) => a.status === 'firing');
  const kpi = input.facts.kpiDrop;
  const best = new Map<string, Best>();
  let pastLast = false;

  // `ranked` lists the rules most severe first (business before generic on ties, then rule order), so the
  // first match of a sequence is its level and later rules of that sequence need not be evaluated.
  for (const { rule, level } of rules.ranked(input.service)) {
    if (best.has(rule.sequence)) continue;
    const count = rules.levelCount(rule.sequence);
    if (count === undefined) continue;
    // A match past the last level only matters while nothing has a level (it makes the incident a risk).
    if (level > count && (pastLast || best.size > 0)) continue;
    if (rule.condition.type === 'kpiDrop' && !kpi) continue;
    if (rule.condition.type === 'alert' && firing.length === 0) continue;

    const evidence =
      rule.condition.type === 'alert'
        ? alertEvidence(rule.condition.matchers, firing)
        : kpi && kpi.percent >= rule.condition.percent && kpi.windowMinutes >= rule.condition.windowMinutes
          ? [
              `KPI dropped ${kpi.percent}% against its baseline over ${kpi.windowMinutes} min ` +
                `(rule: ≥ ${rule.condition.percent}% over ≥ ${rule.condition.windowMinutes} min)`,
            ]
          : null;
    if (!evidence) continue;
    if (level > count) {
      pastLast = true;
      continue;
    }
    if (level !== rule.level && input.service) {
      evidence.push(
        `module tier ${input.service.tier}: ${formatLevel(rule.sequence, rule.level)} of the core standard ` +
          `shifted ${level - rule.level} level${level - rule.level === 1 ? '' : 's'} lower`,
      );
    }
    best.set(rule.sequence, { level, rule, evidence });
  }

  const levels: Record<string, number> = {};
  const explanation: GradeMatch[] = [];
  for (const seq of rules.sequences) {
    const b = best.get(seq.id);
    if (!b) continue;
    levels[seq.id] = b.level;
    explanation.push({ sequence: seq.id, level: b.level, ruleId: b.rule.id, rule: b.rule.text, evidence: b.evidence });
  }
  return { levels, risk: explanation.length === 0 && pastLast, explanation };
}

/**
 * Evidence for an alert rule, or null when no firing alert matches. Among several matching alerts the one
 * with the smallest evidence text is shown, so the answer does not depend on alert order.
 */
function alertEvidence(matchers: readonly Matcher[], firing: readonly Alert[]): string[] | null {
  let chosen: string[] | null = null;
  let chosenKey = '';
  let count = 0;
  for (const alert of firing) {
    if (!matchers.every((m) => matchOne(m, alert.labels))) continue;
    count++;
    const lines = labelEvidence(matchers, alert.labels);
    const key = lines.join('\n');
    if (chosen === null || key < chosenKey) {
      chosen = lines;
      chosenKey = key;
    }
  }
  if (!chosen) return null;
  if (count > 1) chosen.push(`${count} firing alerts match`);
  return chosen;
}

function labelEvidence(matchers: readonly Matcher[], labels: Readonly<Record<string, string>>): string[] {
  const names: string[] = [];
  if (Object.hasOwn(labels, 'alertname')) names.push('alertname');
  for (const m of matchers) if (!names.includes(m.name)) names.push(m.name);
  return names.map((name) =>
    Object.hasOwn(labels, name) ? `${name}=${JSON.stringify(labels[name])}` : `${name} absent`,
  );
}

/** A level as people write it: `formatLevel('P', 2)` → `"P2"`. */
export function formatLevel(sequence: string, level: number): string {
  return `${sequence}${level}`;
}
