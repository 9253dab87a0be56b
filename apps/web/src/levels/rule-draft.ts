/**
 * The rule editor's model: each rule as a row of form fields, converted from and back to the API's JSON
 * (`LevelRuleConfig`). Fields the editor does not know are kept as they were. Empty inputs are left out of
 * the JSON, so the server's lint names what is missing at its path (`rules.2.kpiDrop.percent`).
 */
import type { RuleProblem } from '@faultline/contracts';
import type { RuleJson } from '../api/level-rules.ts';
import { CONDITION_TYPES, type ConditionType, FACT_THRESHOLDS, type NumericThreshold } from './rule-words.ts';

export type KpiMeasure = 'total-successful' | 'success-rate-per-minute';

export interface RuleRow {
  /** Stable React key of the row (not sent). */
  key: string;
  id: string;
  sequence: string;
  level: number | string;
  kind: 'generic' | 'business';
  description: string;
  scope: Record<string, unknown>;
  condition: ConditionType;
  /** Alert matchers, one per line. */
  matchers: string;
  kpiPercent: number | string;
  kpiWindow: number | string;
  kpiMeasure: KpiMeasure;
  facts: Record<NumericThreshold, number | string>;
  dataAssetLevel: string | null;
  publicOpinion: string | null;
  durationMinutes: number | string;
  durationAtLevel: number | string;
  /** Keys of the rule the editor has no field for, sent back unchanged. */
  extra: Record<string, unknown>;
}

const KNOWN = new Set(['id', 'sequence', 'level', 'kind', 'scope', 'description', ...CONDITION_TYPES]);

