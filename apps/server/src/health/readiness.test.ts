import { describe, expect, it } from 'vitest';
import { judgeReadiness, type PipelineReadings } from './readiness.ts';

const now = new Date('2026-11-21T14:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000);
const idle: PipelineReadings = {
  oldestPendingEventAt: null,
  pendingEvents: 0,
  quarantinedEvents: 0,
  oldestOverdueJobAt: null,
  overdueJobs: 0,
};
const t = { maxEventLagSeconds: 60, maxJobDelaySeconds: 30 };

describe('judgeReadiness', () => {
  it('an idle pipeline is ready, with zero ages', () => {
    expect(judgeReadiness(idle, t, now)).toEqual({
      ready: true,
      problems: [],
      eventLagSeconds: 0,
      pendingEvents: 0,
      quarantinedEvents: 0,
      jobDelaySeconds: 0,
      overdueJobs: 0,
    });
  });

  it('a lag up to the threshold is ready; one second more is not, and says why', () => {
    const at = (s: number) => judgeReadiness({ ...idle, oldestPendingEventAt: ago(s), pendingEvents: 3 }, t, now);
    expect(at(60)).toMatchObject({ ready: true, eventLagSeconds: 60 });
    expect(at(61)).toMatchObject({ ready: false, eventLagSeconds: 61 });
    expect(at(61).problems).toEqual([
      'convergence lags: the oldest of 3 waiting events was received 61 s ago (threshold 60 s)',
    ]);
  });

  it('a due job waiting for a node longer than its threshold is not ready', () => {
    const r = judgeReadiness({ ...idle, oldestOverdueJobAt: ago(31), overdueJobs: 2 }, t, now);
    expect(r).toMatchObject({ ready: false, jobDelaySeconds: 31, overdueJobs: 2 });
    expect(r.problems[0]).toMatch(/^jobs are overdue: 2 due jobs wait for a node, the oldest for 31 s/);
    expect(judgeReadiness({ ...idle, oldestOverdueJobAt: ago(30), overdueJobs: 2 }, t, now).ready).toBe(true);
  });

  it('one quarantined event is enough to be not ready', () => {
    const r = judgeReadiness({ ...idle, quarantinedEvents: 1 }, t, now);
    expect(r.ready).toBe(false);
    expect(r.problems).toEqual([
      '1 intake events are quarantined: convergence could not apply them (GET /api/v1/intake/quarantine)',
    ]);
  });

  it('lists every failed check, and never reports a negative age (a node whose clock is behind)', () => {
    const r = judgeReadiness(
      {
        oldestPendingEventAt: ago(600),
        pendingEvents: 9,
        quarantinedEvents: 2,
        oldestOverdueJobAt: ago(-5),
        overdueJobs: 1,
      },
      t,
      now,
    );
    expect(r.problems).toHaveLength(2);
    expect(r.jobDelaySeconds).toBe(0);
  });
});
