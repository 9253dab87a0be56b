import { describe, expect, it } from 'vitest';
import { kpiDecline, prefillSections } from './prefill.ts';
import { readRoomFacts } from './room.ts';

describe('prefill', () => {
  const room = readRoomFacts({
    acknowledgedBy: 'ana@example.com',
    impactStartedAt: new Date('2026-11-20T18:00:00Z'),
    detectedAt: new Date('2026-11-20T18:02:00Z'),
    createdAt: new Date('2026-11-20T18:02:00Z'),
    acknowledgedAt: new Date('2026-11-20T18:05:00Z'),
    mitigatedAt: new Date('2026-11-20T18:30:00Z'),
    resolvedAt: new Date('2026-11-20T19:00:00Z'),
    closedAt: null,
  });

  it('fills the timeline from key times and people-written entries, in time order', () => {
    const s = prefillSections({
      title: 'Checkout is down',
      facts: { affectedUsers: 1200, financialLoss: 5000 },
      entries: [
        {
          id: 7,
          at: new Date('2026-11-20T18:10:00Z'),
          kind: 'note',
          actor: 'dan@example.com',
          message: 'rolled back 4.2',
        },
        { id: 8, at: new Date('2026-11-20T18:11:00Z'), kind: 'alert_repeated', actor: 'am', message: 'noise' },
      ],
      room,
    });
    expect(s.summary).toBe('Checkout is down');
    expect(s.timeline.map((l) => l.source)).toEqual([
      'milestone:impact_started_at',
      'milestone:detected_at',
      'milestone:acknowledged_at',
      'timeline:7',
      'milestone:mitigated_at',
      'milestone:resolved_at',
    ]);
    expect(s.timeline[3]?.text).toBe('rolled back 4.2 (dan@example.com)');
    expect(s.impact).toMatchObject({ usersAffected: 1200, financialLoss: 5000 });
    expect(s.discovery.detectionMinutes).toBe(2);
    expect(s.response.acknowledgeMinutes).toBe(3);
    expect(s.recovery.recoveryMinutes).toBe(30);
    expect(room.coordinator).toBe('ana@example.com');
  });

  it('prefills the decline % and the impact period from the KPI evidence that graded the incident', () => {
    const kpiRoom = readRoomFacts({
      acknowledgedBy: 'ana@example.com',
      impactStartedAt: new Date('2026-11-20T18:00:00Z'),
      detectedAt: new Date('2026-11-20T18:03:00Z'),
      createdAt: new Date('2026-11-20T18:03:00Z'),
      acknowledgedAt: new Date('2026-11-20T18:05:00Z'),
      mitigatedAt: null,
      resolvedAt: new Date('2026-11-20T19:00:00Z'),
      closedAt: null,
    });
    const breach = (id: number, minute: number, value: number, dropPct: number, graded?: number) => ({
      id,
      at: new Date(`2026-11-20T18:${String(minute).padStart(2, '0')}:00Z`),
      kind: 'kpi_breach',
      actor: 'kpi:checkout-orders',
      message: `KPI checkout-orders is ${value}`,
      data: {
        watchId: 'checkout-orders',
        value,
        baselineValue: 1000,
        dropPct,
        ...(graded === undefined
          ? {}
          : { sustainedDropPct: graded, windowMinutes: 5, levels: { P: graded >= 30 ? 'P2' : 'P3' } }),
      },
    });
    const s = prefillSections({
      title: 'Checkout KPI down',
      facts: {},
      entries: [
        breach(3, 3, 850, 15),
        breach(4, 6, 640, 36, 30),
        breach(5, 8, 500, 50), // a bigger drop later, but it graded nothing: the grading one wins
        {
          id: 6,
          at: new Date('2026-11-20T18:40:00Z'),
          kind: 'kpi_recovered',
          actor: 'kpi:checkout-orders',
          message: 'ok',
        },
      ],
      room: kpiRoom,
    });
    expect(s.impact.declinePercent).toBe(36);
    expect(s.impact.declineSource).toBe(
      'KPI watch checkout-orders (timeline #4, 2026-11-20T18:06:00.000Z): 640 against baseline 1000, down 36 %; sustained ≥ 30 % over 5 min graded P2',
    );
    expect(s.impact.periods).toBe('2026-11-20T18:00:00.000Z – 2026-11-20T18:40:00.000Z');
    expect(s.impact.periodsSource).toBe('impact started (key time) – KPI recovered (timeline #6)');
    expect(s.recovery.recoveryMinutes).toBe(60);
  });

  it('without a grading entry takes the largest drop; without KPI evidence leaves the decline empty', () => {
    const entries = [
      {
        id: 9,
        at: new Date('2026-11-20T18:01:00Z'),
        kind: 'kpi_breach',
        actor: 'kpi:logins',
        message: 'x',
        data: { watchId: 'logins', value: 70, baselineValue: 100, dropPct: 30 },
      },
      {
        id: 10,
        at: new Date('2026-11-20T18:02:00Z'),
        kind: 'kpi_breach',
        actor: 'kpi:logins',
        message: 'x',
        data: { watchId: 'logins', value: 80, baselineValue: 100, dropPct: 20 },
      },
    ];
    expect(kpiDecline(entries)).toMatchObject({ percent: 30 });
    expect(kpiDecline(entries)?.source).toContain('70 against baseline 100, down 30 %');
    const none = prefillSections({ title: 't', facts: {}, entries: [], room });
    expect(none.impact).toMatchObject({ declinePercent: null, declineSource: null });
    expect(none.impact.periodsSource).toBe('impact started (key time) – mitigated (key time)');
    // Evidence that is not numbers is ignored.
    expect(kpiDecline([{ ...entries[0]!, data: { value: 'lots', baselineValue: 100, dropPct: 30 } }])).toBeNull();
  });
});
