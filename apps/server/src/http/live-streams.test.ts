import { describe, expect, it } from 'vitest';
import type { StreamMessage } from '@faultline/contracts';
import { Bus } from '../lib/bus.ts';
import { AppError } from '../lib/errors.ts';
import { LiveStreams, type TeamsOf } from './live-streams.ts';

/** Incident id → team: 1 and 3 payments, 2 storefront, 4 no team. */
const TEAMS = new Map<number, string | null>([
  [1, 'payments'],
  [2, 'storefront'],
  [3, 'payments'],
  [4, null],
]);

function fixture(caps = { maxStreams: 100, maxStreamsPerToken: 100 }) {
  const bus = new Bus();
  const lookups: number[][] = [];
  const teamsOf: TeamsOf = async (ids) => {
    lookups.push([...ids]);
    return new Map(ids.filter((id) => TEAMS.has(id)).map((id) => [id, TEAMS.get(id)!]));
  };
  const errors: unknown[] = [];
  const streams = new LiveStreams(bus, teamsOf, caps, (e) => errors.push(e), 5);
  const received = () => {
    const got: StreamMessage[] = [];
    const writes: string[] = [];
    return { got, writes, send: (frames: string) => void (writes.push(frames), got.push(...parse(frames))) };
  };
  return { bus, lookups, streams, received, settle: () => streams.settled(), errors };
}

const updated = (incidentId: number): StreamMessage => ({ type: 'incident.updated', incidentId });

/** The messages of Server-Sent Events frames. */
const parse = (frames: string): StreamMessage[] =>
  frames
    .split('\n\n')
    .filter(Boolean)
    .map((f) => JSON.parse(f.replace(/^data: /, '')) as StreamMessage);

describe('LiveStreams fan-out', () => {
  it('gives an all-seeing stream every message, without a lookup, in one write per moment, repeats dropped', async () => {
    const f = fixture();
    const all = f.received();
    f.streams.add('t', null, all.send);
    f.bus.publish(updated(2));
    f.bus.publish({ type: 'rules.changed', module: 'checkout' });
    f.bus.publish(updated(2));
    await f.settle();
    expect(all.got).toEqual([updated(2), { type: 'rules.changed', module: 'checkout' }]);
    expect(all.writes).toHaveLength(1);
    expect(f.lookups).toEqual([]);
  });

  it("gives a team-limited stream its teams' incidents only, in publishing order", async () => {
    const f = fixture();
    const payments = f.received();
    const both = f.received();
    f.streams.add('a', ['payments'], payments.send);
    f.streams.add('b', ['payments', 'storefront'], both.send);
    for (const id of [1, 2, 4, 3, 99]) f.bus.publish(updated(id));
    f.bus.publish({ type: 'kpi.evaluated', watchId: 'orders' });
    await f.settle();
    expect(payments.got).toEqual([updated(1), updated(3)]);
    expect(both.got).toEqual([updated(1), updated(2), updated(3)]);
  });

  it('looks each incident up once for any number of team-limited streams, and a burst in one query', async () => {
    const f = fixture({ maxStreams: 5_000, maxStreamsPerToken: 5_000 });
    const sinks = Array.from({ length: 2_000 }, () => f.received());
    for (const s of sinks) f.streams.add('many', ['payments'], s.send);
    f.bus.publish(updated(1));
    f.bus.publish(updated(2));
    f.bus.publish(updated(3));
    await f.settle();
    f.bus.publish(updated(1));
    await f.settle();
    expect(f.lookups).toEqual([[1, 2, 3]]);
    expect(sinks.every((s) => s.got.length === 3)).toBe(true);
  });

  it('stops sending to a closed stream, and does no lookup when no team-limited stream is open', async () => {
    const f = fixture();
    const s = f.received();
    const close = f.streams.add('t', ['payments'], s.send);
    close();
    close();
    f.bus.publish(updated(1));
    await f.settle();
    expect(s.got).toEqual([]);
    expect(f.lookups).toEqual([]);
    expect(f.streams.size).toBe(0);
  });

  it('reports a failed lookup and keeps serving later messages', async () => {
    const bus = new Bus();
    let fail = true;
    const errors: unknown[] = [];
    const streams = new LiveStreams(
      bus,
      async (ids) => {
        if (fail) throw new Error('connection lost');
        return new Map(ids.map((id) => [id, TEAMS.get(id) ?? null]));
      },
      { maxStreams: 10, maxStreamsPerToken: 10 },
      (e) => errors.push(e),
      5,
    );
    const got: StreamMessage[] = [];
    streams.add('t', ['payments'], (frames) => got.push(...parse(frames)));
    bus.publish(updated(1));
    await streams.settled();
    fail = false;
    bus.publish(updated(3));
    await streams.settled();
    expect(errors).toHaveLength(1);
    expect(got).toEqual([updated(3)]);
  });
});

describe('LiveStreams caps', () => {
  it('refuses a token past its cap with RATE_LIMITED, and the node past its cap with UNAVAILABLE', () => {
    const f = fixture({ maxStreams: 3, maxStreamsPerToken: 2 });
    const noop = () => undefined;
    const first = f.streams.add('alice', null, noop);
    f.streams.add('alice', null, noop);
    expect(() => f.streams.add('alice', null, noop)).toThrow(
      expect.objectContaining({ code: 'RATE_LIMITED' }) as AppError,
    );
    f.streams.add('bob', ['payments'], noop);
    expect(() => f.streams.add('carol', null, noop)).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE' }) as AppError,
    );
    first();
    expect(f.streams.size).toBe(2);
    expect(() => f.streams.add('alice', null, noop)).not.toThrow();
  });
});
