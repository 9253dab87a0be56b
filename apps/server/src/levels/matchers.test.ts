import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../lib/errors.ts';
import { formatMatcher, matches, matchOne, parseMatcher, parseMatchers } from './matchers.ts';

describe('parseMatcher', () => {
  it.each([
    ['severity="critical"', 'severity', '=', 'critical'],
    ['severity!="info"', 'severity', '!=', 'info'],
    ['alertname=~"Checkout.*"', 'alertname', '=~', 'Checkout.*'],
    ['alertname!~"Test.*"', 'alertname', '!~', 'Test.*'],
    ['  service = "pay"  ', 'service', '=', 'pay'],
    ['severity=critical', 'severity', '=', 'critical'],
    ['path="/api/v1"', 'path', '=', '/api/v1'],
    ['instance=host-1.example.com:9100', 'instance', '=', 'host-1.example.com:9100'],
    ['_private="x"', '_private', '=', 'x'],
    ['team=""', 'team', '=', ''],
  ])('parses %s', (text, name, op, value) => {
    const m = parseMatcher(text);
    expect({ name: m.name, op: m.op, value: m.value }).toEqual({ name, op, value });
  });

  it('unescapes \\", \\\\ and \\n in quoted values', () => {
    expect(parseMatcher(String.raw`msg="say \"hi\" \\ now\n"`).value).toBe('say "hi" \\ now\n');
  });

  it('accepts a quoted label name', () => {
    expect(parseMatcher('"service.name"="pay"').name).toBe('service.name');
  });

  it.each([
    ['', 'expected exactly one matcher, found 0'],
    ['severity', 'expected an operator'],
    ['severity=="x"', 'expected a value'],
    ['severity="critical', 'no closing quote'],
    ['1abc="x"', 'expected a label name'],
    ['severity="a" extra', 'expected ","'],
    ['a="1", b="2"', 'expected exactly one matcher, found 2'],
    ['job=~"(unclosed"', 'invalid regex for "job"'],
    ['job!~"[z-a]"', 'invalid regex for "job"'],
    [String.raw`msg="\t"`, 'unknown escape'],
    ['severity=crit ical', 'expected ","'],
  ])('rejects %j with a clear VALIDATION error', (text, reason) => {
    let caught: unknown;
    try {
      parseMatcher(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('VALIDATION');
    expect((caught as AppError).message).toContain(reason);
    expect((caught as AppError).message).toContain(JSON.stringify(text));
  });
});

describe('parseMatchers', () => {
  it('parses a comma-separated list, optionally in braces', () => {
    const list = parseMatchers('{severity="critical", service=~"pay|checkout"}');
    expect(list.map(formatMatcher)).toEqual(['severity="critical"', 'service=~"pay|checkout"']);
    expect(parseMatchers('a=1,b!=2').map((m) => m.op)).toEqual(['=', '!=']);
  });

  it('keeps commas inside quoted values', () => {
    expect(parseMatchers('msg="a, b", x="y"').map((m) => m.value)).toEqual(['a, b', 'y']);
  });

  it('parses an empty list', () => {
    expect(parseMatchers('{}')).toEqual([]);
    expect(parseMatchers('  ')).toEqual([]);
  });

  it('accepts one trailing comma (Alertmanager docs) and rejects two, and a missing brace', () => {
    expect(parseMatchers('a="1",').map(formatMatcher)).toEqual(['a="1"']);
    expect(() => parseMatchers('a="1",,')).toThrow(/only one trailing comma/);
    expect(() => parseMatchers('{a="1"')).toThrow(/closing "}"/);
  });
});

describe('matching', () => {
  const labels = { alertname: 'CheckoutLatency', severity: 'critical', service: 'checkout-api' };

  it.each([
    ['severity="critical"', true],
    ['severity="warning"', false],
    ['severity!="warning"', true],
    ['severity!="critical"', false],
    ['alertname=~"Checkout.*"', true],
    ['alertname=~"Checkout"', false], // anchored: must match the whole value
    ['alertname=~"Latency"', false],
    ['alertname=~".*Latency"', true],
    ['alertname=~"checkout.*"', false],
    ['alertname=~"(?i)checkout.*"', true],
    ['alertname!~"Checkout.*"', false],
    ['alertname!~"Login.*"', true],
    ['service=~"checkout-api|pay"', true],
    ['service=~"pay|checkout"', false], // the alternation is anchored as a whole
    ['team=""', true], // a missing label is ""
    ['team!=""', false],
    ['team=~".*"', true],
    ['team=~".+"', false],
    ['severity!=""', true],
  ])('%s → %s', (text, expected) => {
    expect(matchOne(parseMatcher(text), labels)).toBe(expected);
  });

  it('matches() needs every matcher and accepts everything with none', () => {
    expect(matches(parseMatchers('severity="critical", service="checkout-api"'), labels)).toBe(true);
    expect(matches(parseMatchers('severity="critical", service="pay"'), labels)).toBe(false);
    expect(matches([], labels)).toBe(true);
  });

  it('does not read inherited properties as labels', () => {
    expect(matchOne(parseMatcher('constructor=""'), {})).toBe(true);
    expect(matchOne(parseMatcher('toString=~".+"'), {})).toBe(false);
  });
});

describe('formatMatcher', () => {
  it('round-trips any name, operator and value through parseMatcher', () => {
    const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
    const op = fc.constantFrom('=' as const, '!=' as const);
    fc.assert(
      fc.property(name, op, fc.string(), (n, o, v) => {
        const m = parseMatcher(formatMatcher({ name: n, op: o, value: v }));
        expect({ name: m.name, op: m.op, value: m.value }).toEqual({ name: n, op: o, value: v });
      }),
    );
  });

  it('an equality matcher built from a label always matches that label', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/), fc.string()), (labels) => {
        for (const [n, v] of Object.entries(labels)) {
          expect(matchOne(parseMatcher(formatMatcher({ name: n, op: '=', value: v })), labels)).toBe(true);
        }
      }),
    );
  });

  it('a regex of an escaped literal value matches exactly that value', () => {
    const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, other) => {
        const m = parseMatcher(formatMatcher({ name: 'x', op: '=~', value: escape(value) }));
        expect(matchOne(m, { x: value })).toBe(true);
        expect(matchOne(m, { x: other })).toBe(other === value);
      }),
    );
  });
});
