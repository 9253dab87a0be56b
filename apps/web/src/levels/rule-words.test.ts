import { describe, expect, it } from 'vitest';
import { sequencesWith } from '../incidents/level-badge.tsx';
import { conditionInWords, groupBySequence, ruleInWords, ruleSource, scopeInWords } from './rule-words.ts';

describe('conditionInWords', () => {
  it('reads alert matchers', () => {
    expect(conditionInWords({ alert: { matchers: ['severity="critical"', 'service="pay"'] } })).toBe(
      'a firing alert matches severity="critical" and service="pay"',
    );
  });
  it('reads a KPI drop with its window and measure', () => {
    expect(conditionInWords({ kpiDrop: { percent: 30, windowMinutes: 1, measure: 'success-rate-per-minute' } })).toBe(
      'KPI drops ≥ 30 % against baseline for 1 min (success rate per minute)',
    );
  });
  it('reads fact thresholds: minimums, the data asset maximum and the opinion rank', () => {
    expect(
      conditionInWords({
        facts: { affectedUsers: 10000, complaintIncreasePct: 50, dataAssetLevel: 2, publicOpinion: 'medium' },
      }),
    ).toBe(
      'affected users ≥ 10,000 and complaints up ≥ 50 % and data asset level 2 or more critical and public opinion medium or higher',
    );
  });
  it('reads a duration at a level of the rule sequence', () => {
    expect(conditionInWords({ sequence: 'P', duration: { minutes: 30, atLevel: 2 } })).toBe(
      'at P2 or more severe for ≥ 30 min',
    );
  });
});

describe('scopeInWords and ruleInWords', () => {
  it('names the scope, or everywhere', () => {
    expect(scopeInWords({ service: 'pay-api', module: 'checkout' })).toBe('module checkout, service pay-api');
    expect(scopeInWords({})).toBe('everywhere');
  });
  it('puts a rule in one sentence', () => {
    expect(
      ruleInWords({ sequence: 'P', level: 1, scope: { module: 'checkout' }, alert: { matchers: ['a="b"'] } }),
    ).toBe('P1 when a firing alert matches a="b" (module checkout)');
  });
});

describe('ruleSource', () => {
  it('tells template, config and version rules apart', () => {
    expect(ruleSource({ id: 'template.checkout.p1' }, 'config', null).label).toBe('template');
    expect(ruleSource({ id: 'checkout-critical' }, 'config', null).label).toBe('config');
    expect(ruleSource({ id: 'template.checkout.p1' }, 'version', 4).label).toBe('version 4');
  });
});

describe('groupBySequence', () => {
  it('groups P, D, R, S first, most severe level first within a sequence', () => {
    const groups = groupBySequence(
      [
        { id: 'a', sequence: 'S', level: 2 },
        { id: 'b', sequence: 'P', level: 3 },
        { id: 'c', sequence: 'P', level: 1 },
      ],
      sequencesWith,
    );
    expect(groups.map((g) => [g.sequence, g.rules.map((r) => r.view.id)])).toEqual([
      ['P', ['c', 'b']],
      ['S', ['a']],
    ]);
  });
});
