/**
 * Label matchers in Alertmanager syntax, used by alert-match level rules (DESIGN §4) and, later, by
 * silences and inhibition (DESIGN §5).
 *
 * Semantics follow Alertmanager:
 * - four operators: `=` (equal), `!=` (not equal), `=~` (regex matches), `!~` (regex does not match);
 * - regexes are fully anchored: `service=~"pay"` matches `pay` only, not `payments` (write `pay.*`);
 * - a missing label has the value `""`, so `team=""` matches alerts without a `team` label and
 *   `team!=""` matches alerts that have one;
 * - values are double-quoted with `\"`, `\\` and `\n` escapes; a value made only of letters, digits and
 *   `_ . : / -` may be written unquoted (`severity=critical`);
 * - a leading `(?i)` in a regex makes it case-insensitive (the Go/RE2 flag Alertmanager users write).
 *
 * Regexes run on the JavaScript engine, not Go's RE2; the common syntax (classes, groups, alternation,
 * quantifiers) is the same.
 */
import { AppError } from '../lib/errors.ts';

/** A matcher operator, in Alertmanager spelling. */
export type MatchOp = '=' | '!=' | '=~' | '!~';

/** One parsed matcher. `re` is set for `=~` and `!~`: the anchored, compiled regex. */
export interface Matcher {
  readonly name: string;
  readonly op: MatchOp;
  readonly value: string;
  readonly re?: RegExp;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*/;
const BARE_VALUE_RE = /^[A-Za-z0-9_.:/-]+/;

/**
 * Parses one matcher, e.g. `severity="critical"` or `alertname=~"Checkout.*"`.
 *
 * @throws AppError VALIDATION naming what is wrong (missing operator, unterminated quote, invalid regex).
 */
export function parseMatcher(text: string): Matcher {
  const list = parseMatchers(text);
  if (list.length !== 1) {
    throw invalid(text, `expected exactly one matcher, found ${list.length}`);
  }
  return list[0]!;
}

/**
 * Parses a comma-separated list of matchers, optionally in braces: `{severity="critical", service="pay"}`.
 * An empty list (`{}` or blank) parses to `[]`.
 *
 * @throws AppError VALIDATION naming the first problem.
 */
export function parseMatchers(text: string): Matcher[] {
  let s = text.trim();
  if (s.startsWith('{')) {
    if (!s.endsWith('}')) throw invalid(text, 'a "{" without its closing "}"');
    s = s.slice(1, -1).trim();
  }
  const out: Matcher[] = [];
  let pos = 0;
  const skipSpace = (): void => {
    while (pos < s.length && /\s/.test(s[pos]!)) pos++;
  };
  skipSpace();
  while (pos < s.length) {
    const name = readName();
    skipSpace();
    const op = readOp(name);
    skipSpace();
    const value = readValue(name);
    out.push(build(text, name, op, value));
    skipSpace();
    if (pos < s.length) {
      if (s[pos] !== ',') throw invalid(text, `expected "," after the matcher on "${name}", found "${s[pos]}"`);
      pos++;
      skipSpace();
      if (pos >= s.length) throw invalid(text, 'a trailing ","');
    }
  }
  return out;

  function readName(): string {
    if (s[pos] === '"') return readQuoted('label name');
    const m = NAME_RE.exec(s.slice(pos));
    if (!m) {
      throw invalid(text, 'expected a label name (letters, digits and "_", not starting with a digit)');
    }
    pos += m[0].length;
    return m[0];
  }

  function readOp(name: string): MatchOp {
    for (const op of ['=~', '!~', '!=', '='] as const) {
      if (s.startsWith(op, pos)) {
        pos += op.length;
        return op;
      }
    }
    throw invalid(text, `expected an operator (=, !=, =~ or !~) after "${name}"`);
  }

  function readValue(name: string): string {
    if (s[pos] === '"') return readQuoted(`value of "${name}"`);
    const m = BARE_VALUE_RE.exec(s.slice(pos));
    if (!m) throw invalid(text, `expected a value for "${name}" (quote it: ${name}="...")`);
    pos += m[0].length;
    return m[0];
  }

  function readQuoted(what: string): string {
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
        else throw invalid(text, `unknown escape "\\${next ?? ''}" in the ${what} (use \\", \\\\ or \\n)`);
        pos += 2;
        continue;
      }
      value += c;
      pos++;
    }
    throw invalid(text, `the ${what} has no closing quote`);
  }
}

function build(text: string, name: string, op: MatchOp, value: string): Matcher {
  if (op === '=' || op === '!=') return { name, op, value };
  let source = value;
  let flags = '';
  if (source.startsWith('(?i)')) {
    source = source.slice(4);
    flags = 'i';
  }
  try {
    return { name, op, value, re: new RegExp(`^(?:${source})$`, flags) };
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err);
    throw invalid(text, `invalid regex for "${name}": ${reason}`);
  }
}

function invalid(text: string, reason: string): AppError {
  return new AppError('VALIDATION', `invalid matcher ${JSON.stringify(text)}: ${reason}`);
}

/** True when the matcher accepts the labels (a missing label counts as `""`, as in Alertmanager). */
export function matchOne(m: Matcher, labels: Readonly<Record<string, string>>): boolean {
  const actual = Object.hasOwn(labels, m.name) ? labels[m.name]! : '';
  switch (m.op) {
    case '=':
      return actual === m.value;
    case '!=':
      return actual !== m.value;
    case '=~':
      return m.re!.test(actual);
    case '!~':
      return !m.re!.test(actual);
  }
}

/** True when every matcher accepts the labels; an empty list matches everything. */
export function matches(matchers: ReadonlyArray<Matcher>, labels: Readonly<Record<string, string>>): boolean {
  for (const m of matchers) if (!matchOne(m, labels)) return false;
  return true;
}

/** The canonical text of a matcher: `name="value"` with the value JSON-quoted (round-trips through parseMatcher). */
export function formatMatcher(m: Matcher): string {
  const name = NAME_RE.exec(m.name)?.[0] === m.name ? m.name : quote(m.name);
  return `${name}${m.op}${quote(m.value)}`;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}
