import { describe, expect, it } from 'vitest';
import { FaultlineConfig } from '../config/schema.ts';
import { activateConfig } from '../config/active.ts';
import { noticesDue, noticeText } from './handoff-notices.ts';

const cfg = activateConfig(
  FaultlineConfig.parse({
    version: 1,
    teams: [{ id: 'ops', members: ['ann@example.com', 'bob@example.com'].map((email) => ({ name: email, email })) }],
    schedules: [
      {
        id: 'primary',
        name: 'Primary',
        timeZone: 'America/New_York',
        // Daily hand-off at 03:00 New York time; DST ends 1 Nov 2026 (03:00 EST = 08:00Z, the day before 07:00Z).
        layers: [
          {
            id: 'd',
            participants: ['ann@example.com', 'bob@example.com'],
            shift: { every: 1, unit: 'days' },
            start: '2026-10-01T03:00',
          },
        ],
      },
    ],
  }),
  'test',
  new Date('2026-10-30T00:00:00Z'),
);
const MIN = 60_000;

describe('noticesDue', () => {
  it('finds a hand-off from lead minutes before its start to 10 minutes after, with the shift end', () => {
    const start = new Date('2026-11-01T08:00:00Z');
    const due = (minutesBefore: number) => noticesDue(cfg, new Date(start.getTime() - minutesBefore * MIN), 15 * MIN);
    expect(due(16)).toEqual([]);
    expect(due(15)).toEqual([
      {
        key: 'primary:bob@example.com:2026-11-01T08:00:00.000Z',
        scheduleId: 'primary',
        scheduleName: 'Primary',
        scheduleZone: 'America/New_York',
        user: 'bob@example.com',
        start,
        end: new Date('2026-11-02T08:00:00Z'),
        endKnown: true,
      },
    ]);
    expect(due(-10).map((n) => n.key)).toEqual(['primary:bob@example.com:2026-11-01T08:00:00.000Z']);
    expect(due(-11)).toEqual([]);
  });

  it('writes the times in the reader’s zone', () => {
    const [n] = noticesDue(cfg, new Date('2026-11-01T07:50:00Z'), 15 * MIN);
    expect(noticeText(n!, 'Europe/Berlin', 'https://fl.example.com')).toEqual({
      subject: 'You are on call for Primary from Sun 1 Nov 2026 09:00 (Europe/Berlin)',
      text: 'You are on call for Primary from Sun 1 Nov 2026 09:00 to Mon 2 Nov 2026 09:00 (Europe/Berlin).\n\nSchedule: https://fl.example.com/api/v1/schedules/primary/final',
    });
  });
});
