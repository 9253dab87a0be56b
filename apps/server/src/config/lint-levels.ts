/**
 * Lint of the `levels` section (DESIGN §4): sequences, rule references, matchers, and the seed-001 principle
 * that a business grade must never be lower than the generic grade.
 */
import type { FaultlineConfig, LevelRuleConfig } from './schema.ts';
import type { ConfigProblem } from './load.ts';
import { buildCatalog, type ServiceEntry } from '../catalog/catalog.ts';
import { formatMatcher, parseMatchers } from '../levels/matchers.ts';
import { effectiveLevel, scopeMatches, shiftsWithTier } from '../levels/rules.ts';
import { TEMPLATE_ID_PREFIX, TEMPLATE_SEQUENCE } from '../levels/template.ts';

/** A rule whose references all resolve, with its matchers in canonical text (alert rules). */
interface Checked {
  index: number;
  rule: LevelRuleConfig;
  matchers: Set<string> | null;
}

/**
 * Lints sequences and level rules.
 *
 * Errors: duplicate sequence or rule ids, a rule id in the reserved `template.` namespace, an unknown
 * sequence, a level past the sequence's last level, a scope naming an unknown business line, module or
 * service, an invalid matcher or regex, a matcher list that parses to nothing.
 * Warnings: templates on without a `P` sequence, a scope that matches no service in the catalog, a business
 * rule less strict than a generic rule (see `lessStrict`).
 */
export function lintLevels(config: FaultlineConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void problems.push({ path, message, severity: 'warning' });
  const catalog = buildCatalog(config);
  const { sequences, rules } = config.levels;

  const counts = new Map<string, number>();
  sequences.forEach((seq, i) => {
    if (counts.has(seq.id)) error(`levels.sequences.${i}.id`, `duplicate sequence id "${seq.id}"`);
    else counts.set(seq.id, seq.levels);
  });
  if (config.levels.templates && !counts.has(TEMPLATE_SEQUENCE)) {
    warn(
      'levels.templates',
      `templates grade the ${TEMPLATE_SEQUENCE} sequence, which is not defined: no template rule is generated`,
    );
  }

  const lines = new Set(config.catalog.businessLines.map((l) => l.id));
  const ruleIds = new Map<string, number>();
  const checked: Checked[] = [];
  rules.forEach((rule, i) => {
    const rp = `levels.rules.${i}`;
    let ok = true;
    const fail = (path: string, message: string): void => {
      ok = false;
      error(path, message);
    };
    if (ruleIds.has(rule.id))
      fail(`${rp}.id`, `duplicate rule id "${rule.id}" (first defined at levels.rules.${ruleIds.get(rule.id)})`);
    else ruleIds.set(rule.id, i);
    if (rule.id.startsWith(TEMPLATE_ID_PREFIX)) {
      fail(`${rp}.id`, `rule ids starting with "${TEMPLATE_ID_PREFIX}" are reserved for generated template rules`);
    }
    const count = counts.get(rule.sequence);
    if (count === undefined) {
      fail(`${rp}.sequence`, `unknown sequence "${rule.sequence}" (defined: ${[...counts.keys()].join(', ')})`);
    } else if (rule.level > count) {
      fail(`${rp}.level`, `sequence ${rule.sequence} has ${count} levels; level ${rule.level} does not exist`);
    }

    const { businessLine, module, service } = rule.scope;
    let scopeOk = true;
    if (businessLine !== undefined && !lines.has(businessLine)) {
      scopeOk = false;
      fail(`${rp}.scope.businessLine`, `unknown business line "${businessLine}"`);
    }
    if (module !== undefined && !catalog.module(module)) {
      scopeOk = false;
      fail(`${rp}.scope.module`, `unknown module "${module}"`);
    }
    if (service !== undefined && !catalog.service(service)) {
      scopeOk = false;
      fail(`${rp}.scope.service`, `unknown service "${service}"`);
    }
    const pinned = Object.values(rule.scope).some((v) => v !== undefined);
    if (scopeOk && pinned && !catalog.services().some((s) => scopeMatches(rule.scope, s))) {
      warn(`${rp}.scope`, `rule "${rule.id}" applies to no service in the catalog, so it never grades anything`);
    }

    let matchers: Set<string> | null = null;
    if (rule.alert) {
      matchers = new Set();
      for (const [j, text] of rule.alert.matchers.entries()) {
        try {
          for (const m of parseMatchers(text)) matchers.add(formatMatcher(m));
        } catch (err) {
          fail(`${rp}.alert.matchers.${j}`, err instanceof Error ? err.message : String(err));
        }
      }
      if (ok && matchers.size === 0) {
        fail(`${rp}.alert.matchers`, 'no matchers: the rule would match every alert; add at least one label matcher');
      }
    }
    if (ok) checked.push({ index: i, rule, matchers });
  });

  for (const b of checked) {
    if (b.rule.kind !== 'business') continue;
    for (const g of checked) {
      if (g.rule.kind !== 'generic') continue;
      const where = lessStrict(b, g, counts.get(b.rule.sequence)!, catalog.services());
      if (where !== null) {
        warn(
          `levels.rules.${b.index}`,
          `business rule "${b.rule.id}" (${b.rule.sequence}${b.rule.level}) is less strict than generic rule ` +
            `"${g.rule.id}" (${g.rule.sequence}${g.rule.level}) for the same condition${where}; the generic level ` +
            'wins there, and a business grade must never be lower than the generic grade',
        );
      }
    }
  }
  return problems;
}

/**
 * Whether business rule `b` is less strict than generic rule `g`: same sequence, every incident `b` matches
 * is matched by `g` too (alert rules: `b`'s matchers include all of `g`'s; KPI-drop rules: `b` needs at
 * least `g`'s drop over at least `g`'s window), and on some service both apply to, `b` grades less severely
 * after the tier shift (or only to a risk where `g` gives a level).
 *
 * @returns `""` or ` on service "x"` when less strict, null otherwise
 */
function lessStrict(b: Checked, g: Checked, count: number, services: readonly ServiceEntry[]): string | null {
  if (b.rule.sequence !== g.rule.sequence) return null;
  if (b.matchers && g.matchers) {
    for (const m of g.matchers) if (!b.matchers.has(m)) return null;
  } else if (b.rule.kpiDrop && g.rule.kpiDrop) {
    if (b.rule.kpiDrop.percent < g.rule.kpiDrop.percent || b.rule.kpiDrop.windowMinutes < g.rule.kpiDrop.windowMinutes)
      return null;
  } else return null;

  const bc = { level: b.rule.level, tierShift: shiftsWithTier(b.rule.scope) };
  const gc = { level: g.rule.level, tierShift: shiftsWithTier(g.rule.scope) };
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
