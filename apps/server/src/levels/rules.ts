/**
 * Compiles level rules (DESIGN §4) once per config so grading is cheap: matchers are parsed and their
 * regexes built, template rules are generated for every module, approved rule versions replace a module's
 * own rules, and rules are indexed by scope so grading one incident only looks at the rules that can apply
 * to its service.
 */
import type { FaultlineConfig } from '../kernel/index.ts';
import type { LevelRuleConfig, RuleScope, SequenceConfig } from './config.ts';
import type { Tier, Catalog, ServiceEntry } from '../catalog/index.ts';
import { AppError } from '../lib/index.ts';
import { formatMatcher, parseMatchers, type Matcher } from './matchers.ts';
import { templateRules } from './template.ts';

/** A public-opinion signal, weakest first; `none` never satisfies a threshold. */
export type PublicOpinion = 'none' | 'low' | 'medium' | 'high';

/** Rank of a public-opinion signal: none 0 < low 1 < medium 2 < high 3. */
export const PUBLIC_OPINION_RANK: Readonly<Record<PublicOpinion, number>> = { none: 0, low: 1, medium: 2, high: 3 };

/** Impact facts that are plain numbers. All are minimums except `dataAssetLevel`, a maximum (1 = most critical). */
export type NumericFact =
  | 'affectedUsers'
  | 'affectedUsersPct'
  | 'merchants'
  | 'complaintIncreasePct'
  | 'financialLoss'
  | 'dataAssetLevel'
  | 'slaBreachMinutes';

/** Every fact a facts rule can name, in the order thresholds are checked and explained. */
export const FACT_ORDER = [
  'affectedUsers',
  'affectedUsersPct',
  'merchants',
  'complaintIncreasePct',
  'financialLoss',
  'dataAssetLevel',
  'publicOpinion',
  'slaBreachMinutes',
] as const;
export type FactName = (typeof FACT_ORDER)[number];

/** One threshold of a facts rule. `min`: the fact must be ≥ value; `max`: ≤ value. */
export type FactThreshold =
  | { readonly fact: NumericFact; readonly bound: 'min' | 'max'; readonly value: number }
  | { readonly fact: 'publicOpinion'; readonly bound: 'min'; readonly value: Exclude<PublicOpinion, 'none'> };

/** What a rule matches on. */
export type RuleCondition =
  | { readonly type: 'alert'; readonly matchers: readonly Matcher[] }
  | {
      readonly type: 'kpiDrop';
      /** Minimum drop against the baseline, in percent (0–100]. */
      readonly percent: number;
      /** Minimum time the drop lasted, in minutes. */
      readonly windowMinutes: number;
      readonly measure: 'success-rate-per-minute' | 'total-successful';
    }
  | {
      readonly type: 'facts';
      /** Every threshold must hold (in `FACT_ORDER`); a fact the incident does not have fails its threshold. */
      readonly thresholds: readonly FactThreshold[];
    }
  | {
      readonly type: 'duration';
      /** Minimum time at `atLevel` or more severe, in minutes. */
      readonly minutes: number;
      /** The level of the rule's sequence the incident must be at, or more severe (a lower number). */
      readonly atLevel: number;
    };

/** A rule ready for grading. */
export interface CompiledRule {
  /**
   * Position in `CompiledRules.rules`: configured rules in config order, then per module (catalog order) its
   * approved version's rules or else its template rules. Ties break on it.
   */
  readonly index: number;
  readonly id: string;
  readonly sequence: string;
  /** The level the rule sets, before any tier shift. */
  readonly level: number;
  readonly kind: 'generic' | 'business';
  readonly scope: RuleScope;
  /**
   * `template` for rules generated from the fault-level template (seed 000); `version` for rules of a module's
   * approved rule version (scoped to the module).
   */
  readonly origin: 'config' | 'template' | 'version';
  /**
   * True when the rule is written for the core standard and grading shifts it by the module's tier
   * (sub-core +1, non-core +2): every template rule, and every other rule whose scope pins no module, service
   * or tier, except duration rules. A rule that names its module, service or tier already states the level
   * for it; a duration rule is relative to the incident's current grade, which is already shifted.
   */
  readonly tierShift: boolean;
  /** One line for people: the description, or a sentence generated from the condition. */
  readonly text: string;
  readonly condition: RuleCondition;
}

