import { describe, expect, it } from 'vitest';
import { sampleCutoffs, sampleHistoryMs } from './retention.ts';

const DAY = 86_400_000;

describe('KPI sample retention keeps what a baseline reads', () => {
  it('history per baseline: the oldest instant read, plus a day', () => {
    expect(sampleHistoryMs({ kind: 'offset', offset: '1w' })).toBe(8 * DAY);
    expect(sampleHistoryMs({ kind: 'median', period: '1w', windows: 12 })).toBe(85 * DAY);
    expect(sampleHistoryMs({ kind: 'median', period: '1d', windows: 7 })).toBe(8 * DAY);
    expect(sampleHistoryMs({ kind: 'static', value: 10 })).toBe(DAY);
  });

  it('cutoff per watch: the longer of the retention and its history; removed watches at the retention', () => {
    const now = new Date('2027-03-14T23:30:00Z');
    const c = sampleCutoffs(
      {
        kpiWatches: [
          { id: 'weekly', baseline: { kind: 'median', period: '1w', windows: 12 } },
          { id: 'daily', baseline: { kind: 'offset', offset: '1d' } },
        ] as never,
      },
      35 * DAY,
      now,
    );
    expect(c.watches.get('weekly')?.toISOString()).toBe(new Date(now.getTime() - 85 * DAY).toISOString());
    expect(c.watches.get('daily')?.toISOString()).toBe(new Date(now.getTime() - 35 * DAY).toISOString());
    expect(c.others.toISOString()).toBe('2027-02-07T23:30:00.000Z');
  });
});
