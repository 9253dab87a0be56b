/**
 * Lint of level rules (DESIGN §4): sequences, rule references, matchers, rules that can never match or never
 * win, gaps between KPI-drop bands, and the seed-001 principle that a business grade must never be lower
 * than the generic grade. `lintLevels` checks the config's `levels` section; `lintModuleRules` checks a rule
 * set proposed as a new version of one module's rules; `effectiveModuleRules` lists what grades a module now.
 * The checks are listed in docs/levels.md ("Lint checks").
 */
import { LevelRuleConfig, type RuleScope } from './config.ts';
import type { FaultlineConfig, ConfigProblem } from '../kernel/index.ts';
import { buildCatalog, type Catalog, type ServiceEntry } from '../catalog/index.ts';
import { formatMatcher, matchOne, parseMatchers, type Matcher } from './matchers.ts';
import {
  PUBLIC_OPINION_RANK,
  TIER_SHIFT,
  effectiveLevel,
  factThresholds,
  isModuleRule,
  ruleShiftsWithTier,
  scopeMatches,
  versionRule,
  type ApprovedRules,
  type FactThreshold,
} from './rules.ts';
import { TEMPLATE_ID_PREFIX, TEMPLATE_SEQUENCE, templateRules } from './template.ts';

/** A rule whose references all resolve, with its matchers parsed (alert rules). */
interface Checked {
  /** Where problems about it are reported, e.g. `levels.rules.3` or `rules.2`. */
  path: string;
  rule: LevelRuleConfig;
  /** Parsed matchers (alert rules), else null. */
  matchers: Matcher[] | null;
  /** The matchers in canonical text (alert rules), else null. */
  canon: Set<string> | null;
  /** Whether the rule is tier-shifted when grading. */
  tierShift: boolean;
}

interface Reporter {
  error(path: string, message: string): void;
  warn(path: string, message: string): void;
}

interface Context {
  catalog: Catalog;
  /** Level count per sequence id (first definition wins). */
  counts: ReadonlyMap<string, number>;
  lines: ReadonlySet<string>;
}

function reporter(problems: ConfigProblem[]): Reporter {
  return {
    error: (path, message) => void problems.push({ path, message, severity: 'error' }),
    warn: (path, message) => void problems.push({ path, message, severity: 'warning' }),
  };
}

function contextOf(config: FaultlineConfig, catalog: Catalog): Context {
  const counts = new Map<string, number>();
  for (const seq of config.levels.sequences) if (!counts.has(seq.id)) counts.set(seq.id, seq.levels);
  return { catalog, counts, lines: new Set(config.catalog.businessLines.map((l) => l.id)) };
}

/**
 * Lints sequences and level rules.
 *
 * Errors: duplicate sequence or rule ids, a rule id in the reserved `template.` namespace, an unknown
 * sequence, a level past the sequence's last level, a scope naming an unknown business line, module or
 * service, an invalid matcher or regex, a matcher list that parses to nothing, a duration rule whose
 * `atLevel` is as severe as its level or more (it can never upgrade) or past the sequence's last level, a
 * KPI-drop band that can never set the level (an inversion, see `lintBands`).
 * Warnings: templates on without a `P` sequence, a scope that matches no service in the catalog,
 * self-contradictory matchers, a core-standard rule that the tier shift pushes past the last level on every
 * service it applies to (it only makes risks), a redundant KPI-drop band, a gap between KPI-drop bands, a
 * business rule less strict than a generic rule (see `lessStrict`).
 */
export function lintLevels(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const r = reporter(problems);
  const catalog = buildCatalog(config);
  const ctx = contextOf(config, catalog);

  const seen = new Set<string>();
  config.levels.sequences.forEach((seq, i) => {
    if (seen.has(seq.id)) r.error(`levels.sequences.${i}.id`, `duplicate sequence id "${seq.id}"`);
    seen.add(seq.id);
  });
  if (config.levels.templates && !ctx.counts.has(TEMPLATE_SEQUENCE)) {
    r.warn(
      'levels.templates',
      `templates grade the ${TEMPLATE_SEQUENCE} sequence, which is not defined: no template rule is generated`,
    );
  }

  const ids = new Map<string, string>();
  const checked: Checked[] = [];
  config.levels.rules.forEach((rule, i) => {
    const c = checkRule(ctx, r, rule, `levels.rules.${i}`, ids);
    if (c) checked.push(c);
  });
  const inverted = lintBands(checked, r);
  lintLessStrict(checked, checked, ctx, r, inverted);
  return problems;
}

