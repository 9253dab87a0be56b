/**
 * Matchers against Alertmanager's documented behaviour: the examples of its configuration reference
 * (docs/configuration.md, "Label matchers" and "<inhibit_rule>"), Grafana's label-matching page (which
 * documents the same operators), and RE2 regex semantics where they differ from JavaScript's RegExp.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../lib/errors.ts';
import {
  buildMatcher,
  formatMatcher,
  formatMatchers,
  matches,
  matchesEmpty,
  matchOne,
  parseMatcher,
  parseMatchers,
  type MatchOp,
} from './matchers.ts';

function caught(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('the composition example of the Alertmanager docs', () => {
  const expr = '{alertname="Watchdog", severity=~"warning|critical"}';

  it('matches alertname=Watchdog, severity=critical but not severity=none', () => {
    const list = parseMatchers(expr);
    expect(matches(list, { alertname: 'Watchdog', severity: 'critical' })).toBe(true);
    expect(matches(list, { alertname: 'Watchdog', severity: 'none' })).toBe(false);
  });

  it.each([
    ['with a single trailing comma', '{alertname="Watchdog", severity=~"warning|critical",}'],
    ['without braces', 'alertname="Watchdog", severity=~"warning|critical"'],
    ['over several lines', '{\n   alertname = "Watchdog",\n   severity =~ "warning|critical",\n}'],
    ['without any space', '{alertname="Watchdog",severity=~"warning|critical"}'],
  ])('parses the same %s', (_what, text) => {
    expect(parseMatchers(text).map(formatMatcher)).toEqual(parseMatchers(expr).map(formatMatcher));
  });

  it.each([
    ['an open brace without its close', '{alertname="Watchdog", severity=~"warning|critical"', 'without its closing'],
    ['a close brace without its open', 'alertname="Watchdog", severity=~"warning|critical"}', 'without an opening'],
    ['duplicate braces', '{{alertname="Watchdog", severity=~"warning|critical",}}', 'expected a label name'],
  ])('refuses %s', (_what, text, reason) => {
    const err = caught(() => parseMatchers(text));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain(reason);
  });
});

describe('the "More examples" of the Alertmanager docs', () => {
  it('reads YAML-list entries written with spaces around the operator and unquoted values', () => {
    expect(formatMatcher(parseMatcher('foo = bar'))).toBe('foo="bar"');
    expect(formatMatcher(parseMatcher('dings != bums'))).toBe('dings!="bums"');
    expect(formatMatcher(parseMatcher('env !~ preprod'))).toBe('env!~"preprod"');
  });

  it('keeps a comma inside a quoted value', () => {
    expect(parseMatcher('foo = "bar,baz"').value).toBe('bar,baz');
  });

  it('reads both matchers of a PromQL-like string', () => {
    expect(parseMatchers('{foo="bar", dings!="bums"}').map(formatMatcher)).toEqual(['foo="bar"', 'dings!="bums"']);
  });

  it('reads the escaped quotes of the block-style example and matches what it says', () => {
    const m = parseMatcher(String.raw`{quote=~"She said: \"Hi, all!( How're you…)?\""}`);
    expect(m.value).toBe(`She said: "Hi, all!( How're you…)?"`);
    expect(matchOne(m, { quote: `She said: "Hi, all! How're you…"` })).toBe(true);
    expect(matchOne(m, { quote: `She said: "Hi, all!"` })).toBe(true);
    expect(matchOne(m, { quote: `He said: "Hi, all!"` })).toBe(false);
  });

  it('reads an unquoted regex, as the UTF-8 parser does (foo=~[a-z]+)', () => {
    expect(matchOne(parseMatcher('foo=~[a-z]+'), { foo: 'bar' })).toBe(true);
    expect(matchOne(parseMatcher('foo!~[a-z]+'), { foo: 'bar' })).toBe(false);
    expect(parseMatcher('foo=🙂bar').value).toBe('🙂bar');
  });
});

describe('the label-matching example (labels { foo=bar, baz=qux, id=12 })', () => {
  const labels = { foo: 'bar', baz: 'qux', id: '12' };
  it.each([
    ['foo=bar', true],
    ['foo!=bar', false],
    ['id=~[0-9]+', true],
    ['baz!~[0-9]+', true],
    ['id=~[0-9]', false], // anchored: one digit is not "12"
  ])('%s → %s', (text, expected) => {
    expect(matchOne(parseMatcher(text), labels)).toBe(expected);
  });
});

describe('a missing label is the empty string', () => {
  it.each([
    ['team=""', true],
    ['team!=""', false],
    ['team=~""', true],
    ['team=~".*"', true],
    ['team=~".+"', false],
    ['team!~".+"', true],
    ['team!~""', false],
    ['team!="x"', true],
    ['team="x"', false],
  ])('%s on an alert without team → %s', (text, expected) => {
    expect(matchOne(parseMatcher(text), { alertname: 'X' })).toBe(expected);
    // …and the same as on an alert whose team is present but empty
    expect(matchOne(parseMatcher(text), { alertname: 'X', team: '' })).toBe(expected);
  });

  it('holds for any matcher and label set (property)', () => {
    const name = fc.stringMatching(/^[a-z]{1,4}$/);
    const op = fc.constantFrom<MatchOp>('=', '!=', '=~', '!~');
    const value = fc.constantFrom('', 'a', 'a.*', '.+', '.*', 'b|', '[a-c]*');
    fc.assert(
      fc.property(name, op, value, fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), fc.string()), (n, o, v, labels) => {
        const m = buildMatcher(n, o, v);
        const without = { ...labels };
        delete without[n];
        expect(matchOne(m, without)).toBe(matchOne(m, { ...without, [n]: '' }));
      }),
    );
  });
});

describe('RE2 semantics, not JavaScript RegExp', () => {
  it.each([
    ['(?i) anywhere, as a Go flag group', 'x=~"Check(?i)OUT"', 'Checkout', true],
    ['a scoped flag group', 'x=~"(?i:ab)c"', 'ABc', true],
    ['a scoped flag group ends with its group', 'x=~"(?i:ab)c"', 'ABC', false],
    ['POSIX classes', 'x=~"[[:alpha:]]+[[:digit:]]"', 'abc1', true],
    ['one-letter Unicode classes', String.raw`x=~"\\pL+"`, 'Προμηθεύς', true],
    ['quoted literals', String.raw`x=~"\\Qa.b\\E"`, 'axb', false],
    ['quoted literals (the literal itself)', String.raw`x=~"\\Qa.b\\E"`, 'a.b', true],
    ['. matches a carriage return (JavaScript: no)', 'x=~"a.b"', 'a\rb', true],
    ['. does not match a line feed', 'x=~"a.b"', 'a\nb', false],
    ['(?s) lets . match a line feed', 'x=~"(?s)a.b"', 'a\nb', true],
    ['\\s is ASCII only (JavaScript: also a no-break space)', String.raw`x=~"a\\sb"`, 'a\u00a0b', false],
    ['. matches one code point, not half of one', 'x=~"."', '🙂', true],
    ['an unmatched { is a literal', 'x=~"a{"', 'a{', true],
    ['the anchors wrap the whole alternation', 'x=~"pay|checkout"', 'payments', false],
  ])('%s', (_what, text, value, expected) => {
    expect(matchOne(parseMatcher(text), { x: value })).toBe(expected);
  });

  it('runs in linear time: a pattern that backtracks exponentially in JavaScript answers at once', () => {
    const m = parseMatcher('x=~"(a+)+b"');
    expect(matchOne(m, { x: 'a'.repeat(5_000) })).toBe(false);
    expect(matchOne(m, { x: `${'a'.repeat(5_000)}b` })).toBe(true);
  });

  it.each([
    ['a lookahead', 'job=~"api(?=-v2)"', 'lookarounds'],
    ['a negative lookahead', 'job=~"api(?!-v1).*"', 'lookarounds'],
    ['a lookbehind', 'job=~"(?<=x)api"', 'lookarounds'],
    ['a negative lookbehind', 'job=~"(?<!x)api"', 'lookarounds'],
    ['a backreference', String.raw`job=~"(a)\\1"`, 'backreferences'],
    ['a named backreference', String.raw`job=~"(?P<x>a)\\k<x>"`, 'backreferences'],
    ['an unbalanced group', 'job=~"(unclosed"', 'missing closing )'],
    ['a reversed class range', 'job!~"[z-a]"', 'invalid character class range'],
    ["a repeat count above RE2's limit", 'job=~"a{1001}"', 'invalid repeat count'],
  ])('refuses %s, naming the label and the field', (_what, text, reason) => {
    const err = caught(() => parseMatchers(text, { path: 'silence.matchers' }));
    expect(err.code).toBe('VALIDATION');
    expect(err.message).toContain('invalid regex for "job"');
    expect(err.message).toContain(reason);
    expect(err.fields).toEqual([{ path: 'silence.matchers', message: err.message }]);
  });

  it('refuses a pattern that only compiles inside the anchors (a)|(b), as Alertmanager silences do', () => {
    expect(caught(() => parseMatcher('x=~"a)|(b"')).message).toContain('invalid regex for "x"');
  });
});

describe('errors name the position', () => {
  it.each([
    ['foo=bar}', 8],
    ['{foo=bar', 9],
    ['foo=:"bar"', 6], // ":" is a value; the quote after it is not a comma
    ['a="1",,', 7],
    ['a="1" b="2"', 7],
    ['a="unterminated', 3],
    ['a="x", 1b="y"', 8],
    ['a=~"(x" , b="y"', 1],
  ])('%j → at character %d', (text, at) => {
    expect(caught(() => parseMatchers(text)).message).toContain(`(at character ${at})`);
  });

  it('never throws anything but a VALIDATION error with a position, whatever the input (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', '=', '!', '~', '"', '\\', ',', '{', '}', ' ', '(', '[') }),
        (text) => {
          try {
            parseMatchers(text);
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            expect((err as AppError).code).toBe('VALIDATION');
            expect((err as AppError).message).toMatch(/\(at character \d+\)$/);
          }
        },
      ),
    );
  });
});

describe('negation and round trips (properties)', () => {
  const name = fc.stringMatching(/^[a-z_][a-z0-9_.-]{0,6}$/);
  const literal = fc.string({ maxLength: 8 });

  it('!= is the negation of = and !~ of =~ on any labels', () => {
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    fc.assert(
      fc.property(name, literal, fc.dictionary(name, literal), (n, v, labels) => {
        expect(matchOne(buildMatcher(n, '!=', v), labels)).toBe(!matchOne(buildMatcher(n, '=', v), labels));
        const re = `${escape(v)}.*`;
        expect(matchOne(buildMatcher(n, '!~', re), labels)).toBe(!matchOne(buildMatcher(n, '=~', re), labels));
      }),
    );
  });

  it('a list round-trips through formatMatchers and parseMatchers, names quoted where needed', () => {
    const op = fc.constantFrom<MatchOp>('=', '!=', '=~', '!~');
    const value = fc.constantFrom('', 'x', 'a|b', '.*', '[[:alpha:]]+', 'say "hi"', 'c:\\dir', 'l1\nl2');
    fc.assert(
      fc.property(fc.array(fc.tuple(name, op, value), { maxLength: 4 }), (parts) => {
        const list = parts.map(([n, o, v]) => buildMatcher(n, o, v));
        const again = parseMatchers(formatMatchers(list));
        expect(again.map((m) => [m.name, m.op, m.value])).toEqual(parts);
      }),
    );
  });
});

describe('matchesEmpty (Alertmanager silence rule)', () => {
  it.each([
    ['a=""', true],
    ['a="x"', false],
    ['a=~".*"', true],
    ['a=~"x|"', true],
    ['a=~".+"', false],
    ['a!=""', false],
    ['a!="x"', false], // negative matchers never count, as in Alertmanager
    ['a!~".+"', false],
  ])('%s → %s', (text, expected) => {
    expect(matchesEmpty(parseMatcher(text))).toBe(expected);
  });
});

describe('buildMatcher (the structured API form)', () => {
  it('builds each operator and refuses an empty name on the given path', () => {
    expect(formatMatcher(buildMatcher('service.name', '=~', 'pay.*'))).toBe('"service.name"=~"pay.*"');
    const err = caught(() => buildMatcher('', '=', 'x', 'matchers.2'));
    expect(err.fields?.[0]?.path).toBe('matchers.2');
    expect(err.message).toContain('the label name is empty');
  });
});
