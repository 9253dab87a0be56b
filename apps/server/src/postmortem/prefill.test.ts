import { describe, expect, it } from 'vitest';
import { prefillSections } from './prefill.ts';
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
});
