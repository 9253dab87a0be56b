/**
 * Issue 10 item 1 (impact prefilled from KPI evidence): a pushed KPI drop of 36 % against a static baseline of
 * 1000 grades the checkout incident; once resolved, its postmortem's impact section carries the decline % from
 * the KPI entry that graded it, with that entry named as the source, and the impact period from the breach; a
 * person's edit of the decline is kept and the source then says who set it.
 *
 * Runs on the embedded store, and on PostgreSQL in the scenario-postgres run (TEST_DATABASE_URL).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, PostmortemView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const WATCH = 'checkout-orders';
const config = `${readFileSync(QUICKSTART_CONFIG, 'utf8')}
kpiWatches:
  - id: ${WATCH}
    module: checkout
    source: push
    description: successful orders/min
    baseline: { kind: static, value: 1000 }
    everySeconds: 10
`;

describe('the impact section prefilled from the KPI evidence', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  let s: TestServer;
  const json = async <T>(res: Response | Promise<Response>): Promise<T> => (await res).json() as Promise<T>;
  const post = (path: string, body?: unknown) =>
    s.api(path, { method: 'POST', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const pushAndTick = async (value: number) => {
    const res = await post(`/api/v1/kpi-watches/${WATCH}/samples`, { samples: [{ value }] });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    clock.advance(10_000);
  };
  const kpiIncident = async () => {
    const list = await json<IncidentList>(s.api('/api/v1/incidents?status=all'));
    return list.incidents.find((i) => i.groupKey === `service=checkout-api,kpi=${WATCH}`);
  };

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: config,
    });
    await s.engine!.drain();
  });
  afterAll(() => s?.dispose());

  it('takes the decline % and the impact period from the KPI entry that graded the incident, and names it', async () => {
    for (let i = 0; i < 12 && !(await kpiIncident())?.levels.P; i++) await pushAndTick(640);
    const incident = (await kpiIncident())!;
    expect(incident.levels).toEqual({ P: 'P1' });
    const breachStart = '2026-11-21T12:00:00.000Z';
    const graded = (await json<IncidentDetail>(s.api(`/api/v1/incidents/${incident.id}`))).timeline.find(
      (t) => t.kind === 'kpi_breach' && (t.data as { sustainedDropPct?: number }).sustainedDropPct !== undefined,
    )!;
    expect(graded).toBeDefined();

    // Back to normal (two evaluations below the risk threshold write kpi_recovered), then resolved by a person.
    await pushAndTick(1000);
    await pushAndTick(1000);
    const recovered = (await json<IncidentDetail>(s.api(`/api/v1/incidents/${incident.id}`))).timeline.find(
      (t) => t.kind === 'kpi_recovered',
    )!;
    expect(recovered).toBeDefined();
    expect((await post(`/api/v1/incidents/${incident.id}/acknowledge`)).status).toBe(200);
    expect((await post(`/api/v1/incidents/${incident.id}/resolve`)).status).toBe(200);
    await s.engine!.drain();

    const pm = await json<PostmortemView>(s.api(`/api/v1/incidents/${incident.id}/postmortem`));
    expect(pm.sections.impact.declinePercent).toBe(36);
    expect(pm.sections.impact.declineSource).toBe(
      `KPI watch ${WATCH} (timeline #${graded.id}, ${graded.at}): 640 against baseline 1000, down 36 %; sustained ≥ ${(graded.data as { sustainedDropPct: number }).sustainedDropPct} % over ${(graded.data as { windowMinutes: number }).windowMinutes} min graded P1`,
    );
    expect(pm.sections.impact.periods).toBe(`${breachStart} – ${recovered.at}`);
    expect(pm.sections.impact.periodsSource).toBe(
      `impact started (key time) – KPI recovered (timeline #${recovered.id})`,
    );
    const md = await (await s.api(`/api/v1/postmortems/${pm.id}/markdown`)).text();
    expect(md).toContain(`- Decline: 36 % (KPI watch ${WATCH} (timeline #${graded.id}`);

    // Editable: a person's decline is kept and the source says who set it; the period keeps its source.
    const edited = await json<PostmortemView>(
      s.api(`/api/v1/postmortems/${pm.id}`, {
        method: 'PATCH',
        body: JSON.stringify({ sections: { impact: { ...pm.sections.impact, declinePercent: 40 } } }),
      }),
    );
    expect(edited.sections.impact).toMatchObject({
      declinePercent: 40,
      declineSource: 'set by admin',
      periodsSource: pm.sections.impact.periodsSource,
    });
    // A patch that leaves the sources out keeps them while the values stay.
    const { declineSource: _d, periodsSource: _p, ...bare } = edited.sections.impact;
    const again = await json<PostmortemView>(
      s.api(`/api/v1/postmortems/${pm.id}`, { method: 'PATCH', body: JSON.stringify({ sections: { impact: bare } }) }),
    );
    expect(again.sections.impact).toMatchObject({ declinePercent: 40, declineSource: 'set by admin' });
    const bad = await s.api(`/api/v1/postmortems/${pm.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ sections: { impact: { ...bare, declinePercent: 140 } } }),
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('sections.impact.declinePercent');
  });
});
