import { describe, expect, it } from 'vitest';
import type { IncidentRow } from '../incident/index.ts';
import { effectiveMilestones, rowMilestones, type KeyTimeRow } from './store.ts';

const at = (iso: string) => new Date(iso);
const row = (over: Partial<IncidentRow>): IncidentRow =>
  ({
    id: 7,
    status: 'acknowledged',
    createdAt: at('2026-12-01T10:00:00Z'),
    updatedAt: at('2026-12-01T10:00:00Z'),
    impactStartedAt: at('2026-12-01T09:58:00Z'),
    detectedAt: at('2026-12-01T10:00:00Z'),
    acknowledgedAt: at('2026-12-01T10:01:00Z'),
    mitigatedAt: null,
    resolvedAt: null,
    closedAt: null,
    ...over,
  }) as IncidentRow;
const kt = (code: string, iso: string | null): KeyTimeRow => ({
  incidentId: 7,
  code,
  at: iso ? at(iso) : null,
  setBy: 'ana@example.com',
  reason: 'r',
  updatedAt: at('2026-12-01T10:05:00Z'),
});

describe('an incident’s key times', () => {
  it('come from the lifecycle columns', () => {
    expect(rowMilestones(row({}))).toEqual({
      impact_started_at: at('2026-12-01T09:58:00Z'),
      detected_at: at('2026-12-01T10:00:00Z'),
      acknowledged_at: at('2026-12-01T10:01:00Z'),
    });
  });

  it('a cancelled incident’s closed_at is when it was cancelled, not a close', () => {
    const m = rowMilestones(row({ status: 'cancelled', closedAt: at('2026-12-01T10:03:00Z') }));
    expect(m.closed_at).toBeUndefined();
    expect(rowMilestones(row({ status: 'closed', closedAt: at('2026-12-01T11:00:00Z') })).closed_at).toEqual(
      at('2026-12-01T11:00:00Z'),
    );
  });

  it('recorded key times add to and override the columns; a null row clears; unknown codes are ignored', () => {
    const m = effectiveMilestones(row({}), [
      kt('cause_located_at', '2026-12-01T10:04:00Z'),
      kt('acknowledged_at', '2026-12-01T10:00:30Z'),
      kt('impact_started_at', null),
      kt('made_up_at', '2026-12-01T10:00:00Z'),
    ]);
    expect(m).toEqual({
      detected_at: at('2026-12-01T10:00:00Z'),
      acknowledged_at: at('2026-12-01T10:00:30Z'),
      cause_located_at: at('2026-12-01T10:04:00Z'),
    });
  });
});
