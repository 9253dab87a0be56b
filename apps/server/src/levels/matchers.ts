/**
 * Label matchers in Alertmanager syntax, used by alert-match level rules (DESIGN §4) and by silences,
 * maintenance scopes and inhibition rules (DESIGN §5, `suppression/`).
 *
 * Semantics follow Alertmanager (docs/configuration.md, "Label matchers"; `pkg/labels/matcher.go`):
 * - four operators: `=` (equal), `!=` (not equal), `=~` (regex matches), `!~` (regex does not match);
 * - regexes are fully anchored (Alertmanager compiles `^(?:re)$`): `service=~"pay"` matches `pay` only,
 *   not `payments` (write `pay.*`);
 * - a missing label has the value `""`, so `team=""` and `team!~".+"` match alerts without a `team` label
 *   and `team!=""` matches alerts that have one;
 * - regexes use RE2 syntax and run on `re2js`, a port of RE2 (linear time, so a silence's regex cannot stall
 *   convergence). What JavaScript's RegExp has and RE2 lacks is refused, naming the label: lookarounds
 *   (`(?=`, `(?!`, `(?<=`, `(?<!`) and backreferences (`\1`, `\k<name>`). What RE2 has and RegExp lacks
 *   works as in Alertmanager: `(?i)` and other flag groups anywhere, `[[:alpha:]]`, `\pL`, `\Q…\E`, `\z`.
 *
 * Text syntax (docs/configuration.md §matcher): `{a="b", c=~"d.*"}`, braces optional but paired, one trailing
 * comma allowed, whitespace anywhere outside quotes. Where Alertmanager's two parsers (UTF-8 and classic)
 * read an input differently, this parser refuses it instead of guessing:
 * - a quoted string knows the escapes `\"`, `\\` and `\n` only (the classic parser reads `\t` as a backslash
 *   and a `t`, the UTF-8 parser as a tab);
 * - an unquoted label name is a Prometheus name (`[A-Za-z_][A-Za-z0-9_]*`); any other name is quoted
 *   (`"service.name"="pay"`);
 * - an unquoted value is any run of characters except whitespace and `{ } ! = ~ , \ " ' \``
 *   (`severity=critical`, `job=~[a-z]+`).
 * Errors name the 1-based character position in the text.
 */
import { RE2JS } from 're2js';
import { AppError } from '../lib/index.ts';

/** A matcher operator, in Alertmanager spelling. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One parsed matcher. `re` is set for `=~` and `!~`: the compiled RE2 regex, matched against whole values. */
export interface Matcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
  readonly re?: RE2JS;
}

