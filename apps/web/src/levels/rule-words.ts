/**
 * Level rules (`LevelRuleConfig`, docs/levels.md) read from the API's plain JSON and put into words:
 * "a firing alert matches severity="critical"", "KPI drops ≥ 30 % for 1 min", …
 */
import type { RuleJson } from '../api/level-rules.ts';

export type ConditionType = 'alert' | 'kpiDrop' | 'facts' | 'duration';
export const CONDITION_TYPES: readonly ConditionType[] = ['alert', 'kpiDrop', 'facts', 'duration'];

export const CONDITION_LABELS: Record<ConditionType, string> = {
  alert: 'Alert match',
  kpiDrop: 'KPI drop',
  facts: 'Impact facts',
  duration: 'Duration',
};

export const KPI_MEASURES = {
  'total-successful': 'total successful transactions',
  'success-rate-per-minute': 'success rate per minute',
} as const;

/** Fact thresholds of a `facts` condition, in display order: numbers are minimums except `dataAssetLevel`. */
export const FACT_THRESHOLDS = [
  { key: 'affectedUsers', words: 'affected users', unit: '' },
  { key: 'affectedUsersPct', words: 'active users affected', unit: ' %' },
  { key: 'merchants', words: 'merchants affected', unit: '' },
  { key: 'complaintIncreasePct', words: 'complaints up', unit: ' %' },
  { key: 'financialLoss', words: 'financial loss', unit: '' },
  { key: 'slaBreachMinutes', words: 'SLA breached by', unit: ' min' },
] as const;
export type NumericThreshold = (typeof FACT_THRESHOLDS)[number]['key'];

const SCOPE_KEYS = ['businessLine', 'module', 'service', 'tier', 'volume'] as const;
const SCOPE_WORDS: Record<(typeof SCOPE_KEYS)[number], string> = {
  businessLine: 'business line',
  module: 'module',
  service: 'service',
  tier: 'tier',
  volume: 'volume',
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** The rule's fields the console shows, read defensively (rules in versions are stored as given). */
export interface RuleView {
  id: string;
  sequence: string;
  level: number | null;
  kind: 'generic' | 'business';
  description: string | null;
  scope: Record<string, string>;
  condition: ConditionType | null;
}

export function readRule(rule: RuleJson): RuleView {
  const scope: Record<string, string> = {};
  if (isRecord(rule.scope)) {
    for (const [key, value] of Object.entries(rule.scope)) if (typeof value === 'string') scope[key] = value;
  }
  return {
    id: str(rule.id) ?? '',
    sequence: str(rule.sequence) ?? '?',
    level: num(rule.level),
    kind: rule.kind === 'business' ? 'business' : 'generic',
    description: str(rule.description),
    scope,
    condition: CONDITION_TYPES.find((type) => rule[type] !== undefined) ?? null,
  };
}

/** `P` and 2 → `P2`; `P` and null → `P?`. */
export function levelLabel(sequence: string, level: number | null): string {
  return `${sequence}${level ?? '?'}`;
}

/** The condition of a rule in words. */
export function conditionInWords(rule: RuleJson): string {
  const view = readRule(rule);
  switch (view.condition) {
    case 'alert': {
      const matchers =
        isRecord(rule.alert) && Array.isArray(rule.alert.matchers) ? rule.alert.matchers.map(String) : [];
      return matchers.length === 0
        ? 'a firing alert (no matchers)'
        : `a firing alert matches ${matchers.join(' and ')}`;
    }
    case 'kpiDrop': {
      const drop = isRecord(rule.kpiDrop) ? rule.kpiDrop : {};
      const percent = num(drop.percent);
      const window = num(drop.windowMinutes);
      const measure = str(drop.measure);
      const measured = measure && measure in KPI_MEASURES ? KPI_MEASURES[measure as keyof typeof KPI_MEASURES] : null;
      return (
        `KPI drops ≥ ${percent === null ? '?' : fmt(percent)} % against baseline` +
        ` for ${window === null ? '?' : fmt(window)} min` +
        (measured ? ` (${measured})` : '')
      );
    }
    case 'facts': {
      const facts = isRecord(rule.facts) ? rule.facts : {};
      const parts: string[] = [];
      for (const threshold of FACT_THRESHOLDS) {
        const value = num(facts[threshold.key]);
        if (value !== null) parts.push(`${threshold.words} ≥ ${fmt(value)}${threshold.unit}`);
      }
      const asset = num(facts.dataAssetLevel);
      if (asset !== null) parts.push(asset === 1 ? 'data asset level 1' : `data asset level ${asset} or more critical`);
      const opinion = str(facts.publicOpinion);
      if (opinion) parts.push(opinion === 'high' ? 'public opinion high' : `public opinion ${opinion} or higher`);
      return parts.length === 0 ? 'impact facts (no threshold)' : parts.join(' and ');
    }
    case 'duration': {
      const duration = isRecord(rule.duration) ? rule.duration : {};
      const minutes = num(duration.minutes);
      const atLevel = num(duration.atLevel);
      return `at ${levelLabel(view.sequence, atLevel)} or more severe for ≥ ${minutes === null ? '?' : fmt(minutes)} min`;
    }
    case null:
      return 'no condition';
  }
}

/** Where a rule applies, in words: `module checkout, service pay-api`, or `everywhere`. */
export function scopeInWords(scope: Record<string, string>): string {
  const parts = Object.entries(scope)
    .sort(([a], [b]) => SCOPE_KEYS.indexOf(a as never) - SCOPE_KEYS.indexOf(b as never))
    .map(([key, value]) => `${SCOPE_WORDS[key as keyof typeof SCOPE_WORDS] ?? key} ${value}`);
  return parts.length === 0 ? 'everywhere' : parts.join(', ');
}

/** A whole rule as one sentence: `P1 when a firing alert matches … (module checkout)`. */
export function ruleInWords(rule: RuleJson): string {
  const view = readRule(rule);
  return `${levelLabel(view.sequence, view.level)} when ${conditionInWords(rule)} (${scopeInWords(view.scope)})`;
}

/** Where an effective rule comes from: the approved version, the fault-level template, or the config file. */
export function ruleSource(
  rule: RuleJson,
  effectiveSource: 'version' | 'config',
  activeVersion: number | null,
  moduleId?: string,
): { kind: 'version' | 'template' | 'config'; label: string } {
  // A version's rules are scoped to their module; wider config rules still apply beside them.
  const view = readRule(rule);
  const inVersion = effectiveSource === 'version' && (moduleId === undefined || view.scope.module === moduleId);
  if (inVersion) return { kind: 'version', label: activeVersion === null ? 'version' : `version ${activeVersion}` };
  return view.id.startsWith('template.')
    ? { kind: 'template', label: 'template' }
    : { kind: 'config', label: 'config' };
}

/** Rules grouped by sequence (P, D, R, S, then others), each group most severe level first, ties in order. */
export function groupBySequence(
  rules: readonly RuleJson[],
  order: (sequences: Iterable<string>) => string[],
): Array<{ sequence: string; rules: Array<{ rule: RuleJson; view: RuleView; index: number }> }> {
  const items = rules.map((rule, index) => ({ rule, view: readRule(rule), index }));
  return order(new Set(items.map((item) => item.view.sequence)))
    .map((sequence) => ({
      sequence,
      rules: items
        .filter((item) => item.view.sequence === sequence)
        .sort((a, b) => (a.view.level ?? 99) - (b.view.level ?? 99) || a.index - b.index),
    }))
    .filter((group) => group.rules.length > 0);
}
