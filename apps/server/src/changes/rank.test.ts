import { describe, expect, it } from 'vitest';
import {
  HALF_LIFE_MIN,
  LABEL_MATCH,
  LABEL_MISMATCH,
  LOOKBACK_MS,
  ROLLING_OUT,
  TOPOLOGY,
  rankSuspects,
  topologyDistance,
  type RankChange,
  type RankIncident,
} from './rank.ts';

// checkout-api → payments-db → storage; order-history-api → payments-db; search stands alone.
const DEPS: Record<string, string[]> = {
  'checkout-api': ['payments-db'],
  'order-history-api': ['payments-db'],
  'payments-db': ['storage'],
};
const dependsOn = (s: string) => DEPS[s] ?? [];
const IMPACT = new Date('2026-12-01T10:00:00Z');
const before = (min: number) => new Date(IMPACT.getTime() - min * 60_000);

const incident = (over: Partial<RankIncident> = {}): RankIncident => ({
  service: 'checkout-api',
  impactStartedAt: IMPACT,
  labels: {},
  ...over,
});
let nextId = 1;
const change = (over: Partial<RankChange> = {}): RankChange => ({
  id: nextId++,
  kind: 'deploy',
  summary: 'deploy',
  services: ['checkout-api'],
  labels: {},
  startedAt: before(10),
  endedAt: before(9),
  source: 'cli',
  ...over,
});
const order = (list: ReturnType<typeof rankSuspects>) => list.map((s) => s.changeId);