/** Options of the parsers. */
export interface ParseMatchersOptions {
  /** The field path errors carry (`silence.matchers`, `rules.3.alert.matchers.0`); `matchers` by default. */
  readonly path?: string;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*/;
// Alertmanager's unquoted literal: anything but whitespace and the reserved characters { } ! = ~ , \ " ' `.
const BARE_VALUE_RE = /^[^\s{}!=~,\\"'`]+/u;

/**
 * Parses one matcher, e.g. `severity="critical"` or `alertname=~"Checkout.*"`.
 *
 * @throws AppError VALIDATION naming what is wrong and where (missing operator, unterminated quote, invalid
 *   or unsupported regex), with one field error on `options.path`.
 */
export function parseMatcher(text: string, options: ParseMatchersOptions = {}): Matcher {
  const list = parseMatchers(text, options);
  if (list.length !== 1) {
    throw invalid(text, options, `expected exactly one matcher, found ${list.length}`);
  }
  return list[0]!;
}

/**
 * Parses a comma-separated list of matchers, optionally in braces: `{severity="critical", service="pay",}`.
 * An empty list (`{}` or blank) parses to `[]`.
 *
 * @throws AppError VALIDATION naming the first problem and its character position, with one field error on
 *   `options.path` (default `matchers`).
 */
export function parseMatchers(text: string, options: ParseMatchersOptions = {}): Matcher[] {
  const s = text;
  let pos = 0;
  const fail = (reason: string, at = pos): never => {
    throw invalid(text, options, `${reason} (at character ${at + 1})`);
  };
  const skipSpace = (): void => {
    while (pos < s.length && /\s/.test(s[pos]!)) pos++;
  };

  const out: Matcher[] = [];
  skipSpace();
  const braced = s[pos] === '{';
  if (braced) pos++;
  skipSpace();
  while (pos < s.length && s[pos] !== '}') {
    const start = pos;
    const name = readName();
    skipSpace();
    const op = readOp(name);
    skipSpace();
    const value = readValue(name);
    out.push(build(text, options, name, op, value, start));
    skipSpace();
    if (pos < s.length && s[pos] !== '}') {
      if (s[pos] !== ',') fail(`expected "," after the matcher on "${name}", found "${s[pos]}"`);
      pos++;
      skipSpace();
    }
  }
  if (s[pos] === '}') {
    if (!braced) fail('a closing "}" without an opening "{"');
    pos++;
    skipSpace();
    if (pos < s.length) fail(`unexpected "${s[pos]}" after the closing "}"`);
  } else if (braced) {
    fail('a "{" without its closing "}"');
  }
  return out;

  function readName(): string {
    if (s[pos] === '"') return readQuoted('label name');
    if (s[pos] === ',') fail('expected a label name, found "," (only one trailing comma is allowed)');
    const m = NAME_RE.exec(s.slice(pos));
    if (!m) {
      fail('expected a label name (letters, digits and "_", not starting with a digit; quote any other name)');
    }
    pos += m![0].length;
    return m![0];
  }

  function readOp(name: string): MatchOp {
    for (const op of ['=~', '!~', '!=', '='] as const) {
      if (s.startsWith(op, pos)) {
        pos += op.length;
        return op;
      }
    }
    return fail(`expected an operator (=, !=, =~ or !~) after "${name}"`);
  }

  function readValue(name: string): string {
    if (s[pos] === '"') return readQuoted(`value of "${name}"`);
    const m = BARE_VALUE_RE.exec(s.slice(pos));
    if (!m) return fail(`expected a value for "${name}" (quote it: ${name}="...")`);
    pos += m[0].length;
    return m[0];
  }

  function readQuoted(what: string): string {
    const open = pos;
    pos++; // opening quote
    let value = '';
    while (pos < s.length) {
      const c = s[pos]!;
      if (c === '"') {
        pos++;
        return value;
      }
      if (c === '\\') {
        const next = s[pos + 1];
        if (next === '"' || next === '\\') value += next;
        else if (next === 'n') value += '\n';
        else fail(`unknown escape "\\${next ?? ''}" in the ${what} (use \\", \\\\ or \\n)`);
        pos += 2;
        continue;
      }
      value += c;
      pos++;
    }
    return fail(`the ${what} has no closing quote`, open);
  }
}

/**
 * Builds a matcher from its parts, compiling the regex of `=~` and `!~` (the API's structured form:
 * Alertmanager's `{name, value, isRegex, isEqual}`).
 *
 * @param path the field path errors carry
 * @throws AppError VALIDATION when the name is empty or the regex is invalid or unsupported by RE2
 */
export function buildMatcher(name: string, op: MatchOp, value: string, path = 'matchers'): Matcher {
  const text = `${formatName(name)}${op}${quote(value)}`;
  if (name === '') throw invalid(text, { path }, 'the label name is empty');
  return build(text, { path }, name, op, value, 0);
}

function build(text: string, options: ParseMatchersOptions, name: string, op: MatchOp, value: string, at: number) {
  if (op === '=' || op === '!=') return { name, op, value };
  return {
    name,
    op,
    value,
    re: compileRegex(value, (reason) => invalid(text, options, `${reason} (at character ${at + 1})`), name),
  };
}

/**
 * Compiles an Alertmanager regex with RE2 semantics, for matching whole values (`^(?:re)$`).
 * @throws the error `fail` makes, with a reason naming the label and, for JavaScript-only syntax, why
 */
function compileRegex(source: string, fail: (reason: string) => AppError, name: string): RE2JS {
  try {
    // Compiled alone first, as Alertmanager validates a silence's pattern, so `a)|(b` cannot escape the anchors.
    RE2JS.compile(source);
    return RE2JS.compile(`^(?:${source})$`);
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw fail(`invalid regex for "${name}": ${unsupportedReason(source) ?? detail}`);
  }
}

/** A plain reason for syntax JavaScript has and RE2 (Alertmanager's engine) refuses, or null. */
function unsupportedReason(source: string): string | null {
  if (/\(\?<?[=!]/.test(source)) {
    return 'lookarounds ((?=…), (?!…), (?<=…), (?<!…)) are not supported by RE2, the regex engine of Alertmanager';
  }
  if (/\\(?:[1-9]|k<)/.test(source)) {
    return 'backreferences (\\1, \\k<name>) are not supported by RE2, the regex engine of Alertmanager';
  }
  return null;
}

function invalid(text: string, options: ParseMatchersOptions, reason: string): AppError {
  const message = `invalid matcher ${JSON.stringify(text)}: ${reason}`;
  return new AppError('VALIDATION', message, [{ path: options.path ?? 'matchers', message }]);
}

/** The value a label set gives a matcher: a missing label is `""` (inherited properties are not labels). */
function labelValue(labels: Readonly<Record<string, string>>, name: string): string {
  return Object.hasOwn(labels, name) ? labels[name]! : '';
}

/** True when the matcher accepts the labels (a missing label counts as `""`, as in Alertmanager). */
export function matchOne(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = labelValue(labels, m.name);
  switch (m.op) {
    case '=':
      return actual === m.value;
    case '!=':
      return actual !== m.value;
    case '=~':
      return m.re!.matches(actual);
    case '!~':
      return !m.re!.matches(actual);
  }
}

/** True when every matcher accepts the labels; an empty list matches everything. */
export function matches(matchers: ReadonlyArray<Matcher>, labels: Readonly<Record<string, string>>): boolean {
  for (const m of matchers) if (!matchOne(m, labels)) return false;
  return true;
}

/**
 * True when the matcher, by Alertmanager's rule for silences (`silence.go` `matchesEmpty`), "matches the empty
 * string": `=""`, or a `=~` regex that accepts `""`. Negative matchers never count, as in Alertmanager, so
 * `{team!="x"}` is an acceptable silence there and here.
 */
export function matchesEmpty(m: Matcher): boolean {
  if (m.op === '=') return m.value === '';
  if (m.op === '=~') return m.re!.matches('');
  return false;
}

/** The canonical text of a matcher: `name="value"` with the value quoted (round-trips through parseMatcher). */
export function formatMatcher(m: Matcher): string {
  return `${formatName(m.name)}${m.op}${quote(m.value)}`;
}

/** The canonical text of a list of matchers: `{a="b", c=~"d.*"}`. */
export function formatMatchers(list: ReadonlyArray<Matcher>): string {
  return `{${list.map(formatMatcher).join(', ')}}`;
}

function formatName(name: string): string {
  return NAME_RE.exec(name)?.[0] === name ? name : quote(name);
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
