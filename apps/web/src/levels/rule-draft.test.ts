import { describe, expect, it } from 'vitest';
import { assignProblems, newRow, problemsByRow, ruleToRow, rowToRule } from './rule-draft.ts';

describe('ruleToRow and rowToRule', () => {
  it('round-trips each kind of condition', () => {
    const rules = [
      {
        id: 'checkout-critical',
        sequence: 'P',
        level: 1,
        kind: 'business',
        scope: { module: 'checkout' },
        description: 'A critical checkout alert stops orders',
        alert: { matchers: ['alertname=~"Checkout.*"', 'severity="critical"'] },
      },
      {
        id: 'drop',
        sequence: 'P',
        level: 2,
        kind: 'business',
        scope: {},
        kpiDrop: { percent: 30, windowMinutes: 10, measure: 'total-successful' },
      },
      {
        id: 'users',
        sequence: 'R',
        level: 1,
        kind: 'generic',
        scope: {},
        facts: { affectedUsersPct: 5, publicOpinion: 'high', dataAssetLevel: 2 },
      },
      { id: 'long', sequence: 'P', level: 1, kind: 'generic', scope: {}, duration: { minutes: 30, atLevel: 2 } },
    ];
    expect(rules.map((rule) => rowToRule(ruleToRow(rule)))).toEqual(rules);
  });
  it('keeps fields the editor has no input for', () => {
    const rule = {
      id: 'x',
      sequence: 'P',
      level: 3,
      kind: 'generic',
      scope: {},
      alert: { matchers: ['a="b"'] },
      owner: 'me',
    };
    expect(rowToRule(ruleToRow(rule))).toEqual(rule);
  });
  it('sends only the chosen condition and leaves empty inputs out', () => {
    const row = newRow('checkout', []);
    row.condition = 'kpiDrop';
    row.kpiPercent = 25;
    row.matchers = 'severity="critical"';
    expect(rowToRule(row)).toEqual({
      id: 'checkout.rule-1',
      sequence: 'P',
      kind: 'business',
      scope: { module: 'checkout' },
      kpiDrop: { percent: 25, measure: 'total-successful' },
    });
  });
  it('reads matchers one per line, ignoring blank lines', () => {
    const row = newRow('m', []);
    row.matchers = ' severity="critical" \n\n  service="pay"';
    expect(rowToRule(row).alert).toEqual({ matchers: ['severity="critical"', 'service="pay"'] });
  });
  it('names new rules after the module, skipping ids in use', () => {
    expect(newRow('pay', ['pay.rule-2']).id).toBe('pay.rule-3');
  });
});

describe('problemsByRow and assignProblems', () => {
  const problems = [
    { path: 'rules.2.kpiDrop.percent', message: 'Required', severity: 'error' as const },
    { path: 'rules.2', message: 'a rule has exactly one condition', severity: 'error' as const },
    { path: 'rules.0.alert.matchers.1', message: 'bad matcher', severity: 'error' as const },
    { path: 'rules', message: 'duplicate id', severity: 'warning' as const },
  ];
  it('splits problems by rule index', () => {
    const { general, rows } = problemsByRow(problems);
    expect(general.map((p) => p.path)).toEqual(['rules']);
    expect(rows.get(2)?.map((p) => p.field)).toEqual(['kpiDrop.percent', '']);
    expect(rows.get(0)?.map((p) => p.field)).toEqual(['alert.matchers.1']);
  });
  it('puts each problem on the most specific input and the rest on the row', () => {
    const row2 = problemsByRow(problems).rows.get(2) ?? [];
    const { byField, rest } = assignProblems(row2, ['level', 'kpiDrop', 'kpiDrop.percent']);
    expect(byField.get('kpiDrop.percent')?.map((p) => p.message)).toEqual(['Required']);
    expect(byField.has('kpiDrop')).toBe(false);
    expect(rest.map((p) => p.message)).toEqual(['a rule has exactly one condition']);
  });
});