/** A rule with the level it grades one service at (tier shift applied). */
export interface RankedRule {
  readonly rule: CompiledRule;
  readonly level: number;
}

/** The compiled rules of one config. */
export interface CompiledRules {
  /** The configured sequences, in config order. */
  readonly sequences: readonly SequenceConfig[];
  readonly rules: readonly CompiledRule[];
  /** The number of levels of a sequence, or undefined for an unknown sequence. */
  levelCount(sequence: string): number | undefined;
  /**
   * The rules whose scope matches the service, in `index` order. With no service only unscoped rules apply.
   * Results are cached per distinct (id, module, business line, tier, volume).
   */
  forService(service: ServiceEntry | null): readonly CompiledRule[];
  /**
   * The same rules with the level each grades this service at, in the order grading decides: most severe
   * first; on equal levels business before generic, then `index`. The first match per sequence wins.
   * Cached like `forService`.
   */
  ranked(service: ServiceEntry | null): readonly RankedRule[];
}

/** Levels a tier moves a core-standard rule (seed 000: sub-core "lower the level by one", non-core "by two"). */
export const TIER_SHIFT: Readonly<Record<Tier, number>> = { core: 0, 'sub-core': 1, 'non-core': 2 };

/** Whether a rule with this scope is written for the core standard (see `CompiledRule.tierShift`). */
export function shiftsWithTier(scope: RuleScope): boolean {
  return scope.module === undefined && scope.service === undefined && scope.tier === undefined;
}

/**
 * Whether grading shifts this rule by the module's tier: a rule written for the core standard (see
 * `shiftsWithTier`), unless it is a duration rule. Template rules are always shifted (`compileRules`).
 */
export function ruleShiftsWithTier(rule: Pick<LevelRuleConfig, 'scope' | 'duration'>): boolean {
  return !rule.duration && shiftsWithTier(rule.scope);
}

/** The level a rule grades a service at: its level plus the tier shift when the rule carries the core standard. */
export function effectiveLevel(rule: Pick<CompiledRule, 'level' | 'tierShift'>, service: ServiceEntry | null): number {
  return rule.level + (rule.tierShift && service ? TIER_SHIFT[service.tier] : 0);
}

/** True when every field the scope gives equals the service's (an empty scope matches everything). */
export function scopeMatches(scope: RuleScope, service: ServiceEntry | null): boolean {
  if (!service) return isEmptyScope(scope);
  return (
    (scope.service === undefined || scope.service === service.id) &&
    (scope.module === undefined || scope.module === service.module) &&
    (scope.businessLine === undefined || scope.businessLine === service.businessLine) &&
    (scope.tier === undefined || scope.tier === service.tier) &&
    (scope.volume === undefined || scope.volume === service.volume)
  );
}

function isEmptyScope(scope: RuleScope): boolean {
  return Object.values(scope).every((v) => v === undefined);
}

/** Approved rule versions: module id → the rules of its approved (active) version. */
export type ApprovedRules = ReadonlyMap<string, readonly LevelRuleConfig[]>;

/**
 * Whether a configured rule is one of a module's own rules, which an approved version of that module
 * replaces: its scope pins exactly that module (`scope.module === moduleId`).
 */
export function isModuleRule(rule: Pick<LevelRuleConfig, 'scope'>, moduleId: string): boolean {
  return rule.scope.module === moduleId;
}

/** A rule of a module's approved version as grading uses it: scoped to the module (`scope.module` forced). */
export function versionRule(rule: LevelRuleConfig, moduleId: string): LevelRuleConfig {
  return { ...rule, scope: { ...rule.scope, module: moduleId } };
}

/**
 * Compiles the configured rules and, when `levels.templates` is true, the template rules of every module in
 * the catalog (scoped to that module, marked for the tier shift).
 *
 * A module with an approved rule version (`approved`, keyed by module id) is graded by that version instead
 * of its own rules: the version's rules replace the module's template rules and the configured rules whose
 * scope pins exactly that module. Configured rules of any other scope (generic, business line, tier, volume,
 * service, another module) still apply. Version rules are scoped to their module (`scope.module` is forced),
 * so they are not tier-shifted, and keep their ids as given.
 *
 * Order (`index`, the last tie-break): configured rules in file order, then per module in catalog order its
 * version's rules or its template rules; versions of modules not in the catalog come last (they match no
 * service).
 *
 * @throws AppError VALIDATION when a rule names an unknown sequence or has an invalid matcher
 *   (a config that passed `lintConfig`, and versions that passed `lintModuleRules`, have neither).
 */
