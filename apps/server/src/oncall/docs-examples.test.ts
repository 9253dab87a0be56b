/**
 * The YAML examples in docs/schedules.md parse, and say what the page says they do.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Schedule } from './schema.ts';
import { finalSchedule } from './final.ts';
import { at, show } from '../../../../test/support/oncall-schedules.ts';

const page = readFileSync(new URL('../../../../docs/schedules.md', import.meta.url), 'utf8');
const examples = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => Schedule.parse(parse(m[1]!)));
const byId = (id: string) => examples.find((s) => s.id === id)!;

describe('docs/schedules.md examples', () => {
  it('all parse', () => {
    expect(examples.map((s) => s.id)).toEqual([
      'payments',
      'payments-with-nights',
      'platform-follow-the-sun',
      'payments-override',
      'payments-swap',
    ]);
  });

  it('weekly rotation: Monday 09:00 Berlin in winter and summer', () => {
    const pieces = finalSchedule(byId('payments'), at('2026-01-05T00:00Z'), at('2026-01-19T09:00Z'));
    expect(pieces.map(show)).toEqual([
      '2026-01-05T08:00Z → 2026-01-12T08:00Z anna@example.com layer:primary',
      '2026-01-12T08:00Z → 2026-01-19T08:00Z jonas@example.com layer:primary',
      '2026-01-19T08:00Z → 2026-01-19T09:00Z lea@example.com layer:primary',
    ]);
    const july = finalSchedule(byId('payments'), at('2026-07-06T06:00Z'), at('2026-07-06T08:00Z'));
    expect(july.map((p) => p.start.toISOString())).toEqual(['2026-07-06T06:00:00.000Z', '2026-07-06T07:00:00.000Z']);
  });

  it('follow-the-sun in January, as the page describes', () => {
    const pieces = finalSchedule(byId('platform-follow-the-sun'), at('2026-01-06T00:00Z'), at('2026-01-07T00:00Z'));
    expect(pieces.map(show)).toEqual([
      '2026-01-06T00:00Z → 2026-01-06T01:00Z lead@example.com layer:backstop',
      '2026-01-06T01:00Z → 2026-01-06T08:00Z li@example.com layer:apac',
      '2026-01-06T08:00Z → 2026-01-06T14:00Z anna@example.com layer:emea',
      '2026-01-06T14:00Z → 2026-01-06T22:00Z sam@example.com layer:amer',
      '2026-01-06T22:00Z → 2026-01-07T00:00Z lead@example.com layer:backstop',
    ]);
  });

  it('the override covers 10 March in Berlin', () => {
    const pieces = finalSchedule(byId('payments-override'), at('2026-03-09T22:00Z'), at('2026-03-10T23:30Z'));
    expect(pieces.map(show)).toEqual([
      '2026-03-09T22:00Z → 2026-03-09T23:00Z anna@example.com layer:primary',
      '2026-03-09T23:00Z → 2026-03-10T23:00Z dan@example.com override',
      '2026-03-10T23:00Z → 2026-03-10T23:30Z anna@example.com layer:primary',
    ]);
  });

  it('with replaces: anna, an override past the Monday hand-off leaves Jonas his week', () => {
    const base = byId('payments-override');
    const s = Schedule.parse({
      ...base,
      overrides: [
        {
          ...base.overrides![0]!,
          replaces: 'anna@example.com',
          start: '2026-03-15T12:00:00+01:00',
          end: '2026-03-16T18:00:00+01:00',
        },
      ],
    });
    expect(finalSchedule(s, at('2026-03-15T00:00Z'), at('2026-03-16T12:00Z')).map(show)).toEqual([
      '2026-03-15T00:00Z → 2026-03-15T11:00Z anna@example.com layer:primary',
      '2026-03-15T11:00Z → 2026-03-16T08:00Z dan@example.com override',
      '2026-03-16T08:00Z → 2026-03-16T12:00Z jonas@example.com layer:primary',
    ]);
  });

  it('the swap, as written and with one shared window', () => {
    const swap = byId('payments-swap');
    const expected = [
      '2026-01-05T08:00Z → 2026-01-12T08:00Z anna@example.com layer:primary',
      '2026-01-12T08:00Z → 2026-01-19T08:00Z anna@example.com override',
      '2026-01-19T08:00Z → 2026-01-26T08:00Z jonas@example.com override',
      '2026-01-26T08:00Z → 2026-02-02T08:00Z jonas@example.com layer:primary',
    ];
    expect(finalSchedule(swap, at('2026-01-05T08:00Z'), at('2026-02-02T08:00Z')).map(show)).toEqual(expected);
    const shared = Schedule.parse({
      ...swap,
      overrides: swap.overrides!.map((o) => ({
        ...o,
        start: '2026-01-12T09:00:00+01:00',
        end: '2026-01-26T09:00:00+01:00',
      })),
    });
    expect(finalSchedule(shared, at('2026-01-05T08:00Z'), at('2026-02-02T08:00Z')).map(show)).toEqual(expected);
  });
});
