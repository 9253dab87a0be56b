/**
 * Grading (DESIGN §4): a pure function from an incident's signals and its service to a level per sequence,
 * with the rule and evidence behind each level. Re-run on every new signal; the caller applies the
 * "automatic changes only upgrade" policy and writes the timeline.
 *
 * Sources: seed 001 ("business-type grading must not be lower than generic grading" → most severe wins);
 * seed 000 (sub-core "lower the level by one", non-core "by two" from the core standard → tier shift).
 */
import type { ServiceEntry } from '../catalog/index.ts';
import { matchOne, type Matcher } from './matchers.ts';
import {
  PUBLIC_OPINION_RANK,
  type CompiledRule,
  type CompiledRules,
  type FactThreshold,
  type PublicOpinion,
} from './rules.ts';

/**
 * The impact facts of an incident, entered by people or carried by KPI watches. Every field is optional;
 * a facts rule whose threshold names a missing fact does not match.
 */
export interface ImpactFactsInput {
  /** The module's KPI is `percent` % (0–100) below its baseline and has been for `windowMinutes` minutes. */
  kpiDrop?: { percent: number; windowMinutes: number };
  affectedUsers?: number;
  /** Affected users as a % of active users (0–100). */
  affectedUsersPct?: number;
  merchants?: number;
  complaintIncreasePct?: number;
  financialLoss?: number;
  /** The most critical data asset affected: 1 is the most critical. */
  dataAssetLevel?: number;
  /** `none` never satisfies a public-opinion threshold. */
  publicOpinion?: PublicOpinion;
  slaBreachMinutes?: number;
}

/** What grading looks at. */
export interface GradeInput {
  /** The incident's alerts; only `firing` ones count. */
  alerts: ReadonlyArray<{ labels: Record<string, string>; status: 'firing' | 'resolved' }>;
  /** Impact facts (KPI drop, affected users, …). */
  facts: ImpactFactsInput;
  /** The incident's service (gives module, business line, tier, volume), or null when unknown (graded as core). */
  service: ServiceEntry | null;
  /**
   * The incident's current level per sequence and since when it has held (for duration rules). A sequence
   * without a level is absent.
   */
  current?: Readonly<Record<string, { level: number; since: Date }>>;
  /** The time of grading; duration rules match only when it is given (together with `current`). */
  now?: Date;
}

/** Why a sequence has its level. */
export interface GradeMatch {
  sequence: string;
  /** The level after the tier shift; 1 = most severe. */
  level: number;
  ruleId: string;
  /** The rule in words. */
  rule: string;
  /** What it matched on: alert labels, KPI or fact numbers, or the time at a level; and the tier shift when one applied. */
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
 * a generic one, then the earlier rule wins (config order, then version or template rules). A rule applies
 * when its scope matches the service, and then:
 * - an alert rule matches when one firing alert satisfies all its matchers;
 * - a KPI-drop rule when the drop is at least the rule's percent for at least its window;
 * - a facts rule when every threshold it gives holds: numbers are minimums, `dataAssetLevel` a maximum,
 *   `publicOpinion` a minimum on low < medium < high (`none` satisfies nothing); a missing fact fails;
 * - a duration rule when `current[sequence]` exists, its level is `atLevel` or more severe, and
 *   `now - since ≥ minutes` (never without `now` and `current`).
 * Rules written for the core standard are shifted by the module's tier (duration rules never are); a level
 * past the sequence's last level is a risk, not a level.
 *
 * Pure and deterministic: the result depends only on the input (the clock is `now`), not on alert order.
 */
export function grade(input: GradeInput, rules: CompiledRules): GradeResult {
  const firing = input.alerts.filter((a) => a.status === 'firing');
  const facts = input.facts;
  const kpi = facts.kpiDrop;
  const nowMs = input.now?.getTime();
  const current = nowMs === undefined ? undefined : input.current;
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

    let evidence: string[] | null;
    const c = rule.condition;
    switch (c.type) {
      case 'alert':
        evidence = firing.length === 0 ? null : alertEvidence(c.matchers, firing);
        break;
      case 'kpiDrop':
        evidence =
          kpi && kpi.percent >= c.percent && kpi.windowMinutes >= c.windowMinutes
            ? [
                `KPI dropped ${kpi.percent}% against its baseline over ${kpi.windowMinutes} min ` +
                  `(rule: ≥ ${c.percent}% over ≥ ${c.windowMinutes} min)`,
              ]
            : null;
        break;
      case 'facts':
        evidence = factsEvidence(c.thresholds, facts);
        break;
      case 'duration': {
        const cur = current?.[rule.sequence];
        evidence = cur ? durationEvidence(rule.sequence, c, cur, nowMs!) : null;
        break;
      }
    }
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
 * Evidence for a facts rule (one line per threshold, e.g. `affectedUsers 12000 ≥ 10000`), or null when a
 * threshold does not hold or names a fact the incident does not have.
 */
function factsEvidence(thresholds: readonly FactThreshold[], facts: ImpactFactsInput): string[] | null {
  const lines: string[] = [];
  for (const t of thresholds) {
    if (t.fact === 'publicOpinion') {
      const actual = facts.publicOpinion;
      if (actual === undefined || !(PUBLIC_OPINION_RANK[actual] >= PUBLIC_OPINION_RANK[t.value])) return null;
      lines.push(`publicOpinion ${actual} ≥ ${t.value}`);
      continue;
    }
    const actual = facts[t.fact];
    if (actual === undefined) return null;
    if (t.bound === 'min' ? !(actual >= t.value) : !(actual <= t.value)) return null;
    lines.push(`${t.fact} ${actual} ${t.bound === 'min' ? '≥' : '≤'} ${t.value}`);
  }
  return lines.length > 0 ? lines : null;
}

/**
 * Evidence for a duration rule, e.g. `at P2 for 42 min ≥ 30 min`, or null when the current level is less
 * severe than `atLevel` or has not held for `minutes`. The minutes shown are whole minutes, never below the
 * rule's threshold and never above the time actually elapsed.
 */
function durationEvidence(
  sequence: string,
  c: { readonly minutes: number; readonly atLevel: number },
  cur: { level: number; since: Date },
  nowMs: number,
): string[] | null {
  if (!(cur.level <= c.atLevel)) return null;
  const elapsed = (nowMs - cur.since.getTime()) / 60_000;
  if (!(elapsed >= c.minutes)) return null;
  const shown = Math.max(c.minutes, Math.floor(elapsed));
  const line = `at ${formatLevel(sequence, cur.level)} for ${shown} min ≥ ${c.minutes} min`;
  return [cur.level === c.atLevel ? line : `${line} (rule: at ${formatLevel(sequence, c.atLevel)} or more severe)`];
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