/**
 * Lints a rule set proposed as a new version of one module's level rules (the rule editor). Each rule is
 * first parsed with the `LevelRuleConfig` schema; its problems have paths like `rules.2.kpiDrop.percent`.
 * Rules that parse are scoped to the module (as grading does) and get the checks of `lintLevels`, among
 * themselves for duplicate ids and KPI-drop bands, and against the configured generic rules that would still
 * apply next to the version for "business rule less strict than generic" (every rule of the version is
 * compared, whatever its kind). Also an error for a rule scoped to another module, and a warning for a rule
 * id that is also the id of a configured rule still in effect (explanations name rules by id).
 *
 * @param rules the proposed rules, as received (not yet validated)
 * @returns every problem found; an unknown module is one error with the path `""`
 */
export function lintModuleRules(
  config: FaultlineConfig,
  catalog: Catalog,
  moduleId: string,
  rules: readonly unknown[],
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const r = reporter(problems);
  if (!catalog.module(moduleId)) {
    r.error('', `unknown module "${moduleId}"`);
    return problems;
  }
  const ctx = contextOf(config, catalog);
  const configIds = new Map<string, number>();
  config.levels.rules.forEach((rule, i) => {
    if (!isModuleRule(rule, moduleId) && !configIds.has(rule.id)) configIds.set(rule.id, i);
  });

  const ids = new Map<string, string>();
  const proposed: Checked[] = [];
  rules.forEach((raw, i) => {
    const path = `rules.${i}`;
    const parsed = LevelRuleConfig.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(...fromIssue(path, issue, raw));
      return;
    }
    const rule = parsed.data;
    if (rule.scope.module !== undefined && rule.scope.module !== moduleId) {
      r.error(
        `${path}.scope.module`,
        `a rule of module "${moduleId}" cannot be scoped to module "${rule.scope.module}"; leave scope.module out`,
      );
      return;
    }
    const at = configIds.get(rule.id);
    if (at !== undefined) {
      r.warn(
        `${path}.id`,
        `rule id "${rule.id}" is also the id of the configured rule levels.rules.${at}, which still applies; ` +
          'explanations name rules by id, so pick another',
      );
    }
    const c = checkRule(ctx, r, versionRule(rule, moduleId), path, ids);
    if (c) proposed.push(c);
  });

  const inverted = lintBands(proposed, r);
  const generic: Checked[] = [...proposed.filter((c) => c.rule.kind === 'generic')];
  const silent = reporter([]);
  config.levels.rules.forEach((rule, i) => {
    if (rule.kind !== 'generic' || isModuleRule(rule, moduleId)) return;
    const c = checkRule(ctx, silent, rule, `levels.rules.${i}`, new Map());
    if (c) generic.push(c);
  });
  lintLessStrict(proposed, generic, ctx, r, inverted, moduleId);
  return problems;
}

/**
 * The rules that grade a module now, for display: first the module's own rules, then the configured rules of
 * wider scope that also apply to it.
 *
 * Own rules: the approved version's rules (scoped to the module) when `approved` has one for the module;
 * otherwise the configured rules whose scope pins the module, then its template rules (when templates are
 * on). Template rules are written for the core standard; they are listed at the level they grade this module
 * (tier shift applied, bands the shift pushes past the last level left out, the description saying so), so
 * every own rule states its level for the module, as a version rule does.
 *
 * Shared rules: configured rules that pin no module and whose other scope fields fit the module (its business
 * line, tier and volume; a pinned service must be one of the module's). They are listed as written: those
 * written for the core standard are tier-shifted when grading. Approved versions never replace them.
 *
 * @returns `[]` for a module not in the catalog
 */
