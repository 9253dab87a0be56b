import { describe, expect, it } from 'vitest';
import { dueDay, issueStateOf } from './sync.ts';

describe('action sync rules', () => {
  it('closes the issue once the work is done', () => {
    expect(issueStateOf('open')).toBe('open');
    expect(issueStateOf('in_progress')).toBe('open');
    expect(issueStateOf('done')).toBe('closed');
    expect(issueStateOf('verified')).toBe('closed');
  });

  it("gives the due day as the day a deadline ends, in the team's zone, across DST", () => {
    // A deadline is the local midnight that ends its last working day.
    expect(dueDay(new Date('2026-07-10T04:00:00Z'), 'America/New_York')).toBe('2026-07-09'); // EDT
    expect(dueDay(new Date('2026-11-03T05:00:00Z'), 'America/New_York')).toBe('2026-11-02'); // EST, after the change
    expect(dueDay(new Date('2026-03-09T04:00:00Z'), 'America/New_York')).toBe('2026-03-08'); // the change day itself
    expect(dueDay(new Date('2026-10-01T16:00:00Z'), 'Asia/Shanghai')).toBe('2026-10-01');
    expect(dueDay(new Date('2026-10-01T00:00:00Z'), 'UTC')).toBe('2026-09-30');
  });
});
