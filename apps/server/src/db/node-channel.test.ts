import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES, openNodeChannel, payloadsOf } from './node-channel.ts';

describe('node channel payloads', () => {
  it('sends repeats once and keeps the order', () => {
    const { payloads, tooLarge } = payloadsOf('t1', [{ a: 1 }, { b: 2 }, { a: 1 }]);
    expect(payloads).toEqual(['{"n":"t1","e":[{"a":1},{"b":2}]}']);
    expect(tooLarge).toEqual([]);
  });

  it('splits a burst into payloads under the limit that together carry every note, in order', () => {
    const notes = Array.from({ length: 2_000 }, (_, i) => ({
      k: 'message',
      m: { type: 'incident.updated', incidentId: i },
    }));
    const { payloads } = payloadsOf('tag', notes);
    expect(payloads.length).toBeGreaterThan(1);
    for (const p of payloads) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
    const back = payloads.flatMap((p) => (JSON.parse(p) as { n: string; e: unknown[] }).e);
    expect(back).toEqual(notes);
  });

  it('drops a note that alone is over the limit, and says so', () => {
    const big = { text: 'x'.repeat(100) };
    const { payloads, tooLarge } = payloadsOf('t', [{ a: 1 }, big], 80);
    expect(payloads).toEqual(['{"n":"t","e":[{"a":1}]}']);
    expect(tooLarge).toEqual([JSON.stringify(big)]);
  });

  it('on the embedded store sends nothing and needs no connection', async () => {
    const queries: string[] = [];
    const ch = openNodeChannel(
      { kind: 'pglite', query: async (text) => queries.push(text) },
      { onNotes: () => undefined, onReconnect: () => undefined, log: { warn: () => undefined, info: () => undefined } },
    );
    expect(ch.crossesNodes).toBe(false);
    ch.send({ k: 'credentials' });
    await ch.flush();
    await ch.ready();
    await ch.close();
    expect(queries).toEqual([]);
  });
});
