import { describe, expect, it } from 'vitest';
import { describeFacts, emptyFactsForm, factsPatch } from './impact-facts.ts';

describe('factsPatch', () => {
  it('sends only the fields filled in, so the server merges them', () => {
    const values = emptyFactsForm();
    values.numbers.affectedUsers = 12000;
    values.numbers.affectedUsersPct = '4.5';
    values.publicOpinion = 'medium';
    values.dataAssetLevel = '2';
    values.note = '  from support  ';
    expect(factsPatch(values)).toEqual({
      facts: { affectedUsers: 12000, affectedUsersPct: 4.5, publicOpinion: 'medium', dataAssetLevel: 2 },
      note: 'from support',
      errors: {},
    });
  });
  it('keeps an entered zero', () => {
    const values = emptyFactsForm();
    values.numbers.merchants = 0;
    expect(factsPatch(values).facts).toEqual({ merchants: 0 });
  });
  it('reports out-of-range values instead of sending them', () => {
    const values = emptyFactsForm();
    values.numbers.affectedUsersPct = 120;
    values.numbers.financialLoss = -5;
    const patch = factsPatch(values);
    expect(patch.facts).toEqual({});
    expect(patch.errors).toEqual({ affectedUsersPct: 'At most 100', financialLoss: 'Cannot be negative' });
  });
  it('is empty for an untouched form', () => {
    expect(factsPatch(emptyFactsForm())).toEqual({ facts: {}, errors: {} });
  });
});

describe('describeFacts', () => {
  it('formats numbers with units, in form order, and the KPI drop last', () => {
    expect(
      describeFacts({ slaBreachMinutes: 45, affectedUsers: 12000, kpiDrop: { percent: 35, windowMinutes: 10 } }).map(
        (line) => `${line.label}: ${line.value}`,
      ),
    ).toEqual(['Affected users: 12,000', 'SLA breach: 45 min', 'KPI drop: 35 % over 10 min (KPI watch)']);
  });
});
