/**
 * Opsgenie Alert API v2 compatibility (issue 16 point 7; docs/intake.md): a tool that pages Opsgenie pages
 * Faultline by changing the host and using an integration key as its GenieKey. Create (graded by priority,
 * `alias` the dedup key), acknowledge, add note and close act on one alert, by alias or by Faultline alert id;
 * the answers and errors are Opsgenie's own bodies, and a refused request writes nothing.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { rows } from '../../apps/server/src/db/client.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { fixturePath } from '../support/fixtures.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const KEY = 'opsgenie-api-integration';
const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as { integrations: object[] };
const configYaml = stringify({
  ...quickstart,
  integrations: [
    ...quickstart.integrations,
    { key: KEY, name: 'Opsgenie API', source: 'opsgenie', service: 'checkout-api' },
  ],
});
// Opsgenie's documented sample request (test/fixtures/opsgenie-alert-api/SOURCE.md): P1, alias set.
const SAMPLE = JSON.parse(readFileSync(fixturePath('opsgenie-alert-api', 'create-alert.json'), 'utf8')) as {
  alias: string;
  message: string;
};
const ACTION = JSON.parse(readFileSync(fixturePath('opsgenie-alert-api', 'action.json'), 'utf8')) as object;

describe('Opsgenie Alert API: create, acknowledge, note, close', () => {
  const clock = new FakeClock('2026-11-21T15:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let incidentId: number;

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const send = (path: string, body: unknown, auth = `GenieKey ${KEY}`, raw?: string) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
      body: raw ?? JSON.stringify(body),
    });
  async function accepted(path: string, body: unknown): Promise<void> {
    const res = await send(path, body);
    expect(res.status).toBe(202);
    const answer = (await res.json()) as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual(['requestId', 'result', 'took']);
    expect(answer).toMatchObject({ result: 'Request will be processed', took: expect.any(Number) });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('x-request-id')).toBe(answer.requestId);
    await s.engine!.drain();
  }
  const incident = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const all = async () => ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
  const events = async () => Number((await rows<{ n: string }>(s.rt.db, sql`select count(*) as n from events`))[0]!.n);
  const pages = (id: number) => email.sent.filter((m) => m.message.incidentId === id).length;

  it("opens an incident graded by the create's priority, and pages once", async () => {
    await accepted('/v2/alerts', SAMPLE);
    const [only, ...rest] = await all();
    expect(rest).toHaveLength(0);
    incidentId = only!.id;
    const d = await incident(incidentId);
    // P1 → severity critical → the quickstart's generic rule: P2 on the core checkout module.
    expect(d).toMatchObject({ status: 'triggered', service: 'checkout-api', levels: { P: 'P2' }, firingCount: 1 });
    expect(d.alerts[0]).toMatchObject({
      dedupKey: `${KEY}:${SAMPLE.alias}`,
      source: 'opsgenie',
      summary: SAMPLE.message,
      severity: 'critical',
      labels: { priority: 'P1', entity: 'An example entity', tags: 'OverwriteQuietHours,Critical', key1: 'value1' },
      annotations: { description: 'Every alert needs a description' },
    });
    expect(pages(incidentId)).toBe(1);
  });

  it('counts a create with the same alias on the open alert, with no new incident or page', async () => {
    clock.advance(60_000);
    await accepted('/v2/alerts', SAMPLE);
    const d = await incident(incidentId);
    expect(d.alerts).toHaveLength(1);
    expect(d.alerts[0]).toMatchObject({ count: 2, status: 'firing' });
    expect(await all()).toHaveLength(1);
    expect(pages(incidentId)).toBe(1);
  });

  it('acknowledges by alias, and puts a note on the timeline', async () => {
    const alias = encodeURIComponent(SAMPLE.alias);
    await accepted(`/v2/alerts/${alias}/acknowledge?identifierType=alias`, ACTION);
    expect(await incident(incidentId)).toMatchObject({ status: 'acknowledged' });
    await accepted(`/v2/alerts/${alias}/notes?identifierType=alias`, { note: 'disk cleaned up', user: 'ops-bot' });
    const notes = (await incident(incidentId)).timeline.filter((t) => t.kind === 'note');
    expect(notes.map((t) => t.message)).toEqual([`note on alert "${SAMPLE.message}" (ops-bot): disk cleaned up`]);
  });

  it('closes by alias: the alert resolves and its incident is mitigated', async () => {
    clock.advance(60_000);
    await accepted(`/v2/alerts/${encodeURIComponent(SAMPLE.alias)}/close?identifierType=alias`, ACTION);
    const d = await incident(incidentId);
    expect(d).toMatchObject({ status: 'mitigated', firingCount: 0 });
    expect(d.alerts[0]).toMatchObject({ status: 'resolved', endsAt: '2026-11-21T15:02:00.000Z' });
  });

  it('closes by Faultline alert id (identifierType id, the default, or tiny); a P3 grades lower', async () => {
    await accepted('/v2/alerts', { message: 'Queue depth high', alias: 'queue-depth', priority: 'P3' });
    const fresh = (await all()).find((i) => i.id !== incidentId)!;
    const d = await incident(fresh.id);
    expect(d).toMatchObject({ levels: { P: 'P3' } }); // P3 → warning → the quickstart's P3 rule
    const alertId = d.alerts[0]!.id;
    await accepted(`/v2/alerts/${alertId}/close`, {});
    expect(await incident(fresh.id)).toMatchObject({ status: 'mitigated', firingCount: 0 });
    // Another integration's alert id is not found through this key.
    const before = await events();
    const res = await send(`/v2/alerts/${alertId + 1000}/close?identifierType=tiny`, {});
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: 'Alert does not exist' });
    expect(await events()).toBe(before);
  });

  it("refuses in Opsgenie's shapes, naming the field, and writes nothing", async () => {
    const before = await events();
    const noKey = await send('/v2/alerts', SAMPLE, '');
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toEqual({
      message: 'Could not authenticate',
      took: expect.any(Number),
      requestId: expect.any(String),
    });
    // A bearer token, or another source's key, is not a GenieKey of an Opsgenie integration.
    expect((await send('/v2/alerts', SAMPLE, `Bearer ${KEY}`)).status).toBe(401);
    expect((await send('/v2/alerts', SAMPLE, 'GenieKey quickstart-pagerduty')).status).toBe(401);
    // Authentication comes first: a bad key with a bad body is still a 401.
    expect((await send('/v2/alerts', { priority: 'P9' }, 'GenieKey nope-nope-nope')).status).toBe(401);

    const bad = await send('/v2/alerts', { ...SAMPLE, priority: 'P9' });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({
      message: 'Request body is not processable. Please check the errors.',
      errors: { priority: 'should be one of [ P1, P2, P3, P4, P5 ]' },
      took: expect.any(Number),
      requestId: expect.any(String),
    });
    const noMessage = await send('/v2/alerts', { alias: 'x' });
    expect(noMessage.status).toBe(422);
    expect(((await noMessage.json()) as { errors: object }).errors).toHaveProperty('message');
    const badType = await send('/v2/alerts/x/close?identifierType=name', {});
    expect(badType.status).toBe(422);
    expect(((await badType.json()) as { errors: object }).errors).toHaveProperty('identifierType');
    const noNote = await send('/v2/alerts/x/notes?identifierType=alias', {});
    expect(((await noNote.json()) as { errors: object }).errors).toHaveProperty('note');
    const notJson = await send('/v2/alerts', null, undefined, '{"message": ');
    expect(notJson.status).toBe(400);
    expect(Object.keys((await notJson.json()) as object).sort()).toEqual(['message', 'requestId', 'took']);
    expect(await events()).toBe(before);
  });
});