let counter = 0;
const nextKey = (): string => `rule-${++counter}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const numOrEmpty = (value: unknown): number | string => (typeof value === 'number' ? value : '');

function emptyFacts(): Record<NumericThreshold, number | string> {
  return Object.fromEntries(FACT_THRESHOLDS.map((t) => [t.key, ''])) as Record<NumericThreshold, number | string>;
}

/** A new, empty business rule for `module` (an alert match on P, the most common kind). */
export function newRow(module: string, existingIds: readonly string[]): RuleRow {
  let n = existingIds.length + 1;
  while (existingIds.includes(`${module}.rule-${n}`)) n += 1;
  return {
    key: nextKey(),
    id: `${module}.rule-${n}`,
    sequence: 'P',
    level: '',
    kind: 'business',
    description: '',
    scope: { module },
    condition: 'alert',
    matchers: '',
    kpiPercent: '',
    kpiWindow: '',
    kpiMeasure: 'total-successful',
    facts: emptyFacts(),
    dataAssetLevel: null,
    publicOpinion: null,
    durationMinutes: '',
    durationAtLevel: '',
    extra: {},
  };
}

/** Reads one rule of the API into an editor row. */
export function ruleToRow(rule: RuleJson): RuleRow {
  const condition = CONDITION_TYPES.find((type) => rule[type] !== undefined) ?? 'alert';
  const alert = isRecord(rule.alert) ? rule.alert : {};
  const drop = isRecord(rule.kpiDrop) ? rule.kpiDrop : {};
  const facts = isRecord(rule.facts) ? rule.facts : {};
  const duration = isRecord(rule.duration) ? rule.duration : {};
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rule)) if (!KNOWN.has(key)) extra[key] = value;
  // Conditions other than the chosen one are kept too, so lint reports a rule that has two.
  for (const type of CONDITION_TYPES) if (type !== condition && rule[type] !== undefined) extra[type] = rule[type];
  const factNumbers = emptyFacts();
  for (const threshold of FACT_THRESHOLDS) factNumbers[threshold.key] = numOrEmpty(facts[threshold.key]);
  return {
    key: nextKey(),
    id: typeof rule.id === 'string' ? rule.id : '',
    sequence: typeof rule.sequence === 'string' ? rule.sequence : 'P',
    level: numOrEmpty(rule.level),
    kind: rule.kind === 'business' ? 'business' : 'generic',
    description: typeof rule.description === 'string' ? rule.description : '',
    scope: isRecord(rule.scope) ? { ...rule.scope } : {},
    condition,
    matchers: Array.isArray(alert.matchers) ? alert.matchers.map(String).join('\n') : '',
    kpiPercent: numOrEmpty(drop.percent),
    kpiWindow: numOrEmpty(drop.windowMinutes),
    kpiMeasure: drop.measure === 'success-rate-per-minute' ? 'success-rate-per-minute' : 'total-successful',
    facts: factNumbers,
    dataAssetLevel: typeof facts.dataAssetLevel === 'number' ? String(facts.dataAssetLevel) : null,
    publicOpinion: typeof facts.publicOpinion === 'string' ? facts.publicOpinion : null,
    durationMinutes: numOrEmpty(duration.minutes),
    durationAtLevel: numOrEmpty(duration.atLevel),
    extra,
  };
}

/** A number input's value as a number, or undefined when empty or not a number. */
function toNumber(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function compact(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** Writes an editor row back as an API rule, with only the chosen condition. */
export function rowToRule(row: RuleRow): RuleJson {
  let condition: Record<string, unknown>;
  switch (row.condition) {
    case 'alert':
      condition = {
        matchers: row.matchers
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      };
      break;
    case 'kpiDrop':
      condition = compact({
        percent: toNumber(row.kpiPercent),
        windowMinutes: toNumber(row.kpiWindow),
        measure: row.kpiMeasure,
      });
      break;
    case 'facts':
      condition = compact({
        ...Object.fromEntries(FACT_THRESHOLDS.map((t) => [t.key, toNumber(row.facts[t.key])])),
        dataAssetLevel: row.dataAssetLevel ? Number(row.dataAssetLevel) : undefined,
        publicOpinion: row.publicOpinion ?? undefined,
      });
      break;
    case 'duration':
      condition = compact({ minutes: toNumber(row.durationMinutes), atLevel: toNumber(row.durationAtLevel) });
      break;
  }
  const extra = { ...row.extra };
  delete extra[row.condition];
  return compact({
    id: row.id.trim(),
    sequence: row.sequence,
    level: toNumber(row.level),
    kind: row.kind,
    scope: row.scope,
    description: row.description.trim() || undefined,
    [row.condition]: condition,
    ...extra,
  });
}

/** Problems of a rule set split by rule (`rules.N…` → row N) and the rest (about the whole set). */
export function problemsByRow(problems: readonly RuleProblem[]): {
  general: RuleProblem[];
  rows: Map<number, Array<RuleProblem & { field: string }>>;
} {
  const general: RuleProblem[] = [];
  const rows = new Map<number, Array<RuleProblem & { field: string }>>();
  for (const problem of problems) {
    const match = /^rules\.(\d+)(?:\.(.*))?$/.exec(problem.path);
    if (!match) {
      general.push(problem);
      continue;
    }
    const index = Number(match[1]);
    const list = rows.get(index) ?? [];
    list.push({ ...problem, field: match[2] ?? '' });
    rows.set(index, list);
  }
  return { general, rows };
}

/**
 * Assigns a row's problems to the inputs on screen: each goes to the most specific `fields` key that is its
 * field or a prefix of it (`alert` takes `alert.matchers.1`); the rest are shown for the row as a whole.
 */
export function assignProblems<P extends { field: string }>(
  problems: readonly P[],
  fields: readonly string[],
): { byField: Map<string, P[]>; rest: P[] } {
  const byField = new Map<string, P[]>();
  const rest: P[] = [];
  const longestFirst = [...fields].sort((a, b) => b.length - a.length);
  for (const problem of problems) {
    const field = longestFirst.find((key) => problem.field === key || problem.field.startsWith(`${key}.`));
    if (field === undefined) rest.push(problem);
    else byField.set(field, [...(byField.get(field) ?? []), problem]);
  }
  return { byField, rest };
}
