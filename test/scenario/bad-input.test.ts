/**
 * Bad input is refused with a precise, actionable error and leaves no trace: for every intake endpoint and
 * for console sign-in, each rejected request answers the documented status and body (docs/errors.md,
 * docs/intake.md), names the field at fault, never shows a stack trace, and writes nothing (events,
 * alerts, incidents and tokens are counted before and after). The API's own routes answer unknown paths,
 * bad ids and missing incidents the same way.
 */
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { rows } from '../../apps/server/src/db/client.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';

// Integration keys come from the shipped quickstart, not from memory.
const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as {
  integrations: Array<{ key: string; source: string }>;
};
const keyOf = (source: string) => quickstart.integrations.find((i) => i.source === source)!.key;
const ALERTMANAGER_KEY = keyOf('alertmanager');
const PAGERDUTY_KEY = keyOf('pagerduty');
const GENERIC_KEY = keyOf('generic');

const ALERTMANAGER = `/api/v1/intake/alertmanager/${ALERTMANAGER_KEY}`;
const PAGERDUTY = '/v2/enqueue';
const GENERIC = `/api/v1/intake/generic/${GENERIC_KEY}`;
const SESSION = '/api/v1/session';

/** The documented body limits (docs/intake.md): 5 MiB on the native intake endpoints, 512 KiB on /v2/enqueue. */
const INTAKE_LIMIT = 5 * 1024 * 1024;
const PAGERDUTY_LIMIT = 512 * 1024;
/** The API's general body limit (sign-in and other JSON requests). */
const API_LIMIT = 1024 * 1024;

const diskFullAlert = {
  status: 'firing',
  labels: { alertname: 'DiskFull', service: 'checkout-api', instance: 'db-1', severity: 'warning' },
  annotations: { summary: 'Disk almost full on db-1' },
  startsAt: '2026-11-21T13:58:00Z',
};
const validAlertmanager = { version: '4', status: 'firing', receiver: 'faultline', alerts: [diskFullAlert] };
const validPagerDuty = {
  routing_key: PAGERDUTY_KEY,
  event_action: 'trigger',
  dedup_key: 'disk-full-db-1',
  payload: { summary: 'Disk almost full on db-1', source: 'db-1', severity: 'warning' },
};
const validGeneric = { title: 'Nightly backup failed', severity: 'warning', labels: { job: 'backup' } };
const validSession = { token: ADMIN_TOKEN };

interface Endpoint {
  name: string;
  path: string;
  valid: unknown;
  /** PagerDuty's endpoint answers in PagerDuty's shapes, every other one with ApiError. */
  pagerDutyShape: boolean;
}
const endpoints: Endpoint[] = [
  { name: 'Alertmanager intake', path: ALERTMANAGER, valid: validAlertmanager, pagerDutyShape: false },
  { name: 'PagerDuty-compatible intake', path: PAGERDUTY, valid: validPagerDuty, pagerDutyShape: true },
  { name: 'generic intake', path: GENERIC, valid: validGeneric, pagerDutyShape: false },
  { name: 'console sign-in', path: SESSION, valid: validSession, pagerDutyShape: false },
];

interface PagerDutyInvalid {
  status: string;
  message: string;
  errors: string[];
}