export function effectiveModuleRules(
  config: FaultlineConfig,
  catalog: Catalog,
  moduleId: string,
  approved?: ApprovedRules,
): LevelRuleConfig[] {
  const mod = catalog.module(moduleId);
  if (!mod) return [];
  const own: LevelRuleConfig[] = [];
  const version = approved?.get(moduleId);
  if (version) own.push(...version.map((rule) => versionRule(rule, moduleId)));
  else {
    own.push(...config.levels.rules.filter((rule) => isModuleRule(rule, moduleId)));
    if (config.levels.templates) {
      const shift = TIER_SHIFT[mod.tier];
      const count = config.levels.sequences.find((s) => s.id === TEMPLATE_SEQUENCE)?.levels ?? 0;
      for (const rule of templateRules(mod, config.levels.sequences)) {
        const level = rule.level + shift;
        if (level > count) continue;
        own.push(
          shift === 0
            ? rule
            : {
                ...rule,
                level,
                description:
                  `${rule.description ?? rule.id}; ${mod.tier} module: graded ` +
                  `${rule.sequence}${level} (tier shift +${shift})`,
              },
        );
      }
    }
  }
  const shared = config.levels.rules.filter(
    (rule) =>
      rule.scope.module === undefined &&
      (rule.scope.businessLine === undefined || rule.scope.businessLine === mod.businessLine) &&
      (rule.scope.tier === undefined || rule.scope.tier === mod.tier) &&
      (rule.scope.volume === undefined || rule.scope.volume === mod.volume) &&
      (rule.scope.service === undefined || mod.services.includes(rule.scope.service)),
  );
  return [...own, ...shared];
}

/**
 * The checks of one rule on its own: id, sequence and level, scope, matchers, duration levels, and whether
 * the tier shift leaves it only risks. Reports to `r`; records the id in `ids`.
 *
 * @returns the rule ready for the checks across rules, or null when it has an error
 */
function checkRule(
  ctx: Context,
  r: Reporter,
  rule: LevelRuleConfig,
  rp: string,
  ids: Map<string, string>,
): Checked | null {
  let ok = true;
  const fail = (path: string, message: string): void => {
    ok = false;
    r.error(path, message);
  };
  const first = ids.get(rule.id);
  if (first !== undefined) fail(`${rp}.id`, `duplicate rule id "${rule.id}" (first defined at ${first})`);
  else ids.set(rule.id, rp);
  if (rule.id.startsWith(TEMPLATE_ID_PREFIX)) {
    fail(`${rp}.id`, `rule ids starting with "${TEMPLATE_ID_PREFIX}" are reserved for generated template rules`);
  }
  const count = ctx.counts.get(rule.sequence);
  if (count === undefined) {
    fail(`${rp}.sequence`, `unknown sequence "${rule.sequence}" (defined: ${[...ctx.counts.keys()].join(', ')})`);
  } else if (rule.level > count) {
    fail(`${rp}.level`, `sequence ${rule.sequence} has ${count} levels; level ${rule.level} does not exist`);
  }

  const { businessLine, module, service } = rule.scope;
  let scopeOk = true;
  if (businessLine !== undefined && !ctx.lines.has(businessLine)) {
    scopeOk = false;
    fail(`${rp}.scope.businessLine`, `unknown business line "${businessLine}"`);
  }
  if (module !== undefined && !ctx.catalog.module(module)) {
    scopeOk = false;
    fail(`${rp}.scope.module`, `unknown module "${module}"`);
  }
  if (service !== undefined && !ctx.catalog.service(service)) {
    scopeOk = false;
    fail(`${rp}.scope.service`, `unknown service "${service}"`);
  }
  const inScope = ctx.catalog.services().filter((s) => scopeMatches(rule.scope, s));
  const pinned = Object.values(rule.scope).some((v) => v !== undefined);
  if (scopeOk && pinned && inScope.length === 0) {
    r.warn(`${rp}.scope`, `rule "${rule.id}" applies to no service in the catalog, so it never grades anything`);
  }

  let matchers: Matcher[] | null = null;
  let canon: Set<string> | null = null;
  if (rule.alert) {
    matchers = [];
    for (const [j, text] of rule.alert.matchers.entries()) {
      try {
        matchers.push(...parseMatchers(text));
      } catch (err) {
        fail(`${rp}.alert.matchers.${j}`, err instanceof Error ? err.message : String(err));
      }
    }
    canon = new Set(matchers.map(formatMatcher));
    if (ok && matchers.length === 0) {
      fail(`${rp}.alert.matchers`, 'no matchers: the rule would match every alert; add at least one label matcher');
    }
    const clash = ok ? contradiction(matchers) : null;
    if (clash) {
      r.warn(`${rp}.alert.matchers`, `rule "${rule.id}" can never match: ${clash} cannot both hold for one alert`);
    }
  }

  if (rule.duration && count !== undefined) {
    const { atLevel } = rule.duration;
    const at = `${rule.sequence}${atLevel}`;
    if (atLevel > count) {
      fail(
        `${rp}.duration.atLevel`,
        `sequence ${rule.sequence} has ${count} levels; an incident is never at level ${atLevel}`,
      );
    } else if (atLevel <= rule.level) {
      fail(
        `${rp}.duration.atLevel`,
        `rule "${rule.id}" can never upgrade: it sets ${rule.sequence}${rule.level} for an incident already at ` +
          `${at}${atLevel > 1 ? ' or more severe' : ''}; atLevel must be less severe (a higher number) than level`,
      );
    }
  }

  const tierShift = ruleShiftsWithTier(rule);
  if (ok && count !== undefined && tierShift && inScope.length > 0 && pinned) {
    // An unpinned rule also grades incidents with no known service, unshifted: never only risks.
    const lowest = Math.min(...inScope.map((s) => effectiveLevel({ level: rule.level, tierShift }, s)));
    if (lowest > count) {
      r.warn(
        rp,
        `rule "${rule.id}" (${rule.sequence}${rule.level}) is written for the core standard, and the tier shift ` +
          `grades every service it applies to past ${rule.sequence}${count}: it only makes risks. Pin its ` +
          'module, service or tier to state the level for them, or make it more severe',
      );
    }
  }
  return ok ? { path: rp, rule, matchers, canon, tierShift } : null;
}

