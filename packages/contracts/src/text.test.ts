import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REPLACEMENT_CHARACTER, findUnstorableText, isStorableText, toStorableText, unstorableReason } from './text.ts';

/** Strings of any UTF-16 code units: NUL, lone surrogates and valid pairs all occur. */
const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
/** Text of whole code points (no lone surrogates), NUL excluded. */
const storable = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\0'));

describe('isStorableText / toStorableText', () => {
  it.each([
    ['plain', 'disk full', true],
    ['emoji (a valid pair)', 'disk \u{1F525} full', true],
    ['U+FFFE / U+FFFF (non-characters, but storable)', '\uFFFE\uFFFF', true],
    ['NUL', 'a\u0000b', false],
    ['lone high surrogate', 'a\ud800b', false],
    ['lone low surrogate', 'a\udfffb', false],
    ['reversed pair', '\udc00\ud800', false],
    ['high surrogate at the end', 'abc\udbff', false],
  ])('%s', (_name, s, ok) => {
    expect(isStorableText(s)).toBe(ok);
    expect(unstorableReason(s) === null).toBe(ok);
  });

  it('replaces NUL and each unpaired surrogate by U+FFFD, and nothing else', () => {
    expect(toStorableText('a\u0000b\ud800c\udfffd\u{1F525}')).toBe('a\uFFFDb\uFFFDc\uFFFDd\u{1F525}');
    expect(toStorableText('\udc00\ud800')).toBe('\uFFFD\uFFFD');
    expect(toStorableText('\ud800\udc00')).toBe('\u{10000}');
  });

  it('always yields storable text of the same length, equal to the input where the input was storable', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const out = toStorableText(s);
        expect(isStorableText(out)).toBe(true);
        expect(out.length).toBe(s.length);
        for (let i = 0; i < s.length; i++) {
          if (out[i] !== s[i]) expect(out[i]).toBe(REPLACEMENT_CHARACTER);
        }
      }),
    );
  });

  it('leaves storable text unchanged', () => {
    fc.assert(
      fc.property(storable, (s) => {
        expect(toStorableText(s)).toBe(s);
      }),
    );
  });

  it('survives a JSON round trip as jsonb does: the output never carries a \\u0000 or lone-surrogate escape', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        expect(JSON.stringify(toStorableText(s))).not.toMatch(/\\u0000|\\ud[89a-f][0-9a-f]{2}/i);
      }),
    );
  });
});

describe('unstorableReason', () => {
  it('names the first character at fault and where it is', () => {
    expect(unstorableReason('ab\u0000')).toMatch(/NUL \(U\+0000\) at character 2/);
    expect(unstorableReason('ab\ud800\u0000')).toMatch(/unpaired surrogate \(U\+D800\) at character 2/);
    expect(unstorableReason('\u{1F525}\udfff')).toMatch(/U\+DFFF\) at character 2/);
  });
});

describe('findUnstorableText', () => {
  it('reports every bad string and key of a body with its dotted path, in document order', () => {
    const body = {
      name: 'ok',
      note: 'bad\u0000',
      rules: [{ reason: 'fine' }, { reason: 'x\ud800' }],
      ['label\u0000']: 'v',
      nested: { deep: [['\udfff']] },
    };
    expect(findUnstorableText(body).map((f) => f.path)).toEqual([
      'note',
      'rules.1.reason',
      'label\uFFFD',
      'nested.deep.0.0',
    ]);
    expect(findUnstorableText(body)[2]!.message).toMatch(/^name contains NUL/);
  });

  it('prefixes query and path parameters, and names a bare string `body`', () => {
    expect(findUnstorableText({ q: '\u0000' }, 'querystring')).toEqual([
      { path: 'querystring.q', message: expect.stringContaining('NUL') },
    ]);
    expect(findUnstorableText('\u0000')[0]!.path).toBe('body');
  });

  it('finds nothing in storable values, numbers, booleans and null', () => {
    expect(findUnstorableText({ a: 1, b: true, c: null, d: ['x', { e: '\u{1F525}' }] })).toEqual([]);
    expect(findUnstorableText(undefined)).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(
      findUnstorableText(
        Array.from({ length: 100 }, () => '\u0000'),
        '',
        5,
      ),
    ).toHaveLength(5);
  });

  it('walks a body nested far deeper than the call stack would allow', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    const [found] = findUnstorableText(deep, '', 1);
    expect(found!.path.split('.')).toHaveLength(200_000);
  });
});
