/**
 * Retention of stored silences and maintenance windows (issue 16 item 1, docs/convergence.md#retention): an
 * expired silence and an ended one-off window are kept for the retention (120 h, Alertmanager's default for
 * silences) and then deleted by the hourly `suppression.purge` job, on the injected clock; a recurring window
 * stays until deleted.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaintenanceWindowView, SilenceView } from '@faultline/contracts';
import { rows } from '../../apps/server/src/db/index.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const T0 = '2026-11-21T14:00:00Z';
const HOUR = 3_600_000;

describe('silences and maintenance windows are deleted after their retention', () => {
  const clock = new FakeClock(T0);
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const at = (hours: number) => new Date(new Date(T0).getTime() + hours * HOUR).toISOString();
  const stored = async () => {
    const [r] = await rows<{ silences: string | null; windows: string | null }>(
      s.rt.db,
      sql`select (select string_agg(id, ',' order by id) from silences) as silences,
                 (select string_agg(name, ',' order by name) from maintenance_windows) as windows`,
    );
    return { silences: r?.silences?.split(',') ?? [], windows: r?.windows?.split(',') ?? [] };
  };
  const advanceTo = async (hours: number) => {
    clock.advance(new Date(at(hours)).getTime() - clock.now().getTime());
    await s.engine!.drain();
  };

  let silence: SilenceView;

  it('stores a silence ending in 1 h, a one-off window ending in 2 h and a recurring window', async () => {
    const res = await s.api('/api/v1/silences', {
      method: 'POST',
      body: JSON.stringify({ matchers: ['alertname="DiskFull"'], endsAt: at(1), comment: 'disk swap' }),
    });
    expect(res.status).toBe(201);
    silence = (await res.json()) as SilenceView;
    for (const body of [
      { name: 'db upgrade', startsAt: at(0.5), endsAt: at(2), scope: { services: ['payments-db'] } },
      { name: 'weekly', timeIntervals: [{ weekdays: ['sunday'] }], scope: { services: ['checkout-api'] } },
    ]) {
      const w = await s.api('/api/v1/maintenance-windows', { method: 'POST', body: JSON.stringify(body) });
      expect(w.status, await w.clone().text()).toBe(201);
      expect(((await w.json()) as MaintenanceWindowView).name).toBe(body.name);
    }
    expect(await stored()).toEqual({ silences: [silence.id], windows: ['db upgrade', 'weekly'] });
  });

  it('keeps them through the retention after their end', async () => {
    await advanceTo(1 + 119.5);
    expect(await stored()).toEqual({ silences: [silence.id], windows: ['db upgrade', 'weekly'] });
    const listed = (await (await s.api('/api/v1/silences?state=expired')).json()) as { silences: SilenceView[] };
    expect(listed.silences.map((x) => x.id)).toEqual([silence.id]);
  });

  it('deletes the silence 120 h after it expired, then the window 120 h after it ended; not the recurring one', async () => {
    await advanceTo(1 + 120.5);
    expect(await stored()).toEqual({ silences: [], windows: ['db upgrade', 'weekly'] });
    await advanceTo(2 + 120.5);
    expect(await stored()).toEqual({ silences: [], windows: ['weekly'] });
    await advanceTo(24 * 400);
    expect(await stored()).toEqual({ silences: [], windows: ['weekly'] });
  });
});
