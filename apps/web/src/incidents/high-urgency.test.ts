import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '@faultline/contracts';
import { isHighUrgency, newHighUrgency, notificationOf } from './high-urgency.ts';

const incident = (
  id: number,
  levels: Record<string, string>,
  over: Partial<IncidentSummary> = {},
): IncidentSummary => ({
  id,
  title: `t${id}`,
  status: 'triggered',
  levels,
  risk: false,
  service: 'checkout-api',
  team: 'payments',
  groupKey: `g${id}`,
  alertCount: 1,
  firingCount: 1,
  drill: false,
  createdAt: '2026-12-06T22:00:00.000Z',
  updatedAt: '2026-12-06T22:00:00.000Z',
  acknowledgedAt: null,
  mitigatedAt: null,
  postmortemDueAt: null,
  postmortemOverdue: false,
  noise: null,
  ...over,
});

describe('new high-urgency incidents at the console', () => {
  it('is level 1 or 2 of any sequence, never a risk', () => {
    expect(isHighUrgency(incident(1, { P: 'P1' }))).toBe(true);
    expect(isHighUrgency(incident(1, { P: 'P3', S: 'S2' }))).toBe(true);
    expect(isHighUrgency(incident(1, { P: 'P3' }))).toBe(false);
    expect(isHighUrgency(incident(1, {}))).toBe(false);
    expect(isHighUrgency(incident(1, { P: 'P1' }, { risk: true }))).toBe(false);
  });

  it('announces only triggered high-urgency incidents that were not there before, oldest first', () => {
    const list = [
      incident(5, { P: 'P1' }),
      incident(4, { P: 'P2' }),
      incident(3, { P: 'P3' }),
      incident(2, { P: 'P1' }, { status: 'acknowledged' }),
      incident(1, { P: 'P1' }),
    ];
    expect(newHighUrgency(new Set([1]), list).map((i) => i.id)).toEqual([4, 5]);
    expect(notificationOf(list[0]!)).toEqual({ title: 'P1 #5 t5', body: 'checkout-api · payments' });
  });
});
