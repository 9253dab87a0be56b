import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStorableText } from '@faultline/contracts';
import { storableSignal, type Signal } from './signal.ts';

const anyText = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });

const signal = (over: Partial<Signal>): Signal => ({
  action: 'trigger',
  dedupKey: 'k',
  summary: 's',
  severity: null,
  labels: {},
  annotations: {},
  startsAt: '2026-11-21T14:00:00.000Z',
  endsAt: null,
  source: 'generic',
  ...over,
});

describe('storableSignal', () => {
  it('replaces NUL and unpaired surrogates in every text field, names included', () => {
    const out = storableSignal(
      signal({
        dedupKey: 'a\u0000',
        summary: 'disk \ud800 full',
        severity: 'crit\udfff',
        labels: { instance: 'db-\u0000' },
        annotations: { 'note\u0000': 'x\ud800y' },
      }),
    );
    expect(out).toEqual(
      signal({
        dedupKey: 'a\uFFFD',
        summary: 'disk \uFFFD full',
        severity: 'crit\uFFFD',
        labels: { instance: 'db-\uFFFD' },
        annotations: { 'note\uFFFD': 'x\uFFFDy' },
      }),
    );
  });

  it('yields a signal whose JSON PostgreSQL stores as jsonb: no string anywhere is unstorable', () => {
    const map = fc.dictionary(anyText, anyText, { maxKeys: 5, noNullPrototype: true });
    fc.assert(
      fc.property(
        anyText,
        anyText,
        fc.option(anyText),
        map,
        map,
        (dedupKey, summary, severity, labels, annotations) => {
          const out = storableSignal(signal({ dedupKey, summary, severity, labels, annotations }));
          const strings = [
            out.dedupKey,
            out.summary,
            out.severity ?? '',
            ...Object.entries(out.labels).flat(),
            ...Object.entries(out.annotations).flat(),
          ];
          expect(strings.every(isStorableText)).toBe(true);
          expect(out.summary.length).toBe(summary.length);
        },
      ),
    );
  });

  it('returns storable signals unchanged', () => {
    const s = signal({ summary: 'disk \u{1F525} full', labels: { a: 'b' } });
    expect(storableSignal(s)).toEqual(s);
  });
});
