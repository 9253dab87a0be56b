import { describe, expect, it } from 'vitest';
import type { IncidentFacts } from './facts.ts';
import type { Selection } from './counts.ts';
import { noiseShare, ruleKeyOf } from './noise.ts';

function incident(id: number, over: Partial<IncidentFacts> = {}): IncidentFacts {
  return {
    id,
    title: `incident ${id}`,
    status: 'resolved',
    risk: false,
    levels: { P: 2 },
    team: 'payments',
    service: 'pay-api',
    businessLine: 'commerce',
    createdAt: new Date('2026-03-02T10:00:00Z'),
    milestones: {},
    detectionSource: 'monitoring',
    causeClass: null,
    recoveryMethods: [],
    causedBy: [],
    noise: false,
    sources: ['prom'],
    gradedBy: { P: 'checkout-down' },
    alertname: 'HighLatency',
    ...over,
  };
}

const selection = (fs: IncidentFacts[], excluded: Array<[string, number]> = []): Selection => ({
  counted: fs.map((f) => ({ f, bucket: '2026-03' })),
  excluded: new Map(excluded),
});

describe('noise_share', () => {
  it('counts marked incidents of the counted ones, per source (each integration) and per rule', () => {
    const v = noiseShare(
      selection(
        [
          incident(1, { noise: true }),
          incident(2),
          incident(3, { noise: true, sources: ['prom', 'grafana'] }),
          incident(4, { levels: {}, gradedBy: {}, noise: true }),
          incident(5, { sources: [], levels: {}, gradedBy: {}, alertname: null }),
        ],
        [['risk', 2]],
      ),
      'P',
    );
    expect(v.share).toEqual({ metric: 'noise_share', count: 3, n: 5, rate: 0.6 });
    expect(v.bySource).toEqual([
      { key: 'prom', count: 3, n: 4, rate: 0.75 },
      { key: 'grafana', count: 1, n: 1, rate: 1 },
      { key: 'declared', count: 0, n: 1, rate: 0 },
    ]);
    expect(v.byRule).toEqual([
      { key: 'checkout-down', count: 2, n: 3, rate: 2 / 3 },
      { key: 'alertname:HighLatency', count: 1, n: 1, rate: 1 },
      { key: 'none', count: 0, n: 1, rate: 0 },
    ]);
    expect(v.excluded).toEqual([{ reason: 'risk', count: 2 }]);
  });

  it('a rule counts only for the sequence it graded; no incidents is a rate of null', () => {
    expect(ruleKeyOf(incident(1, { levels: { P: 2 }, gradedBy: { R: 'refunds' } }), 'R')).toBe('alertname:HighLatency');
    expect(noiseShare(selection([]), 'P').share.rate).toBeNull();
  });
});