/**
 * Why a list of matchers can never hold for one alert, or null. Detected: an equality (`a="x"`) that another
 * matcher on the same label rejects (`a="y"`, `a!="x"`, `a=~"y.*"`, `a!~"x"`), and a regex required and
 * forbidden at once (`a=~"r"` with `a!~"r"`). Other regex combinations are not analysed.
 */
function contradiction(matchers: readonly Matcher[]): string | null {
  for (const eq of matchers) {
    if (eq.op !== '=') continue;
    for (const m of matchers) {
      if (m === eq || m.name !== eq.name) continue;
      if (!matchOne(m, { [eq.name]: eq.value })) return `${formatMatcher(eq)} and ${formatMatcher(m)}`;
    }
  }
  for (const re of matchers) {
    if (re.op !== '=~') continue;
    const not = matchers.find((m) => m.op === '!~' && m.name === re.name && m.value === re.value);
    if (not) return `${formatMatcher(re)} and ${formatMatcher(not)}`;
  }
  return null;
}

/** A canonical key for a scope: the fields it gives, in a fixed order. */
function scopeKey(scope: RuleScope): string {
  return JSON.stringify([scope.businessLine, scope.module, scope.service, scope.tier, scope.volume]);
}

function scopeText(scope: RuleScope): string {
  const fields = Object.entries(scope).filter(([, v]) => v !== undefined);
  return fields.length === 0 ? 'no scope' : `scope ${fields.map(([k, v]) => `${k} ${String(v)}`).join(', ')}`;
}

function band(c: Checked): string {
  return `"${c.rule.id}" (${c.rule.sequence}${c.rule.level}, ≥ ${c.rule.kpiDrop!.percent}% over ${c.rule.kpiDrop!.windowMinutes} min)`;
}

/**
 * KPI-drop bands: rules with a `kpiDrop` condition, the same sequence and the same scope (so the same tier
 * shift). The measure is not compared: grading does not look at it. Rule `a` **covers** rule `b` when
 * `a.percent ≤ b.percent` and `a.windowMinutes ≤ b.windowMinutes`: every drop `b` matches, `a` matches too.
 *
 * - **Inversion** (error on `b`): `a` covers `b` and is more severe. `b` can never set the level, because
 *   `a` matches whenever `b` does and the most severe level wins. Bands must need a bigger drop (or a
 *   longer one) for a more severe level.
 * - **Redundant band** (warning on `b`): `a` covers `b` at the same level, so `b` never changes the level
 *   (for identical thresholds, the later rule is reported).
 * - **Gap** (warning): for one window, the levels of the bands, in order, skip a level (P1 then P3): a drop
 *   between those thresholds grades the less severe level.
 *
 * @returns the pairs `b → a` reported as inversions or redundant (so `lessStrict` does not repeat them)
 */
