/**
 * Authentication runs before anything else reads the request (docs/security.md#limits-and-headers): every
 * operation of the OpenAPI document that needs a credential answers an anonymous caller 401 UNAUTHORIZED —
 * whatever its path parameters, query and body — and never a 400 that describes the schema. Operations
 * that take no API credential say so in the document (`security: []`: intake, sign-in, vendor callbacks…).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '@faultline/contracts';
import { startTestServer, type TestServer } from '../support/server.ts';

interface Operation {
  security?: unknown[];
  requestBody?: unknown;
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('authentication before validation, over every operation of the OpenAPI document', () => {
  let s: TestServer;
  let doc: OpenApi;

  beforeAll(async () => {
    s = await startTestServer();
    const res = await fetch(`${s.url}/api/docs/json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApi;
  });
  afterAll(() => s.dispose());

  it('answers 401 to an anonymous caller, with no field errors, before reading params, query or body', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        if (Array.isArray(op.security) && op.security.length === 0) continue; // documented as open
        checked++;
        // Path parameters that are never valid (`x` for numeric ids), an invalid query, and an empty object
        // for a body: any validation before authentication would answer 400.
        const url = `${s.url}${path.replace(/\{[^}]+\}/g, 'x')}?limit=-1&cursor=%00&at=yesterday`;
        const hasBody = method !== 'get' && method !== 'delete';
        const res = await fetch(url, {
          method: method.toUpperCase(),
          ...(hasBody ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        });
        const text = await res.text();
        let body: ApiError | null = null;
        try {
          body = JSON.parse(text) as ApiError;
        } catch {
          // not JSON: reported below
        }
        if (res.status !== 401 || body?.error.code !== 'UNAUTHORIZED' || body.error.fields !== undefined) {
          wrong.push(`${method.toUpperCase()} ${path} → ${res.status} ${text.slice(0, 120)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    // The document lists the whole API; a handful of operations only would mean it lost its paths.
    expect(checked).toBeGreaterThan(60);
  });

  it('keeps a bad token out the same way', async () => {
    const res = await fetch(`${s.url}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: 'Bearer fl_not-a-token', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as ApiError).error.fields).toBeUndefined();
  });

  it('documents the operations that take no API credential as open', () => {
    const open = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([m, op]) => METHODS.includes(m) && Array.isArray(op.security) && op.security.length === 0)
        .map(([m]) => `${m.toUpperCase()} ${path}`),
    );
    expect(open.sort()).toEqual(
      [
        'DELETE /api/v1/session',
        'GET /api/v1/auth/methods',
        'GET /api/v1/auth/oidc/callback',
        'GET /api/v1/auth/oidc/start',
        'GET /api/v1/schedules/{id}/ical',
        'GET /api/v1/status', // the public status page (status-page.md)
        'GET /status/feed.atom',
        'POST /api/v1/status/subscriptions',
        'GET /api/v1/users/{id}/ical',
        'POST /api/v1/aliyun/sms-up/{secret}',
        'POST /api/v1/intake/alertmanager',
        'GET /api/v1/heartbeats/{id}/ping', // the heartbeat's integration key or ping token, checked by intake
        'POST /api/v1/heartbeats/{id}/ping',
        'GET /api/v1/heartbeats/{id}/ping/{key}',
        'POST /api/v1/heartbeats/{id}/ping/{key}',
        'POST /api/v1/intake/changes/{key}',
        'POST /api/v1/intake/alertmanager/{key}',
        'POST /api/v1/intake/generic',
        'POST /api/v1/intake/generic/{key}',
        'POST /api/v1/intake/grafana', // the key as a bearer token, checked by intake
        'POST /api/v1/intake/grafana/{key}',
        'POST /api/v1/password/reset', // the same answer for any address (identity.md)
        'POST /api/v1/password/set', // with an emailed link's token
        'POST /api/v1/trackers/{id}/webhook', // the tracker's signature or token, checked by the route
        'POST /api/v1/session',
        'POST /api/v1/slack/interactivity',
        'POST /api/v1/twilio/sms',
        'POST /api/v1/twilio/voice/gather',
        'POST /v2/enqueue',
        'POST /v2/change/enqueue',
        // Opsgenie's Alert API: the integration key as `Authorization: GenieKey …`, checked by the door first.
        'POST /v2/alerts',
        'POST /v2/alerts/{identifier}/acknowledge',
        'POST /v2/alerts/{identifier}/close',
        'POST /v2/alerts/{identifier}/notes',
      ].sort(),
    );
  });
});
