import { describe, expect, it } from 'vitest';
import { riskSignal } from './risk-signal.ts';

describe('riskSignal', () => {
  it('leads with the KPI drop, then the matched rules and their evidence', () => {
    expect(
      riskSignal({
        title: 'Orders dropped',
        facts: { kpiDrop: { percent: 4.25, windowMinutes: 5 } },
        levelExplanation: [
          {
            sequence: 'P',
            level: 'P5',
            ruleId: 'warning-alert',
            rule: 'Any warning',
            evidence: ['severity="warning"'],
            setAt: '2026-11-21T14:00:00Z',
            actor: 'rule',
          },
        ],
      }),
    ).toBe('KPI down 4.3 % over 5 min · Any warning: severity="warning"');
  });
  it('falls back to the title', () => {
    expect(riskSignal({ title: 'Disk almost full', facts: {}, levelExplanation: [] })).toBe('Disk almost full');
  });
});
