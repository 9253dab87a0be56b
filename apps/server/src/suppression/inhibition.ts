/**
 * Inhibition rules (DESIGN §5 step 3) with Alertmanager's semantics (docs/configuration.md `<inhibit_rule>`):
 * a target alert (matching `target_matchers`) is muted while a firing source alert (matching
 * `source_matchers`) has the same value for every label in `equal`.
 *
 * Two rules of Alertmanager kept on purpose:
 * - "a missing label and a label with an empty value are the same thing": when every `equal` label is absent
 *   on both alerts, they are equal and the rule applies (the trap `lintInhibitionRule` warns about);
 * - "an alert that matches both the target and the source side of a rule cannot be inhibited by alerts for
 *   which the same is true (including itself)".
 */
import type { FieldError } from '@faultline/contracts';
import type { Matcher } from '../levels/index.ts';
import { matches, matchOne } from '../levels/index.ts';
import { compileMatcherInputs, type MatcherInput } from './matcher-input.ts';
import { FieldErrors, type Labels } from './types.ts';

/** An inhibition rule as config or the API gives it (Alertmanager's field names, so rules can be pasted). */
export interface InhibitionRuleDraft {
  readonly name?: string;
  readonly source_matchers: ReadonlyArray<MatcherInput>;
  readonly target_matchers: ReadonlyArray<MatcherInput>;
  readonly equal?: readonly string[];
}

/** A compiled rule. `name` is the given name, or `#<index>` of the rule in its list. */
export interface InhibitionRule {
  readonly name: string;
  readonly sourceMatchers: readonly Matcher[];
  readonly targetMatchers: readonly Matcher[];
  readonly equal: readonly string[];
}

/**
 * Compiles one rule.
 * @param index its position in the rule list (names an unnamed rule)
 * @param path the field path of the rule (`inhibitRules.3`)
 * @throws AppError VALIDATION with field paths (`<path>.source_matchers.0`, `<path>.equal.1`)
 */
export function compileInhibitionRule(draft: InhibitionRuleDraft, index: number, path: string): InhibitionRule {
  const errors = new FieldErrors();
  const sourceMatchers = compileMatcherInputs(draft.source_matchers ?? [], `${path}.source_matchers`, errors);
  const targetMatchers = compileMatcherInputs(draft.target_matchers ?? [], `${path}.target_matchers`, errors);
  const equal = draft.equal ?? [];
  equal.forEach((label, i) => {
    if (typeof label !== 'string' || label === '') errors.add(`${path}.equal.${i}`, 'must be a label name');
    else if (equal.indexOf(label) !== i) errors.add(`${path}.equal.${i}`, `"${label}" is listed twice`);
  });
  errors.throwIfAny('inhibition rule');
  return { name: draft.name?.trim() || `#${index}`, sourceMatchers, targetMatchers, equal: [...equal] };
}

/** One rule inhibiting an alert, with the firing sources that do it. */
export interface Inhibition<A> {
  readonly rule: string;
  readonly sources: readonly A[];
}

/** The value of a label for `equal`: missing counts as empty (Alertmanager). */
const valueOf = (labels: Labels, name: string): string => (Object.hasOwn(labels, name) ? labels[name]! : '');

/**
 * Which rules inhibit `target`, and through which of `firing` (the alerts firing now, which may include the
 * target itself). A rule applies when the target matches its target side and some firing alert matches its
 * source side with equal values for every `equal` label — excluding, when the target matches both sides,
 * sources that match both sides too (so no alert inhibits itself).
 * @returns one entry per inhibiting rule, in rule order, each with its sources in `firing` order; empty when
 *   the target is not inhibited
 */
export function inhibitionsOf<A extends { readonly labels: Labels }>(
  target: A,
  firing: readonly A[],
  rules: readonly InhibitionRule[],
): Array<Inhibition<A>> {
  const out: Array<Inhibition<A>> = [];
  for (const rule of rules) {
    if (!matches(rule.targetMatchers, target.labels)) continue;
    const twoSided = matches(rule.sourceMatchers, target.labels);
    const sources = firing.filter(
      (s) =>
        s !== target &&
        matches(rule.sourceMatchers, s.labels) &&
        !(twoSided && matches(rule.targetMatchers, s.labels)) &&
        rule.equal.every((l) => valueOf(s.labels, l) === valueOf(target.labels, l)),
    );
    if (sources.length > 0) out.push({ rule: rule.name, sources });
  }
  return out;
}

/** A config-lint finding: a rule that is valid but probably not what its author meant. */
export interface LintWarning extends FieldError {
  readonly severity: 'warning';
}

/**
 * Warns about inhibition rules that do more than they seem to:
 * - **the both-sides trap**: no `equal` label is required to have a value (no matcher on either side refuses
 *   `""` for it), so two alerts that both lack every `equal` label count as equal and the rule mutes targets
 *   across every service, team and cluster;
 * - no `equal` labels at all: any firing source mutes every target;
 * - an empty side: every alert is a source, or every alert a target;
 * - sides that may overlap: an alert matching both sides cannot be inhibited by other such alerts, a special
 *   case Alertmanager's docs advise avoiding (overlap is judged on `=` values and literal alternations only;
 *   other regexes are assumed to overlap).
 * @param path the rule's field path, prefixed to each warning
 */
export function lintInhibitionRule(rule: InhibitionRule, path: string): LintWarning[] {
  const out: LintWarning[] = [];
  const warn = (p: string, message: string): void => void out.push({ path: p, message, severity: 'warning' });
  if (rule.equal.length === 0) {
    warn(`${path}.equal`, `rule ${rule.name} has no equal labels: any firing source mutes every target`);
  } else {
    const required = rule.equal.filter((l) =>
      [...rule.sourceMatchers, ...rule.targetMatchers].some((m) => m.name === l && !matchOne(m, {})),
    );
    if (required.length === 0) {
      const example = rule.equal[0]!;
      warn(
        `${path}.equal`,
        `rule ${rule.name}: alerts that lack ${rule.equal.join(', ')} on both sides count as equal (a missing label ` +
          `is ""), so the rule then mutes targets everywhere; require a value, e.g. ${example}!="" in source_matchers`,
      );
    }
  }
  if (rule.sourceMatchers.length === 0)
    warn(`${path}.source_matchers`, `rule ${rule.name}: every firing alert is a source`);
  if (rule.targetMatchers.length === 0) warn(`${path}.target_matchers`, `rule ${rule.name}: every alert is a target`);
  if (mayOverlap(rule.sourceMatchers, rule.targetMatchers)) {
    warn(
      path,
      `rule ${rule.name}: an alert may match both source_matchers and target_matchers; such alerts cannot inhibit ` +
        'each other — choose matchers no alert satisfies on both sides',
    );
  }
  return out;
}

/** The finite set of values a matcher allows, when it says so plainly (`=` or a literal alternation). */
function finiteValues(m: Matcher): string[] | null {
  if (m.op === '=') return [m.value];
  if (m.op === '=~' && /^[\w\- .:/|]*$/.test(m.value)) return m.value.split('|');
  return null;
}

/** False only when some label's matchers on the two sides provably admit no common value. */
function mayOverlap(source: readonly Matcher[], target: readonly Matcher[]): boolean {
  const all = [...source, ...target];
  for (const name of new Set(all.map((m) => m.name))) {
    const onName = all.filter((m) => m.name === name);
    const finite = onName.map(finiteValues).find((v) => v !== null);
    if (!finite) continue;
    if (!finite.some((v) => onName.every((m) => matchOne(m, { [name]: v })))) return false;
  }
  return true;
}
