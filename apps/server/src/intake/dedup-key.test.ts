import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GO_ZERO_TIME_MS, labelSetKey, normaliseSeverity, parseTimestamp } from './dedup-key.ts';

const labelName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,12}$/).filter((n) => n !== '__proto__');
const labelSet = fc.dictionary(labelName, fc.string({ maxLength: 20 }), { maxKeys: 8, noNullPrototype: true });

describe('labelSetKey', () => {
  it('is pinned: stored dedup keys depend on it, so the algorithm must not drift', () => {
    // sha256('[["alertname","DiskFull"],["instance","db-1"]]'), first 16 hex digits
    expect(labelSetKey({ alertname: 'DiskFull', instance: 'db-1' })).toBe('f3871b1ecc2dc532');
    expect(labelSetKey({})).toMatch(/^[0-9a-f]{16}$/);
  });

  it('does not depend on the order of the labels', () => {
    fc.assert(
      fc.property(
        labelSet.chain((labels) => {
          const entries = Object.entries(labels);
          return fc.tuple(fc.constant(labels), fc.shuffledSubarray(entries, { minLength: entries.length }));
        }),
        ([labels, shuffled]) => {
          expect(labelSetKey(Object.fromEntries(shuffled))).toBe(labelSetKey(labels));
        },
      ),
    );
  });

  it('distinguishes different label sets', () => {
    fc.assert(
      fc.property(labelSet, labelSet, (a, b) => {
        fc.pre(JSON.stringify(Object.entries(a).sort()) !== JSON.stringify(Object.entries(b).sort()));
        expect(labelSetKey(a)).not.toBe(labelSetKey(b));
      }),
    );
  });

  it('does not confuse a name/value boundary with characters inside them', () => {
    expect(labelSetKey({ a: 'b=c' })).not.toBe(labelSetKey({ 'a=b': 'c' }));
    expect(labelSetKey({ a: 'x', b: 'y' })).not.toBe(labelSetKey({ a: 'x,b=y' }));
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2026-11-21T14:02:42.635630378Z', '2026-11-21T14:02:42.635Z'], // Go RFC3339Nano, truncated to ms
    ['2026-11-21T14:02:42.62852191Z', '2026-11-21T14:02:42.628Z'],
    ['2026-11-21T14:02:56.513Z', '2026-11-21T14:02:56.513Z'],
    ['2026-11-21T14:02:56Z', '2026-11-21T14:02:56.000Z'],
    ['2026-11-21T14:02:56.9999999999Z', null], // more than nanoseconds
    ['2018-03-07T06:33:21.873077559-05:00', '2018-03-07T11:33:21.873Z'],
    ['2021-10-12T09:51:03.157076+02:00', '2021-10-12T07:51:03.157Z'],
    ['2015-07-17T08:42:58.315+0000', '2015-07-17T08:42:58.315Z'], // PagerDuty's documented example
    ['2024-02-29t23:59:59z', '2024-02-29T23:59:59.000Z'], // RFC 3339 allows lower case
    ['2026-11-21T14:02:42', null], // no zone: ambiguous
    ['2026-11-21 14:02:42Z', null],
    ['2026-11-21', null],
    ['2026-02-29T00:00:00Z', null],
    ['2026-04-31T00:00:00Z', null],
    ['2026-13-01T00:00:00Z', null],
    ['2026-11-21T24:00:00Z', null],
    ['2026-11-21T23:60:00Z', null],
    ['2016-12-31T23:59:60Z', null], // leap seconds do not exist for JavaScript dates
    ['2026-11-21T14:02:42+24:00', null],
    ['yesterday', null],
    ['', null],
  ])('%s → %s', (text, iso) => {
    const ms = parseTimestamp(text);
    expect(ms === null ? null : new Date(ms).toISOString()).toBe(iso);
  });

  it("reads Go's zero time, Alertmanager's unset endsAt, as year 1", () => {
    expect(parseTimestamp('0001-01-01T00:00:00Z')).toBe(GO_ZERO_TIME_MS);
    expect(new Date(GO_ZERO_TIME_MS).toISOString()).toBe('0001-01-01T00:00:00.000Z');
  });

  it('round-trips every ISO string JavaScript writes for years 1-9999', () => {
    const date = fc.date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59.999Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(date, (d) => {
        expect(parseTimestamp(d.toISOString())).toBe(d.getTime());
      }),
    );
  });
});

describe('normaliseSeverity', () => {
  // prettier-ignore
  it.each([
    ['critical', 'critical'], ['CRIT', 'critical'], ['page', 'critical'], ['P1', 'critical'],
    ['error', 'error'], ['err', 'error'], ['high', 'error'], ['Major', 'error'],
    ['warning', 'warning'], ['warn', 'warning'], ['medium', 'warning'], ['minor', 'warning'],
    ['info', 'info'], ['informational', 'info'], ['low', 'info'], ['none', 'info'],
    [' Warning ', 'warning'], ['Disaster', 'disaster'], ['P3', 'p3'], ['toString', 'tostring'],
    ['', null], ['  ', null], [undefined, null], [null, null],
  ])('%s → %s', (raw, expected) => {
    expect(normaliseSeverity(raw)).toBe(expected);
  });
});