function lintBands(checked: readonly Checked[], r: Reporter): Map<Checked, Checked> {
  const reported = new Map<Checked, Checked>();
  const groups = new Map<string, Checked[]>();
  for (const c of checked) {
    if (!c.rule.kpiDrop) continue;
    const key = `${c.rule.sequence}\u0000${scopeKey(c.rule.scope)}`;
    const list = groups.get(key);
    if (list) list.push(c);
    else groups.set(key, [c]);
  }
  for (const list of groups.values()) {
    for (const [j, b] of list.entries()) {
      const kb = b.rule.kpiDrop!;
      const covering = list.filter((a, i) => {
        if (a === b) return false;
        const ka = a.rule.kpiDrop!;
        if (ka.percent > kb.percent || ka.windowMinutes > kb.windowMinutes) return false;
        if (a.rule.level !== b.rule.level) return a.rule.level < b.rule.level;
        // Same level: identical thresholds report only the later rule.
        return ka.percent !== kb.percent || ka.windowMinutes !== kb.windowMinutes || i < j;
      });
      const worse = covering.filter((a) => a.rule.level < b.rule.level);
      if (worse.length > 0) {
        const a = worse.reduce((x, y) => (y.rule.level < x.rule.level ? y : x));
        reported.set(b, a);
        r.error(
          b.path,
          `KPI-drop band ${band(b)} can never set the level: band ${band(a)} matches every drop it matches and ` +
            `is more severe (${scopeText(b.rule.scope)}). A more severe band must need a bigger drop`,
        );
      } else if (covering.length > 0) {
        const a = covering[0]!;
        reported.set(b, a);
        r.warn(
          b.path,
          `KPI-drop band ${band(b)} never changes the level: band ${band(a)} gives the same level for every ` +
            `drop it matches (${scopeText(b.rule.scope)})`,
        );
      }
    }

    const byWindow = new Map<number, Checked[]>();
    for (const c of list) {
      const w = c.rule.kpiDrop!.windowMinutes;
      const l = byWindow.get(w);
      if (l) l.push(c);
      else byWindow.set(w, [c]);
    }
    for (const [window, bands] of byWindow) {
      const levels = [...new Set(bands.map((c) => c.rule.level))].sort((x, y) => x - y);
      for (let i = 1; i < levels.length; i++) {
        const [upper, lower] = [levels[i - 1]!, levels[i]!];
        if (lower - upper <= 1) continue;
        const a = bands.find((c) => c.rule.level === upper)!;
        const b = bands.find((c) => c.rule.level === lower)!;
        const seq = b.rule.sequence;
        const missing = Array.from({ length: lower - upper - 1 }, (_, k) => `${seq}${upper + k + 1}`).join(', ');
        r.warn(
          b.path,
          `KPI-drop bands over ${window} min (${scopeText(b.rule.scope)}) skip ${missing}: ${band(a)} is followed ` +
            `by ${band(b)}, so a drop between them grades ${seq}${lower}`,
        );
      }
    }
  }
  return reported;
}

/**
 * Warns for each rule of `subjects` (business rules; every rule when `moduleId` is given) that is less
 * strict than a generic rule of `generics` (see `lessStrict`), except pairs `lintBands` already reported.
 */
function lintLessStrict(
  subjects: readonly Checked[],
  generics: readonly Checked[],
  ctx: Context,
  r: Reporter,
  reported: ReadonlyMap<Checked, Checked>,
  moduleId?: string,
): void {
  for (const b of subjects) {
    if (moduleId === undefined && b.rule.kind !== 'business') continue;
    for (const g of generics) {
      if (g === b || g.rule.kind !== 'generic' || reported.get(b) === g) continue;
      const where = lessStrict(b, g, ctx.counts.get(b.rule.sequence)!, ctx.catalog.services());
      if (where === null) continue;
      const gp = g.path.startsWith('levels.') && moduleId !== undefined ? ` (${g.path})` : '';
      const what = b.rule.kind === 'business' ? 'business rule' : `rule of module "${moduleId}"`;
      r.warn(
        b.path,
        `${what} "${b.rule.id}" (${b.rule.sequence}${b.rule.level}) is less strict than generic rule ` +
          `"${g.rule.id}"${gp} (${g.rule.sequence}${g.rule.level}) for the same condition${where}; the generic ` +
          'level wins there, and a business grade must never be lower than the generic grade',
      );
    }
  }
}