describe('rankSuspects', () => {
  it('no changes: no suspects', () => {
    expect(rankSuspects(incident(), [], dependsOn)).toEqual([]);
  });

  it('time alone: the more recent change ranks higher, with the minutes and half-life in words', () => {
    const old = change({ startedAt: before(90), endedAt: before(85) });
    const recent = change({ startedAt: before(5), endedAt: before(4) });
    const r = rankSuspects(incident(), [old, recent], dependsOn);
    expect(order(r)).toEqual([recent.id, old.id]);
    const time = r[0]!.reasons.find((x) => x.signal === 'time')!;
    expect(time.factor).toBeCloseTo(0.5 ** (5 / HALF_LIFE_MIN.deploy), 3);
    expect(time.text).toBe('started 5 min before impact (deploy half-life 60 min)');
  });

  it('time decays per kind: a flag flip 30 min before weighs less than a migration 30 min before', () => {
    const flag = change({ kind: 'flag', startedAt: before(30), endedAt: before(30) });
    const migration = change({ kind: 'migration', startedAt: before(30), endedAt: before(30) });
    expect(order(rankSuspects(incident(), [flag, migration], dependsOn))).toEqual([migration.id, flag.id]);
  });

  it('changes after impact start or beyond the look-back window are not suspects', () => {
    const after = change({ startedAt: new Date(IMPACT.getTime() + 60_000), endedAt: null });
    const ancient = change({ startedAt: new Date(IMPACT.getTime() - LOOKBACK_MS - 1), endedAt: before(2000) });
    const edge = change({ startedAt: IMPACT, endedAt: IMPACT });
    expect(order(rankSuspects(incident(), [after, ancient, edge], dependsOn))).toEqual([edge.id]);
  });

  it('topology alone: same > upstream > downstream > unrelated', () => {
    const at = { startedAt: before(10), endedAt: before(9) };
    const unrelated = change({ ...at, services: ['search'] });
    const downstream = change({ ...at, services: ['checkout-api'] });
    const upstream = change({ ...at, services: ['storage'] });
    const same = change({ ...at, services: ['payments-db'] });
    const r = rankSuspects(incident({ service: 'payments-db' }), [unrelated, downstream, upstream, same], dependsOn);
    expect(order(r)).toEqual([same.id, upstream.id, downstream.id, unrelated.id]);
    const topo = (id: number) => r.find((s) => s.changeId === id)!.reasons.find((x) => x.signal === 'topology')!;
    expect(topo(same.id).factor).toBe(TOPOLOGY.same);
    expect(topo(upstream.id)).toEqual({
      signal: 'topology',
      factor: TOPOLOGY.upstream,
      text: 'on storage, upstream of payments-db (1 hop: payments-db depends on it)',
    });
    expect(topo(downstream.id).factor).toBe(TOPOLOGY.downstream);
    expect(topo(unrelated.id)).toEqual({
      signal: 'topology',
      factor: TOPOLOGY.unrelated,
      text: 'search is not connected to payments-db',
    });
  });

  it('topology: each upstream hop weighs less; a change on several services counts its nearest', () => {
    const oneHop = change({ services: ['payments-db'] });
    const twoHops = change({ services: ['storage'] });
    const both = change({ services: ['search', 'checkout-api'] });
    const r = rankSuspects(incident(), [twoHops, oneHop, both], dependsOn);
    expect(order(r)).toEqual([both.id, oneHop.id, twoHops.id]);
    expect(r[2]!.reasons[1]!.factor).toBeCloseTo(TOPOLOGY.upstream ** 2, 3);
  });

  it('an incident without a service weighs every place alike', () => {
    const a = change({ services: ['search'] });
    const b = change({ services: ['checkout-api'] });
    const r = rankSuspects(incident({ service: null }), [a, b], dependsOn);
    expect(r.every((s) => s.reasons[1]!.factor === TOPOLOGY.unknown)).toBe(true);
  });

  it('labels alone: landing where the fault is ranks above no label, which ranks above elsewhere', () => {
    const here = change({ labels: { region: 'eu-west-1' } });
    const none = change({ labels: {} });
    const there = change({ labels: { region: 'us-east-1' } });
    const r = rankSuspects(incident({ labels: { region: ['eu-west-1'] } }), [there, none, here], dependsOn);
    expect(order(r)).toEqual([here.id, none.id, there.id]);
    expect(r[0]!.reasons.find((x) => x.signal === 'labels')).toEqual({
      signal: 'labels',
      factor: LABEL_MATCH,
      text: 'landed in region=eu-west-1, where the fault is',
    });
    expect(r[2]!.reasons.find((x) => x.signal === 'labels')).toEqual({
      signal: 'labels',
      factor: LABEL_MISMATCH,
      text: 'landed in region=us-east-1; the fault is in region=eu-west-1',
    });
  });

  it('labels the fault does not carry are no evidence either way', () => {
    const r = rankSuspects(incident(), [change({ labels: { cluster: 'c1' } })], dependsOn);
    expect(r[0]!.reasons.map((x) => x.signal)).toEqual(['time', 'topology']);
  });

  it('rollout alone: a change still rolling out at impact start ranks above one that had finished', () => {
    const done = change({ startedAt: before(10), endedAt: before(8) });
    const rolling = change({ startedAt: before(10), endedAt: null });
    const endedLater = change({ startedAt: before(10), endedAt: new Date(IMPACT.getTime() + 60_000) });
    const r = rankSuspects(incident(), [done, rolling, endedLater], dependsOn);
    expect(r[2]!.changeId).toBe(done.id);
    expect(r[0]!.reasons.find((x) => x.signal === 'rollout')!.factor).toBe(ROLLING_OUT);
    expect(r.find((s) => s.changeId === rolling.id)!.reasons.at(-1)!.text).toBe('still rolling out');
  });

  it('history alone: a source whose changes caused incidents ranks above one whose changes were dismissed', () => {
    const good = change({ source: 'pagerduty:ci' });
    const bad = change({ source: 'cli' });
    const fresh = change({ source: 'api' });
    const history = new Map([
      ['cli', { caused: 0, dismissed: 4 }],
      ['pagerduty:ci', { caused: 3, dismissed: 1 }],
    ]);
    const r = rankSuspects(incident(), [bad, fresh, good], dependsOn, history);
    expect(order(r)).toEqual([good.id, fresh.id, bad.id]);
    expect(r[0]!.reasons.at(-1)).toEqual({
      signal: 'history',
      factor: 1.333,
      text: 'earlier changes from pagerduty:ci: 3 caused, 1 dismissed',
    });
    expect(r[1]!.reasons.some((x) => x.signal === 'history')).toBe(false);
  });

  it('ties go to the later start, then the higher id; ranks are 1..n', () => {
    const a = change({ id: 10, startedAt: before(10), endedAt: before(9) });
    const b = change({ id: 11, startedAt: before(10), endedAt: before(9) });
    const r = rankSuspects(incident(), [a, b], dependsOn);
    expect(r[0]!.score).toBe(r[1]!.score);
    expect(order(r)).toEqual([11, 10]);
    expect(r.map((s) => s.rank)).toEqual([1, 2]);
  });

  it('the score is 100 × the product of the factors shown', () => {
    const c = change({ labels: { region: 'eu' }, endedAt: null, source: 'cli' });
    const [s] = rankSuspects(
      incident({ labels: { region: ['eu'] } }),
      [c],
      dependsOn,
      new Map([['cli', { caused: 1, dismissed: 0 }]]),
    );
    const product = s!.reasons.reduce((p, r) => p * r.factor, 1);
    expect(s!.score).toBeCloseTo(100 * product, 1);
    expect(s!.reasons.map((r) => r.signal)).toEqual(['time', 'topology', 'labels', 'rollout', 'history']);
  });

  it("the issue's case: a config change upstream 3 min before outranks an unrelated deploy 1 min before", () => {
    const config = change({ kind: 'config', services: ['payments-db'], startedAt: before(3), endedAt: before(3) });
    const deploy = change({ kind: 'deploy', services: ['search'], startedAt: before(1), endedAt: before(1) });
    expect(order(rankSuspects(incident(), [deploy, config], dependsOn))).toEqual([config.id, deploy.id]);
  });
});

describe('topologyDistance', () => {
  it('finds upstream and downstream hops and survives cycles', () => {
    expect(topologyDistance('checkout-api', 'storage', dependsOn)).toEqual({ direction: 'upstream', hops: 2 });
    expect(topologyDistance('storage', 'checkout-api', dependsOn)).toEqual({ direction: 'downstream', hops: 2 });
    expect(topologyDistance('checkout-api', 'order-history-api', dependsOn)).toBeNull();
    const cyclic = (s: string) => (s === 'a' ? ['b'] : s === 'b' ? ['a'] : []);
    expect(topologyDistance('a', 'c', cyclic)).toBeNull();
    expect(topologyDistance('a', 'b', cyclic)).toEqual({ direction: 'upstream', hops: 1 });
  });
});
