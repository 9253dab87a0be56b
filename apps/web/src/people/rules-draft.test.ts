import type { NotificationRuleView } from '@faultline/contracts';
import { describe, expect, it } from 'vitest';
import { duplicateRows, rulesBody, rulesDraft } from './rules-draft.ts';

const rule = (
  id: number,
  urgency: 'high' | 'low',
  contactMethodId: number,
  delayMinutes: number,
): NotificationRuleView => ({
  id,
  urgency,
  contactMethodId,
  delayMinutes,
  contactMethod: { kind: 'email', address: 'a@example.com', verified: true },
});

describe('notification rules editor', () => {
  it('groups by urgency in delay order and writes the list back', () => {
    const draft = rulesDraft([
      rule(1, 'high', 3, 5),
      rule(2, 'low', 1, 0),
      rule(3, 'high', 1, 0),
      rule(4, 'high', 2, 2),
    ]);
    expect(draft.high.map((r) => r.contactMethodId)).toEqual([1, 2, 3]);
    expect(draft.low).toEqual([{ contactMethodId: 1, delayMinutes: 0 }]);
    expect(rulesBody(draft)).toEqual([
      { urgency: 'high', contactMethodId: 1, delayMinutes: 0 },
      { urgency: 'high', contactMethodId: 2, delayMinutes: 2 },
      { urgency: 'high', contactMethodId: 3, delayMinutes: 5 },
      { urgency: 'low', contactMethodId: 1, delayMinutes: 0 },
    ]);
  });

  it('leaves out rows without a method and finds repeated rows', () => {
    expect(rulesBody({ high: [{ contactMethodId: null, delayMinutes: 0 }], low: [] })).toEqual([]);
    expect(
      duplicateRows([
        { contactMethodId: 1, delayMinutes: 0 },
        { contactMethodId: 1, delayMinutes: 2 },
        { contactMethodId: 1, delayMinutes: 0 },
      ]),
    ).toEqual([2]);
  });
});