export function compileRules(config: FaultlineConfig, catalog: Catalog, approved?: ApprovedRules): CompiledRules {
  const sequences = config.levels.sequences;
  const levelCounts = new Map(sequences.map((s) => [s.id, s.levels] as const));
  const rules: CompiledRule[] = [];
  const replaced = (rule: LevelRuleConfig): boolean =>
    approved !== undefined && rule.scope.module !== undefined && approved.has(rule.scope.module);

  config.levels.rules.forEach((rule, i) => {
    if (replaced(rule)) return;
    rules.push(compileOne(rule, rules.length, 'config', `levels.rules.${i}`));
  });
  const addVersion = (moduleId: string, version: readonly LevelRuleConfig[]): void => {
    version.forEach((rule, j) => {
      rules.push(compileOne(versionRule(rule, moduleId), rules.length, 'version', `modules.${moduleId}.rules.${j}`));
    });
  };
  const seen = new Set<string>();
  for (const mod of catalog.modules()) {
    seen.add(mod.id);
    const version = approved?.get(mod.id);
    if (version) addVersion(mod.id, version);
    else if (config.levels.templates) {
      for (const rule of templateRules(mod, sequences)) {
        rules.push(compileOne(rule, rules.length, 'template', `template ${mod.id}`));
      }
    }
  }
  if (approved) {
    for (const [moduleId, version] of approved) if (!seen.has(moduleId)) addVersion(moduleId, version);
  }

  function compileOne(
    rule: LevelRuleConfig,
    index: number,
    origin: CompiledRule['origin'],
    path: string,
  ): CompiledRule {
    if (!levelCounts.has(rule.sequence)) {
      throw new AppError('VALIDATION', `rule "${rule.id}" names an unknown sequence "${rule.sequence}"`, [
        { path: `${path}.sequence`, message: `unknown sequence "${rule.sequence}"` },
      ]);
    }
    const condition = compileCondition(rule, path);
    const tierShift = condition.type !== 'duration' && (origin === 'template' || shiftsWithTier(rule.scope));
    return {
      index,
      id: rule.id,
      sequence: rule.sequence,
      level: rule.level,
      kind: rule.kind,
      scope: rule.scope,
      origin,
      tierShift,
      text: rule.description ?? describeRule(rule.sequence, rule.level, rule.kind, rule.scope, condition),
      condition,
    };
  }

  // Scope index: each rule sits in the bucket of the most specific field it pins; forService unions the
  // buckets its service can hit and checks the full scope once, then caches the answer.
  const byService = new Map<string, CompiledRule[]>();
  const byModule = new Map<string, CompiledRule[]>();
  const byLine = new Map<string, CompiledRule[]>();
  const unpinned: CompiledRule[] = [];
  for (const rule of rules) {
    const { service, module, businessLine } = rule.scope;
    if (service !== undefined) push(byService, service, rule);
    else if (module !== undefined) push(byModule, module, rule);
    else if (businessLine !== undefined) push(byLine, businessLine, rule);
    else unpinned.push(rule);
  }
  const unscoped = rules.filter((r) => isEmptyScope(r.scope));
  const cache = new Map<string, { applicable: readonly CompiledRule[]; ranked: readonly RankedRule[] }>();
  const entry = (service: ServiceEntry | null) => {
    const key = service
      ? `${service.id}\u0000${service.module}\u0000${service.businessLine}\u0000${service.tier}\u0000${service.volume}`
      : '';
    let hit = cache.get(key);
    if (!hit) {
      const applicable = service
        ? [
            ...(byService.get(service.id) ?? []),
            ...(byModule.get(service.module) ?? []),
            ...(byLine.get(service.businessLine) ?? []),
            ...unpinned,
          ]
            .filter((r) => scopeMatches(r.scope, service))
            .sort((a, b) => a.index - b.index)
        : unscoped;
      const ranked = applicable
        .map((rule) => ({ rule, level: effectiveLevel(rule, service) }))
        .sort((a, b) => a.level - b.level || kindRank(a.rule) - kindRank(b.rule) || a.rule.index - b.rule.index);
      hit = { applicable, ranked };
      if (cache.size >= 10_000) cache.clear();
      cache.set(key, hit);
    }
    return hit;
  };

  return {
    sequences,
    rules,
    levelCount: (sequence) => levelCounts.get(sequence),
    forService: (service) => entry(service).applicable,
    ranked: (service) => entry(service).ranked,
  };
}