/**
 * Whether rule `b` is less strict than generic rule `g`: same sequence, every incident `b` matches is matched
 * by `g` too (`implies`), and on some service both apply to, `b` grades less severely after the tier shift
 * (or only to a risk where `g` gives a level).
 *
 * @returns `""` or ` on service "x"` when less strict, null otherwise
 */
function lessStrict(b: Checked, g: Checked, count: number, services: readonly ServiceEntry[]): string | null {
  if (b.rule.sequence !== g.rule.sequence || !implies(b, g)) return null;
  const bc = { level: b.rule.level, tierShift: b.tierShift };
  const gc = { level: g.rule.level, tierShift: g.tierShift };
  const worse = (service: ServiceEntry | null): boolean => {
    const gl = effectiveLevel(gc, service);
    return gl <= count && effectiveLevel(bc, service) > gl;
  };
  for (const s of services) {
    if (scopeMatches(b.rule.scope, s) && scopeMatches(g.rule.scope, s) && worse(s)) return ` on service "${s.id}"`;
  }
  if (scopeMatches(b.rule.scope, null) && scopeMatches(g.rule.scope, null) && worse(null)) return '';
  return null;
}

/**
 * Whether `b`'s condition implies `g`'s (same condition type): alert rules, `b`'s matchers include all of
 * `g`'s; KPI-drop rules, `b` needs at least `g`'s drop over at least `g`'s window; facts rules, `b` has every
 * threshold of `g` at least as strict; duration rules, `b` needs at least `g`'s minutes at `g`'s level or a
 * more severe one.
 */
function implies(b: Checked, g: Checked): boolean {
  if (b.canon && g.canon) {
    for (const m of g.canon) if (!b.canon.has(m)) return false;
    return true;
  }
  const [rb, rg] = [b.rule, g.rule];
  if (rb.kpiDrop && rg.kpiDrop) {
    return rb.kpiDrop.percent >= rg.kpiDrop.percent && rb.kpiDrop.windowMinutes >= rg.kpiDrop.windowMinutes;
  }
  if (rb.facts && rg.facts) {
    const mine = factThresholds(rb.facts);
    return factThresholds(rg.facts).every((t) => {
      const o = mine.find((x) => x.fact === t.fact);
      return o !== undefined && atLeastAsStrict(o, t);
    });
  }
  if (rb.duration && rg.duration) {
    return rb.duration.atLevel <= rg.duration.atLevel && rb.duration.minutes >= rg.duration.minutes;
  }
  return false;
}

function atLeastAsStrict(o: FactThreshold, t: FactThreshold): boolean {
  if (o.fact === 'publicOpinion' && t.fact === 'publicOpinion') {
    return PUBLIC_OPINION_RANK[o.value] >= PUBLIC_OPINION_RANK[t.value];
  }
  if (typeof o.value !== 'number' || typeof t.value !== 'number') return false;
  return t.bound === 'max' ? o.value <= t.value : o.value >= t.value;
}

interface Issue {
  readonly code: string;
  readonly path: ReadonlyArray<PropertyKey>;
  readonly message: string;
  readonly keys?: readonly string[];
}

/** A zod issue of rule `raw` as problems at `rules.N.…` (one per unknown key). */
function fromIssue(base: string, issue: Issue, raw: unknown): ConfigProblem[] {
  const path = issue.path.map(String);
  const at = (segs: readonly string[]): string => [base, ...segs].join('.');
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return issue.keys.map((key) => ({ path: at([...path, key]), message: `unknown key "${key}"`, severity: 'error' }));
  }
  if (issue.code === 'invalid_type' && valueAt(raw, path) === undefined) {
    return [{ path: at(path), message: 'required', severity: 'error' }];
  }
  const message = issue.message.length > 0 ? issue.message[0]!.toLowerCase() + issue.message.slice(1) : '';
  return [{ path: at(path), message, severity: 'error' }];
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let v = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}