/** Frames or file paths of a stack trace, in any form Node prints them. */
const STACK_TRACE = /\n\s+at |\bat [\w.<>]+ \(|node:internal|node_modules|file:\/\/|\/apps\/server\/|\.ts:\d+/;

describe('bad input is refused, explained, and writes nothing', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: recordingProvider() }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  /** Everything a request could have written: raw events, and what convergence would make of them. */
  async function written(): Promise<Record<string, number>> {
    // Converge first, so a stored event would also show up as alerts and incidents.
    await s.engine!.drain();
    const [r] = await rows<Record<string, number>>(
      s.rt.db,
      sql`select (select count(*)::int from events) as events,
                 (select count(*)::int from alerts) as alerts,
                 (select count(*)::int from incidents) as incidents,
                 (select count(*)::int from api_tokens) as tokens`,
    );
    return r!;
  }

  /** Sends a request expected to be refused; checks nothing was written and no stack trace was shown. */
  async function refused(send: () => Promise<Response>): Promise<{ status: number; text: string; body: unknown }> {
    const before = await written();
    const res = await send();
    const text = await res.text();
    expect(text).not.toMatch(STACK_TRACE);
    expect(await written()).toEqual(before);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, text, body };
  }

  const raw = (path: string, body: string, contentType?: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { ...(contentType ? { 'content-type': contentType } : {}), ...headers },
      body,
    });

  function expectApiError(body: unknown, code: string, fieldPath?: string | RegExp): ApiError['error'] {
    const err = (body as ApiError).error;
    expect(err.code).toBe(code);
    expect(err.message.length).toBeGreaterThan(0);
    if (fieldPath !== undefined) {
      const paths = (err.fields ?? []).map((f) => f.path);
      if (typeof fieldPath === 'string') expect(paths).toContain(fieldPath);
      else expect(paths.some((p) => fieldPath.test(p))).toBe(true);
    }
    return err;
  }

  function expectPagerDutyInvalid(body: unknown, mention: string): void {
    const pd = body as PagerDutyInvalid;
    expect(pd).toEqual({ status: 'invalid event', message: expect.any(String), errors: expect.any(Array) });
    expect(pd.errors.some((e) => e.includes(mention))).toBe(true);
    expect(body).not.toHaveProperty('error');
  }

  it('accepts the valid form of every intake body (the fixtures below differ from it only in the fault)', async () => {
    const before = await written();
    for (const e of endpoints.filter((x) => x.path !== SESSION)) {
      const res = await s.post(e.path, e.valid);
      expect(res.status, e.name).toBe(202);
    }
    expect((await s.post(SESSION, validSession)).status).toBe(200);
    const after = await written();
    expect(after.events).toBe(before.events! + 3);
    expect(after.tokens).toBe(before.tokens! + 1);
  });

  it("adds the code's sentence in the language Accept-Language asks for; code and English message stay", async () => {
    const zh = await refused(() =>
      raw(ALERTMANAGER, '{"alerts": [', 'application/json', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' }),
    );
    expect(zh.status).toBe(400);
    const err = expectApiError(zh.body, 'VALIDATION', 'body');
    expect(err.message).toMatch(/^malformed JSON/);
    expect(err).toMatchObject({ localizedMessage: '请求无效：请检查字段 body。', locale: 'zh-CN' });
    const missing = await fetch(`${s.url}/api/v1/no-such-route`, { headers: { 'accept-language': 'zh' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-language')).toBe('zh-CN');
    expect(((await missing.json()) as ApiError).error).toMatchObject({
      code: 'NOT_FOUND',
      message: 'no route GET /api/v1/no-such-route',
      localizedMessage: '未找到。',
    });
    // English, or a language Faultline does not ship, adds nothing.
    for (const lang of ['en-US', 'de-DE']) {
      const r = await refused(() => raw(ALERTMANAGER, '{"alerts": [', 'application/json', { 'accept-language': lang }));
      expect((r.body as ApiError).error).not.toHaveProperty('localizedMessage');
    }
  });

  describe.each(endpoints)('$name', ({ path, pagerDutyShape }) => {
    it('malformed JSON → 400 VALIDATION naming body', async () => {
      const r = await refused(() => raw(path, '{"alerts": [', 'application/json'));
      expect(r.status).toBe(400);
      if (pagerDutyShape) expectPagerDutyInvalid(r.body, 'body');
      else expectApiError(r.body, 'VALIDATION', 'body');
    });

    it('an empty body → 400 VALIDATION naming body', async () => {
      const r = await refused(() => raw(path, '', 'application/json'));
      expect(r.status).toBe(400);
      if (pagerDutyShape) expectPagerDutyInvalid(r.body, 'body');
      else expectApiError(r.body, 'VALIDATION', 'body');
    });

    it('a text/plain body → 415 naming content-type', async () => {
      const r = await refused(() => raw(path, 'DiskFull on db-1', 'text/plain'));
      expect(r.status).toBe(415);
      if (pagerDutyShape) expect((r.body as { message: string }).message).toMatch(/content-type/i);
      else expectApiError(r.body, 'UNSUPPORTED_MEDIA_TYPE', 'content-type');
    });

    it('an application/xml body → 415 naming content-type', async () => {
      const r = await refused(() => raw(path, '<alert>DiskFull</alert>', 'application/xml'));
      expect(r.status).toBe(415);
      if (pagerDutyShape) expect((r.body as { message: string }).message).toMatch(/content-type/i);
      else expectApiError(r.body, 'UNSUPPORTED_MEDIA_TYPE', 'content-type');
    });

    it('a JSON array instead of an object → 400 naming body, like every other whole-body problem', async () => {
      const r = await refused(() => s.post(path, [{ title: 'x' }]));
      expect(r.status).toBe(400);
      if (pagerDutyShape) expectPagerDutyInvalid(r.body, 'body');
      else expectApiError(r.body, 'VALIDATION', 'body');
    });

    it('a prototype-poisoning body → 400', async () => {
      const r = await refused(() => raw(path, '{"__proto__": {"admin": true}, "title": "x"}', 'application/json'));
      expect(r.status).toBe(400);
      if (!pagerDutyShape) expectApiError(r.body, 'VALIDATION');
    });
  });

  describe('integration keys', () => {
    it('an unknown Alertmanager key → 404 NOT_FOUND naming key', async () => {
      const r = await refused(() => s.post('/api/v1/intake/alertmanager/no-such-integration', validAlertmanager));
      expect(r.status).toBe(404);
      expectApiError(r.body, 'NOT_FOUND', 'key');
    });

    it('an unknown generic key → 404 NOT_FOUND naming key', async () => {
      const r = await refused(() => s.post('/api/v1/intake/generic/no-such-integration', validGeneric));
      expect(r.status).toBe(404);
      expectApiError(r.body, 'NOT_FOUND', 'key');
    });

    it("a key of another source → 404: a key works only on its own source's endpoint", async () => {
      const r1 = await refused(() => s.post(`/api/v1/intake/alertmanager/${GENERIC_KEY}`, validAlertmanager));
      expect(r1.status).toBe(404);
      expectApiError(r1.body, 'NOT_FOUND', 'key');
      const r2 = await refused(() => s.post(`/api/v1/intake/generic/${ALERTMANAGER_KEY}`, validGeneric));
      expect(r2.status).toBe(404);
      expectApiError(r2.body, 'NOT_FOUND', 'key');
      const r3 = await refused(() => s.post(PAGERDUTY, { ...validPagerDuty, routing_key: GENERIC_KEY }));
      expect(r3.status).toBe(400);
      expectPagerDutyInvalid(r3.body, 'routing_key');
    });

    it("an unknown PagerDuty routing_key → 400 in PagerDuty's shape mentioning routing_key", async () => {
      const r = await refused(() => s.post(PAGERDUTY, { ...validPagerDuty, routing_key: 'no-such-integration' }));
      expect(r.status).toBe(400);
      expectPagerDutyInvalid(r.body, 'routing_key');
    });

    it("a PagerDuty event without routing_key → 400 in PagerDuty's shape mentioning routing_key", async () => {
      const { routing_key: _omitted, ...noKey } = validPagerDuty;
      const r = await refused(() => s.post(PAGERDUTY, noKey));
      expect(r.status).toBe(400);
      expectPagerDutyInvalid(r.body, 'routing_key');
    });

    it('an Alertmanager request with neither a key in the path nor a bearer token → 401 naming key', async () => {
      const r = await refused(() => s.post('/api/v1/intake/alertmanager', validAlertmanager));
      expect(r.status).toBe(401);
      expectApiError(r.body, 'UNAUTHORIZED', 'key');
    });

    it('a generic request with neither a key in the path nor a bearer token → 401 naming key', async () => {
      const r = await refused(() => s.post('/api/v1/intake/generic', validGeneric));
      expect(r.status).toBe(401);
      expectApiError(r.body, 'UNAUTHORIZED', 'key');
    });

    it('an empty key in the path is not a key → 400 naming the key parameter, nothing written', async () => {
      const r = await refused(() => s.post('/api/v1/intake/alertmanager/', validAlertmanager));
      expect(r.status).toBe(400);
      expectApiError(r.body, 'VALIDATION', /(^|\.)key$/);
    });

    it('a bearer token that is no integration key of the source → 404 naming key', async () => {
      for (const [path, body, token] of [
        ['/api/v1/intake/alertmanager', validAlertmanager, 'no-such-integration'],
        ['/api/v1/intake/generic', validGeneric, ALERTMANAGER_KEY],
      ] as const) {
        const r = await refused(() => s.post(path, body, { authorization: `Bearer ${token}` }));
        expect(r.status, path).toBe(404);
        expectApiError(r.body, 'NOT_FOUND', 'key');
      }
    });

    it('the key sent only as a bearer token is accepted (the counterpart of the refusals above)', async () => {
      const before = await written();
      const am = await s.post('/api/v1/intake/alertmanager', validAlertmanager, {
        authorization: `Bearer ${ALERTMANAGER_KEY}`,
      });
      expect(am.status).toBe(202);
      const generic = await s.post('/api/v1/intake/generic', validGeneric, { authorization: `Bearer ${GENERIC_KEY}` });
      expect(generic.status).toBe(202);
      expect((await written()).events).toBe(before.events! + 2);
    });

    it('sign-in without a token → 400 naming token; with an unknown token → 401 naming token', async () => {
      const missing = await refused(() => s.post(SESSION, {}));
      expect(missing.status).toBe(400);
      expectApiError(missing.body, 'VALIDATION', 'token');
      const unknown = await refused(() => s.post(SESSION, { token: 'fl_not-a-token-of-this-server' }));
      expect(unknown.status).toBe(401);
      expectApiError(unknown.body, 'UNAUTHORIZED', 'token');
    });
  });

  describe('body size', () => {
    // Padding in a field the format ignores or allows, so only the size is wrong.
    const padding = (bytes: number) => 'x'.repeat(bytes);

    it('an Alertmanager body over 5 MiB → 413 PAYLOAD_TOO_LARGE naming body', async () => {
      const body = { ...validAlertmanager, padding: padding(INTAKE_LIMIT + 1) };
      const r = await refused(() => s.post(ALERTMANAGER, body));
      expect(r.status).toBe(413);
      expectApiError(r.body, 'PAYLOAD_TOO_LARGE', 'body');
    });

    it('an Alertmanager body made of many long label values, over 5 MiB → 413', async () => {
      // 1000 alerts (the per-payload maximum) × 6 labels of 1024 characters (the value maximum) ≈ 6 MiB.
      const longValue = padding(1024);
      const alerts = Array.from({ length: 1000 }, (_, i) => ({
        status: 'firing',
        labels: {
          alertname: 'DiskFull',
          instance: `db-${i}`,
          a: longValue,
          b: longValue,
          c: longValue,
          d: longValue,
          e: longValue,
          f: longValue,
        },
      }));
      const body = JSON.stringify({ ...validAlertmanager, alerts });
      expect(body.length).toBeGreaterThan(INTAKE_LIMIT);
      const r = await refused(() => s.post(ALERTMANAGER, body));
      expect(r.status).toBe(413);
      expectApiError(r.body, 'PAYLOAD_TOO_LARGE', 'body');
    });

    it('a generic body over 5 MiB → 413 PAYLOAD_TOO_LARGE naming body', async () => {
      const body = { ...validGeneric, annotations: { details: padding(INTAKE_LIMIT + 1) } };
      const r = await refused(() => s.post(GENERIC, body));
      expect(r.status).toBe(413);
      expectApiError(r.body, 'PAYLOAD_TOO_LARGE', 'body');
    });

    it('a PagerDuty event over 512 KiB → 413, not in the ApiError shape', async () => {
      const body = {
        ...validPagerDuty,
        payload: { ...validPagerDuty.payload, custom_details: { log: padding(PAGERDUTY_LIMIT + 1) } },
      };
      const r = await refused(() => s.post(PAGERDUTY, body));
      expect(r.status).toBe(413);
      expect(r.body).toMatchObject({ status: expect.any(String), message: expect.any(String) });
      expect(r.body).not.toHaveProperty('error');
    });

    it('a sign-in body over the 1 MiB API limit → 413', async () => {
      const r = await refused(() => s.post(SESSION, { token: padding(API_LIMIT + 1) }));
      expect(r.status).toBe(413);
      expectApiError(r.body, 'PAYLOAD_TOO_LARGE', 'body');
    });

    it('an Alertmanager body of 4 MiB, over the API limit but under the intake limit, is accepted', async () => {
      const before = await written();
      const body = {
        ...validAlertmanager,
        alerts: [{ ...diskFullAlert, annotations: { description: padding(4 * 1024 * 1024) } }],
      };
      expect((await s.post(ALERTMANAGER, body)).status).toBe(202);
      expect((await written()).events).toBe(before.events! + 1);
    });
  });

  describe('wrong field types and values name the dotted path', () => {
    it('Alertmanager labels that are not an object → alerts.0.labels', async () => {
      const r = await refused(() =>
        s.post(ALERTMANAGER, { ...validAlertmanager, alerts: [{ ...diskFullAlert, labels: 'alertname=DiskFull' }] }),
      );
      expect(r.status).toBe(400);
      expectApiError(r.body, 'VALIDATION', 'alerts.0.labels');
    });

    it('an Alertmanager status that is neither firing nor resolved → alerts.0.status', async () => {
      const r = await refused(() =>
        s.post(ALERTMANAGER, { ...validAlertmanager, alerts: [{ ...diskFullAlert, status: 'burning' }] }),
      );
      expect(r.status).toBe(400);
      expectApiError(r.body, 'VALIDATION', 'alerts.0.status');
    });

    it('an Alertmanager label value that is not a string → alerts.0.labels.<name>', async () => {
      const r = await refused(() =>
        s.post(ALERTMANAGER, {
          ...validAlertmanager,
          alerts: [{ ...diskFullAlert, labels: { ...diskFullAlert.labels, instance: 42 } }],
        }),
      );
      expect(r.status).toBe(400);
      expectApiError(r.body, 'VALIDATION', 'alerts.0.labels.instance');
    });

    it('one bad alert in a payload rejects the whole payload: the good alert before it is not stored', async () => {
      const r = await refused(() =>
        s.post(ALERTMANAGER, {
          ...validAlertmanager,
          alerts: [diskFullAlert, { ...diskFullAlert, status: 'burning' }],
        }),
      );
      expect(r.status).toBe(400);
      const err = expectApiError(r.body, 'VALIDATION', 'alerts.1.status');
      expect(err.fields!.map((f) => f.path)).not.toContain('alerts.0.status');
    });

    it('generic labels that are not an object → labels (single form) and alerts.1.labels (list form)', async () => {
      const single = await refused(() => s.post(GENERIC, { ...validGeneric, labels: ['job', 'backup'] }));
      expect(single.status).toBe(400);
      expectApiError(single.body, 'VALIDATION', 'labels');
      const list = await refused(() =>
        s.post(GENERIC, { alerts: [validGeneric, { ...validGeneric, labels: 'job=backup' }] }),
      );
      expect(list.status).toBe(400);
      expectApiError(list.body, 'VALIDATION', 'alerts.1.labels');
    });

    it('a generic status that is neither firing nor resolved → alerts.0.status', async () => {
      const r = await refused(() => s.post(GENERIC, { alerts: [{ ...validGeneric, status: 'burning' }] }));
      expect(r.status).toBe(400);
      expectApiError(r.body, 'VALIDATION', 'alerts.0.status');
    });

    it('a misspelt generic field is named, not dropped → alerts.0.tittle', async () => {
      const r = await refused(() => s.post(GENERIC, { alerts: [{ tittle: 'Nightly backup failed' }] }));
      expect(r.status).toBe(400);
      const err = expectApiError(r.body, 'VALIDATION', 'alerts.0.tittle');
      expect(err.fields!.map((f) => f.path)).toContain('alerts.0.title');
    });

    it("a PagerDuty severity outside PagerDuty's four → payload.severity, in PagerDuty's shape", async () => {
      const r = await refused(() =>
        s.post(PAGERDUTY, { ...validPagerDuty, payload: { ...validPagerDuty.payload, severity: 'sev1' } }),
      );
      expect(r.status).toBe(400);
      expectPagerDutyInvalid(r.body, 'payload.severity');
    });

    it('a PagerDuty event_action outside trigger/acknowledge/resolve → event_action', async () => {
      const r = await refused(() => s.post(PAGERDUTY, { ...validPagerDuty, event_action: 'snooze' }));
      expect(r.status).toBe(400);
      expectPagerDutyInvalid(r.body, 'event_action');
    });

    it('a PagerDuty resolve without dedup_key → dedup_key', async () => {
      const r = await refused(() => s.post(PAGERDUTY, { routing_key: PAGERDUTY_KEY, event_action: 'resolve' }));
      expect(r.status).toBe(400);
      expectPagerDutyInvalid(r.body, 'dedup_key');
    });

    it('a sign-in token that is not a string → token', async () => {
      const r = await refused(() => s.post(SESSION, { token: 12345 }));
      expect(r.status).toBe(400);
      expectApiError(r.body, 'VALIDATION', 'token');
    });
  });

  describe('invalid timestamps name the field', () => {
    it('Alertmanager startsAt "yesterday" → alerts.0.startsAt', async () => {
      const r = await refused(() =>
        s.post(ALERTMANAGER, { ...validAlertmanager, alerts: [{ ...diskFullAlert, startsAt: 'yesterday' }] }),
      );
      expect(r.status).toBe(400);
      const err = expectApiError(r.body, 'VALIDATION', 'alerts.0.startsAt');
      expect(err.message).toContain('alerts.0.startsAt');
    });

    it('an Alertmanager endsAt without a zone → alerts.0.endsAt', async () => {
      const r = await refused(() =>
        s.post(ALERTMANAGER, { ...validAlertmanager, alerts: [{ ...diskFullAlert, endsAt: '2026-11-21T14:10:00' }] }),
      );
      expect(r.status).toBe(400);
      expectApiError(r.body, 'VALIDATION', 'alerts.0.endsAt');
    });

    it('generic startsAt "yesterday" → alerts.0.startsAt (list form) and startsAt (single form)', async () => {
      const list = await refused(() => s.post(GENERIC, { alerts: [{ ...validGeneric, startsAt: 'yesterday' }] }));
      expect(list.status).toBe(400);
      expectApiError(list.body, 'VALIDATION', 'alerts.0.startsAt');
      const single = await refused(() => s.post(GENERIC, { ...validGeneric, startsAt: 'yesterday' }));
      expect(single.status).toBe(400);
      expectApiError(single.body, 'VALIDATION', 'startsAt');
    });

    it('PagerDuty payload.timestamp "yesterday" → payload.timestamp', async () => {
      const r = await refused(() =>
        s.post(PAGERDUTY, { ...validPagerDuty, payload: { ...validPagerDuty.payload, timestamp: 'yesterday' } }),
      );
      expect(r.status).toBe(400);
      expectPagerDutyInvalid(r.body, 'payload.timestamp');
    });
  });

  describe('API routes', () => {
    it('an unknown API route → 404 ApiError NOT_FOUND', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/no-such-thing'],
        ['POST', '/api/v1/incidents/1/no-such-verb'],
        ['GET', '/v2/no-such-thing'],
      ] as const) {
        const r = await refused(() => s.api(path, { method }));
        expect(r.status, `${method} ${path}`).toBe(404);
        expectApiError(r.body, 'NOT_FOUND');
      }
    });

    it('a non-numeric incident id → 400 VALIDATION naming id', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/incidents/checkout'],
        ['POST', '/api/v1/incidents/checkout/acknowledge'],
        ['GET', '/api/v1/incidents/-3'],
      ] as const) {
        const r = await refused(() => s.api(path, { method }));
        expect(r.status, `${method} ${path}`).toBe(400);
        expectApiError(r.body, 'VALIDATION', /(^|\.)id$/);
      }
    });

    it('an incident that does not exist → 404 NOT_FOUND, for reading and for acknowledging', async () => {
      const missing = 987_654;
      const get = await refused(() => s.api(`/api/v1/incidents/${missing}`));
      expect(get.status).toBe(404);
      expect(expectApiError(get.body, 'NOT_FOUND').message).toContain(String(missing));
      const ack = await refused(() => s.api(`/api/v1/incidents/${missing}/acknowledge`, { method: 'POST' }));
      expect(ack.status).toBe(404);
      expectApiError(ack.body, 'NOT_FOUND');
    });
  });
});