function kindRank(rule: CompiledRule): number {
  return rule.kind === 'business' ? 0 : 1;
}

function push(map: Map<string, CompiledRule[]>, key: string, rule: CompiledRule): void {
  const list = map.get(key);
  if (list) list.push(rule);
  else map.set(key, [rule]);
}

function compileCondition(rule: LevelRuleConfig, path: string): RuleCondition {
  if (rule.kpiDrop) {
    return {
      type: 'kpiDrop',
      percent: rule.kpiDrop.percent,
      windowMinutes: rule.kpiDrop.windowMinutes,
      measure: rule.kpiDrop.measure,
    };
  }
  if (rule.facts) return { type: 'facts', thresholds: factThresholds(rule.facts) };
  if (rule.duration) return { type: 'duration', minutes: rule.duration.minutes, atLevel: rule.duration.atLevel };
  const matchers: Matcher[] = [];
  (rule.alert?.matchers ?? []).forEach((text, j) => {
    try {
      matchers.push(...parseMatchers(text));
    } catch (err) {
      if (err instanceof AppError) {
        throw new AppError('VALIDATION', `rule "${rule.id}": ${err.message}`, [
          { path: `${path}.alert.matchers.${j}`, message: err.message },
        ]);
      }
      throw err;
    }
  });
  return { type: 'alert', matchers };
}

/** The thresholds of a facts condition, in `FACT_ORDER`. */
export function factThresholds(facts: NonNullable<LevelRuleConfig['facts']>): FactThreshold[] {
  const out: FactThreshold[] = [];
  for (const fact of FACT_ORDER) {
    if (fact === 'publicOpinion') {
      if (facts.publicOpinion !== undefined) out.push({ fact, bound: 'min', value: facts.publicOpinion });
      continue;
    }
    const value = facts[fact];
    if (value !== undefined) out.push({ fact, bound: fact === 'dataAssetLevel' ? 'max' : 'min', value });
  }
  return out;
}

const FACT_WORDS: Readonly<Record<FactName, string>> = {
  affectedUsers: 'affected users',
  affectedUsersPct: 'affected users %',
  merchants: 'merchants',
  complaintIncreasePct: 'complaint increase %',
  financialLoss: 'financial loss',
  dataAssetLevel: 'data asset level',
  publicOpinion: 'public opinion',
  slaBreachMinutes: 'SLA breach minutes',
};

/** A threshold in words, e.g. `affected users ≥ 10000` or `data asset level ≤ 2`. */
export function describeThreshold(t: FactThreshold): string {
  return `${FACT_WORDS[t.fact]} ${t.bound === 'min' ? '≥' : '≤'} ${String(t.value)}`;
}

/**
 * A one-line description of a rule, e.g. `P2 (generic) when a firing alert matches severity="critical"`,
 * `P1 (generic) when the impact facts show affected users ≥ 10000 and data asset level ≤ 2`, or
 * `P1 (generic) when the incident has been at P2 or more severe for ≥ 30 min`.
 */
export function describeRule(
  sequence: string,
  level: number,
  kind: 'generic' | 'business',
  scope: RuleScope,
  condition: RuleCondition,
): string {
  const where = Object.entries(scope)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${String(v)}`);
  const head = `${sequence}${level} (${[kind, ...where].join(', ')})`;
  switch (condition.type) {
    case 'alert':
      return `${head} when a firing alert matches ${condition.matchers.map(formatMatcher).join(', ')}`;
    case 'kpiDrop': {
      const measure = condition.measure === 'success-rate-per-minute' ? 'success rate per minute' : 'total successful';
      return `${head} when the KPI (${measure}) drops ≥ ${condition.percent}% for ≥ ${condition.windowMinutes} min`;
    }
    case 'facts':
      return `${head} when the impact facts show ${condition.thresholds.map(describeThreshold).join(' and ')}`;
    case 'duration':
      return (
        `${head} when the incident has been at ${sequence}${condition.atLevel}` +
        `${condition.atLevel > 1 ? ' or more severe' : ''} for ≥ ${condition.minutes} min`
      );
  }
}
