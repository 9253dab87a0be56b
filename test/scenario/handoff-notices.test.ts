/**
 * Hand-off notices (issue 4 point 3): 15 minutes before a shift starts the incoming person gets one email,
 * in their own time zone, with the shift's start and end — sent once however many engines run the job
 * (two engines on one database here, and duplicate runs of the job); a runtime override hands a shift to
 * someone else, who gets their own notice. The periodic job is a durable row driven by the fake clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { eq } from 'drizzle-orm';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { startEngine, type Engine } from '../../apps/server/src/engine/engine.ts';
import { engineWork } from '../../apps/server/src/modules.ts';
import { handoffNotices } from '../../apps/server/src/oncall/tables.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { runHandoffNotices } from '../../apps/server/src/oncall/handoff-notices.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ANN = 'ann@example.com';
const BOB = 'bob@example.com';
const CAT = 'cat@example.com';
const MIN = 60_000;

function config(): string {
  return stringify({
    version: 1,
    teams: [{ id: 'payments', members: [ANN, BOB, CAT].map((email) => ({ name: email.split('@')[0], email })) }],
    schedules: [
      {
        id: 'primary',
        name: 'Payments primary',
        timeZone: 'Europe/Berlin',
        // Hand-offs Mondays 09:00 Berlin = 08:00Z in November.
        layers: [{ id: 'w', participants: [ANN, BOB], shift: { every: 1, unit: 'weeks' }, start: '2026-11-16T09:00' }],
      },
    ],
  });
}

describe('hand-off notices', () => {
  const clock = new FakeClock('2026-11-23T07:30:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let second: Engine;
  const drainBoth = async () => {
    await Promise.all([s.engine!.drain(), second.drain()]);
    await s.engine!.drain();
  };
  const noticesTo = (who: string) => email.notices.filter((n) => n.recipient === who).map((n) => n.message);

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config() });
    // A second engine on the same database, as on another node.
    second = startEngine({ ...s.rt, nodeId: 'second-node' }, engineWork, {}, false);
    const [bob] = await s.rt.db.select().from(users).where(eq(users.email, BOB));
    if (bob) await s.rt.db.update(users).set({ timeZone: 'Asia/Shanghai' }).where(eq(users.id, bob.id));
    else
      await s.rt.db.insert(users).values({
        email: BOB,
        name: 'bob',
        timeZone: 'Asia/Shanghai',
        source: 'api',
        createdAt: clock.now(),
        updatedAt: clock.now(),
      });
  });
  afterAll(async () => {
    await second?.stop();
    await s.dispose();
  });

  it('nothing is sent earlier than 15 minutes before the shift', async () => {
    await drainBoth();
    clock.advance(14 * MIN); // 07:44Z
    await drainBoth();
    expect(email.notices).toEqual([]);
  });

  it('the incoming person is emailed once, in their zone, with start and end, however many engines run', async () => {
    clock.advance(1 * MIN); // 07:45Z: the 08:00Z shift is 15 minutes away
    // Both engines drain, and two extra runs of the job race them: still one notice.
    await Promise.all([
      drainBoth(),
      runHandoffNotices(s.rt, { leadMinutes: 15 }),
      runHandoffNotices({ ...s.rt, nodeId: 'second-node' }, { leadMinutes: 15 }),
    ]);
    await drainBoth();
    expect(noticesTo(BOB)).toEqual([
      {
        kind: 'notice',
        subject: 'You are on call for Payments primary from Mon 23 Nov 2026 16:00 (Asia/Shanghai)',
        text: expect.stringMatching(
          /^You are on call for Payments primary from Mon 23 Nov 2026 16:00 to Mon 30 Nov 2026 16:00 \(Asia\/Shanghai\)\./,
        ),
      },
    ]);
    for (let i = 0; i < 30; i++) {
      clock.advance(MIN);
      await drainBoth();
    }
    expect(noticesTo(BOB)).toHaveLength(1);
    expect(noticesTo(ANN)).toEqual([]);
    const rows = await s.rt.db.select().from(handoffNotices);
    expect(rows.map((r) => r.key)).toEqual([`primary:${BOB}:2026-11-23T08:00:00.000Z`]);
  });

  it('an override hands part of a shift to someone else: they get their own notice', async () => {
    const res = await s.api('/api/v1/schedules/primary/overrides', {
      method: 'POST',
      body: JSON.stringify({ user: CAT, replaces: BOB, start: '2026-11-23T10:00:00Z', end: '2026-11-23T11:00:00Z' }),
    });
    expect(res.status).toBe(201);
    while (clock.now().getTime() < Date.parse('2026-11-23T09:50:00Z')) {
      clock.advance(5 * MIN);
      await drainBoth();
    }
    expect(noticesTo(CAT).map((m) => m.kind === 'notice' && m.subject)).toEqual([
      'You are on call for Payments primary from Mon 23 Nov 2026 10:00 (UTC)',
    ]);
    expect(noticesTo(CAT)[0]!.kind === 'notice' && noticesTo(CAT)[0]!.text).toContain(
      'from Mon 23 Nov 2026 10:00 to Mon 23 Nov 2026 11:00 (UTC)',
    );
  });
});
