/**
 * Changes and suspect changes (docs/changes.md; issue 9): changes recorded through the API rank as suspects
 * of an incident by time, topology, place, rollout and history, each with its reasons; a person's `caused`
 * verdict sets the incident's change_introduced_at key time and is on the timeline.
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ChangeList,
  ChangeView,
  IncidentDetail,
  IncidentList,
  ResponseRoom,
  SuspectChanges,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const IMPACT = '2026-12-01T10:00:00.000Z';
const minutesBefore = (m: number) => new Date(Date.parse(IMPACT) - m * 60_000).toISOString();

describe('suspect changes of an incident', () => {
  const clock = new FakeClock('2026-12-01T10:00:30Z');
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      configYaml: stringify(parse(readFileSync(QUICKSTART_CONFIG, 'utf8'))),
      providers: { email: recordingProvider() },
      engineLoop: false,
    });
  });
  afterAll(() => s.dispose());

  async function record(body: Record<string, unknown>): Promise<ChangeView> {
    const res = await s.api('/api/v1/changes', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as ChangeView;
  }

  let upstreamConfig: ChangeView;
  let unrelatedDeploy: ChangeView;
  let incidentId: number;

  it('a config change on the upstream service 3 minutes before impact ranks above a deploy on an unrelated service 1 minute before', async () => {
    // checkout-api depends on payments-db (quickstart catalog); promotions-api is not connected to either.
    upstreamConfig = await record({
      kind: 'config',
      summary: 'Lower payments-db connection pool to 20',
      services: ['payments-db'],
      startedAt: minutesBefore(3),
      endedAt: minutesBefore(3),
      author: 'ana@example.com',
    });
    unrelatedDeploy = await record({
      kind: 'deploy',
      summary: 'promotions-api v2.4.1',
      services: ['promotions-api'],
      startedAt: minutesBefore(1),
      endedAt: minutesBefore(1),
    });
    const res = await s.post('/api/v1/intake/alertmanager/quickstart', {
      version: '4',
      status: 'firing',
      receiver: 'faultline',
      groupKey: '{}:{alertname="CheckoutErrors"}',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'CheckoutErrors', service: 'checkout-api', severity: 'critical' },
          annotations: { summary: 'Checkout error rate above 5%' },
          startsAt: IMPACT,
        },
      ],
    });
    expect(res.status).toBe(202);
    await s.engine!.drain();
    const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    incidentId = list.incidents[0]!.id;

    const suspects = (await (await s.api(`/api/v1/incidents/${incidentId}/suspect-changes`)).json()) as SuspectChanges;
    expect(suspects.impactStartedAt).toBe(IMPACT);
    expect(suspects.suspects.map((x) => x.change.id)).toEqual([upstreamConfig.id, unrelatedDeploy.id]);
    const [first, second] = suspects.suspects;
    expect(first!.rank).toBe(1);
    expect(first!.reasons.map((r) => r.text)).toEqual([
      'started 3 min before impact (config half-life 30 min)',
      'on payments-db, upstream of checkout-api (1 hop: checkout-api depends on it)',
    ]);
    expect(second!.reasons[1]).toEqual({
      signal: 'topology',
      factor: 0.05,
      text: 'promotions-api is not connected to checkout-api',
    });
    expect(first!.score).toBeGreaterThan(second!.score);
    expect(suspects.changeIntroducedAt).toBeNull();
  });

  it('labelling the change `caused` sets change_introduced_at and writes the timeline', async () => {
    const res = await s.api(`/api/v1/incidents/${incidentId}/suspect-changes/${upstreamConfig.id}/verdict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verdict: 'caused', why: 'pool exhaustion in payments-db logs' }),
    });
    expect(res.status).toBe(200);
    const after = (await res.json()) as SuspectChanges;
    expect(after.changeIntroducedAt).toBe(minutesBefore(3));
    expect(after.suspects[0]!.verdict).toMatchObject({ verdict: 'caused', why: 'pool exhaustion in payments-db logs' });
    const detail = (await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail;
    const entry = detail.timeline.find((t) => t.kind === 'change_verdict');
    expect(entry?.data).toMatchObject({
      changeId: upstreamConfig.id,
      verdict: 'caused',
      milestone: 'change_introduced_at',
      at: minutesBefore(3),
    });
    expect(entry?.message).toContain('labelled caused: pool exhaustion in payments-db logs');
    // The room shows it among the key times (the 1-5-10 clock and the postmortem read it there).
    const keyTime = async () =>
      ((await (await s.api(`/api/v1/incidents/${incidentId}/room`)).json()) as ResponseRoom).keyTimes.find(
        (k) => k.code === 'change_introduced_at',
      )?.at ?? null;
    expect(await keyTime()).toBe(minutesBefore(3));

    // Dismissing it again clears the key time.
    const again = await s.api(`/api/v1/incidents/${incidentId}/suspect-changes/${upstreamConfig.id}/verdict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verdict: 'dismissed', why: 'pool was fine after all' }),
    });
    expect(((await again.json()) as SuspectChanges).changeIntroducedAt).toBeNull();
    expect(await keyTime()).toBeNull();
  });

  it("a person's edit of impact start in the room moves the ranking's anchor", async () => {
    const edit = await s.api(`/api/v1/incidents/${incidentId}/key-times`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ milestones: { impact_started_at: minutesBefore(2) }, reason: 'errors began earlier' }),
    });
    expect(edit.status).toBe(200);
    const after = (await (await s.api(`/api/v1/incidents/${incidentId}/suspect-changes`)).json()) as SuspectChanges;
    expect(after.impactStartedAt).toBe(minutesBefore(2));
    // The unrelated deploy 1 min before the old impact start is now after it: no longer a suspect.
    expect(after.suspects.map((x) => x.change.id)).not.toContain(unrelatedDeploy.id);
    expect(after.suspects.map((x) => x.change.id)).toContain(upstreamConfig.id);
  });

  it('refuses a verdict without why, or an unknown verdict, naming the field', async () => {
    const bad = async (body: unknown) => {
      const res = await s.api(`/api/v1/incidents/${incidentId}/suspect-changes/${upstreamConfig.id}/verdict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      return ((await res.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path);
    };
    expect(await bad({ verdict: 'caused', why: ' ' })).toEqual(['why']);
    expect(await bad({ verdict: 'guilty', why: 'x' })).toEqual(['verdict']);
    const missing = await s.api(`/api/v1/incidents/${incidentId}/suspect-changes/999999/verdict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ verdict: 'caused', why: 'x' }),
    });
    expect(missing.status).toBe(404);
  });

  it('lists and filters changes; refuses unknown services and times out of order', async () => {
    const byService = (await (await s.api('/api/v1/changes?service=payments-db')).json()) as ChangeList;
    expect(byService.changes.map((c) => c.id)).toEqual([upstreamConfig.id]);
    const byKind = (await (await s.api('/api/v1/changes?kind=deploy')).json()) as ChangeList;
    expect(byKind.changes.map((c) => c.id)).toEqual([unrelatedDeploy.id]);
    const paged = (await (await s.api('/api/v1/changes?limit=1')).json()) as ChangeList;
    expect(paged.changes.map((c) => c.id)).toEqual([unrelatedDeploy.id]);
    const next = (await (await s.api(`/api/v1/changes?limit=1&cursor=${paged.nextCursor}`)).json()) as ChangeList;
    expect(next.changes.map((c) => c.id)).toEqual([upstreamConfig.id]);

    const res = await s.api('/api/v1/changes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        summary: 'x',
        services: ['no-such-service'],
        startedAt: minutesBefore(1),
        endedAt: minutesBefore(2),
      }),
    });
    expect(res.status).toBe(400);
    const fields = ((await res.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map(
      (f) => f.path,
    );
    expect(fields).toEqual(['services.0']);
    // Hostile text in a filter is refused or matched safely, never a 5xx.
    const hostile = await s.api(`/api/v1/changes?service=${encodeURIComponent('pay\u0000ments')}`);
    expect(hostile.status).toBeLessThan(500);
    const order = await s.api('/api/v1/changes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        summary: 'x',
        services: ['checkout'],
        startedAt: minutesBefore(1),
        endedAt: minutesBefore(2),
      }),
    });
    expect(
      ((await order.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path),
    ).toEqual(['endedAt']);
  });

  it('a change recorded running is finished once; the alias resolves to the service', async () => {
    const running = await record({ summary: 'checkout v9', services: ['checkout'], source: 'cli' });
    expect(running).toMatchObject({ services: ['checkout-api'], status: 'running', endedAt: null, source: 'cli' });
    const patch = (body: unknown) =>
      s.api(`/api/v1/changes/${running.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const done = await patch({ status: 'failed', exitCode: 2 });
    expect(done.status).toBe(200);
    expect(await done.json()).toMatchObject({ status: 'failed', exitCode: 2, endedAt: clock.now().toISOString() });
    expect((await patch({ status: 'succeeded' })).status).toBe(409);
  });
});
