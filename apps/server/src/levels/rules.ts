/**
 * Compiles level rules (DESIGN §4) once per config so grading is cheap: matchers are parsed and their
 * regexes built, template rules are generated for every module, and rules are indexed by scope so grading
 * one incident only looks at the rules that can apply to its service.
 */
import type { FaultlineConfig, LevelRuleConfig, RuleScope, SequenceConfig, Tier } from '../config/schema.ts';
import type { Catalog, ServiceEntry } from '../catalog/catalog.ts';
import { AppError } from '../lib/errors.ts';
import { formatMatcher, parseMatchers, type Matcher } from './matchers.ts';
import { templateRules } from './template.ts';

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
    };

/** A rule ready for grading. */
export interface CompiledRule {
  /** Position in `CompiledRules.rules`: configured rules in config order, then template rules. Ties break on it. */
  readonly index: number;
  readonly id: string;
  readonly sequence: string;
  /** The level the rule sets, before any tier shift. */
  readonly level: number;
  readonly kind: 'generic' | 'business';
  readonly scope: RuleScope;
  /** `template` for rules generated from the fault-level template (seed 000). */
  readonly origin: 'config' | 'template';
  /**
   * True when the rule is written for the core standard and grading shifts it by the module's tier
   * (sub-core +1, non-core +2): every rule whose scope pins no module, service or tier, and every template
   * rule. A rule that names its module, service or tier already states the level for it.
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

/**
 * Compiles the configured rules and, when `levels.templates` is true, the template rules of every module in
 * the catalog (scoped to that module, marked for the tier shift).
 *
 * @throws AppError VALIDATION when a rule names an unknown sequence or has an invalid matcher
 *   (a config that passed `lintConfig` has neither).
 */
export function compileRules(config: FaultlineConfig, catalog: Catalog): CompiledRules {
  const sequences = config.levels.sequences;
  const levelCounts = new Map(sequences.map((s) => [s.id, s.levels] as const));
  const rules: CompiledRule[] = [];

  config.levels.rules.forEach((rule, i) => {
    rules.push(compileOne(rule, rules.length, 'config', `levels.rules.${i}`));
  });
  if (config.levels.templates) {
    for (const mod of catalog.modules()) {
      for (const rule of templateRules(mod, sequences)) {
        rules.push(compileOne(rule, rules.length, 'template', `template ${mod.id}`));
      }
    }
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
    const tierShift = origin === 'template' || shiftsWithTier(rule.scope);
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

/** A one-line description of a rule, e.g. `P2 (generic) when a firing alert matches severity="critical"`. */
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
  if (condition.type === 'alert') {
    return `${head} when a firing alert matches ${condition.matchers.map(formatMatcher).join(', ')}`;
  }
  const measure = condition.measure === 'success-rate-per-minute' ? 'success rate per minute' : 'total successful';
  return `${head} when the KPI (${measure}) drops ≥ ${condition.percent}% for ≥ ${condition.windowMinutes} min`;
}
