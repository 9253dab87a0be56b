/**
 * Matchers as silences, maintenance scopes and inhibition rules receive them: text in Alertmanager syntax
 * (`severity="critical"`, or several in one string: `{a="b", c=~"d.*"}`), or Alertmanager API v2's
 * structured form `{ name, value, isRegex, isEqual }`, so silences exported from Alertmanager import as they are.
 */
import { buildMatcher, parseMatchers, type Matcher } from '../levels/index.ts';
import type { FieldErrors } from './types.ts';

/** Alertmanager API v2's matcher (`api/v2/openapi.yaml` `matcher`): `isEqual` defaults to true. */
export interface StructuredMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual?: boolean;
}

/** One entry of a matcher list: Alertmanager text (one or more matchers) or the structured form. */
export type MatcherInput = string | StructuredMatcher;

/**
 * Compiles a list of matcher inputs, recording each problem on `<path>.<index>` in `errors`.
 * @returns the matchers that compiled, in order (a text entry may give several)
 */
export function compileMatcherInputs(
  inputs: ReadonlyArray<MatcherInput>,
  path: string,
  errors: FieldErrors,
): Matcher[] {
  const out: Matcher[] = [];
  inputs.forEach((input, i) => {
    const at = `${path}.${i}`;
    const list = errors.capture(at, () => {
      if (typeof input === 'string') return parseMatchers(input, { path: at });
      const op = input.isRegex ? (input.isEqual === false ? '!~' : '=~') : input.isEqual === false ? '!=' : '=';
      return [buildMatcher(input.name, op, input.value, at)];
    });
    if (list) out.push(...list);
  });
  return out;
}
