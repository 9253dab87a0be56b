import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '@faultline/contracts';
import { foldRetries, lastBy, localizeInstants } from './timeline-view.ts';

const entry = (id: number, kind: TimelineEntry['kind'], data: Record<string, unknown> = {}): TimelineEntry => ({
  id,
  at: `2026-12-06T23:5${id}:00.000Z`,
  kind,
  actor: 'system',
  message: `m${id}`,
  data,
});

describe('the timeline as read', () => {
  it("writes the server's UTC instants in the viewer's zone", () => {
    expect(
      localizeInstants(
        'email to Ann failed (attempt 1/5), retrying at 2026-12-06T23:54:11.052Z: timeout',
        'America/New_York',
      ),
    ).toBe('email to Ann failed (attempt 1/5), retrying at 6 Dec 2026, 18:54:11 EST: timeout');
    expect(localizeInstants('digest at 2026-07-01T10:00:00+02:00 and 2026-07-01T09:00:00Z', 'Europe/Berlin')).toBe(
      'digest at 1 Jul 2026, 10:00:00 CEST and 1 Jul 2026, 11:00:00 CEST',
    );
    expect(localizeInstants('no instant here, 2026-12-06 is a date', 'UTC')).toBe(
      'no instant here, 2026-12-06 is a date',
    );
  });

  it('folds the retries of one delivery into one entry with a count; a final failure stays its own', () => {
    const shown = foldRetries([
      entry(1, 'incident_opened'),
      entry(2, 'notification_failed', { notificationId: 7, attempt: 1, final: false }),
      entry(3, 'notification_failed', { notificationId: 8, attempt: 1, final: false }),
      entry(4, 'notification_failed', { notificationId: 7, attempt: 2, final: false }),
      entry(5, 'notification_failed', { notificationId: 7, attempt: 3, final: false }),
      entry(6, 'notification_failed', { notificationId: 7, attempt: 4, final: true }),
      entry(7, 'acknowledged'),
    ]);
    expect(shown.map((s) => [s.entry.id, s.count])).toEqual([
      [1, 1],
      [5, 3],
      [3, 1],
      [6, 1],
      [7, 1],
    ]);
  });

  it('says who acknowledged and who resolved, and when (the latest when it happened twice)', () => {
    const entries = [
      { ...entry(1, 'acknowledged'), actor: 'ann@example.com' },
      { ...entry(3, 'resolved'), actor: 'bob@example.com' },
      { ...entry(2, 'acknowledged'), actor: 'cy@example.com' },
    ];
    expect(lastBy(entries, 'acknowledged')).toEqual({ actor: 'cy@example.com', at: '2026-12-06T23:52:00.000Z' });
    expect(lastBy(entries, 'resolved')).toEqual({ actor: 'bob@example.com', at: '2026-12-06T23:53:00.000Z' });
    expect(lastBy(entries, 'mitigated')).toBeNull();
  });
});
