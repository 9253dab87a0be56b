/**
 * A person resolves an incident through the API (DESIGN §6: alerts that stop firing only mitigate; a person
 * resolves). Resolving stops the escalation, is idempotent, needs the respond permission, and the next alert
 * of the same group opens a new incident instead of joining the resolved one.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { ADMIN_TOKEN, startTestServer, type TestServer } from '../support/server.ts';
import { ANA, DAN, MIN, actingConfig, detail, openIncident } from '../support/acting-fixtures.ts';

describe('resolve an incident', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let s: TestServer;
  const pagesTo = (id: number) => email.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient);
  const resolve = (id: number, token?: string) =>
    token
      ? fetch(`${s.url}/api/v1/incidents/${id}/resolve`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}` },
        })
      : s.api(`/api/v1/incidents/${id}/resolve`, { method: 'POST' });

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: actingConfig() });
  });
  afterAll(() => s.dispose());

  it('resolves, says who and how on the timeline, and the escalation pages nobody after', async () => {
    const id = await openIncident(s, 'ApiResolve');
    const res = await resolve(id);
    expect(res.status).toBe(200);
    const body = (await res.json()) as IncidentDetail;
    expect(body.status).toBe('resolved');
    expect(body.timeline.at(-1)).toMatchObject({
      kind: 'resolved',
      actor: 'admin',
      message: 'resolved by admin via API',
    });
    clock.advance(30 * MIN);
    await s.engine!.drain();
    expect(pagesTo(id)).toEqual([ANA.email]);
    expect(pagesTo(id)).not.toContain(DAN.email);
    expect((await detail(s, id)).timeline.map((t) => t.message)).toContain(
      'escalation stopped: the incident is resolved',
    );
  });

  it('twice is the same as once', async () => {
    const id = await openIncident(s, 'ApiResolveTwice');
    expect((await resolve(id)).status).toBe(200);
    expect((await resolve(id)).status).toBe(200);
    expect((await detail(s, id)).timeline.filter((t) => t.kind === 'resolved')).toHaveLength(1);
  });

  it('the next alert of the group opens a new incident', async () => {
    const first = await openIncident(s, 'ApiResolveAgain');
    expect((await resolve(first)).status).toBe(200);
    clock.advance(MIN);
    const second = await openIncident(s, 'ApiResolveAgain');
    expect(second).not.toBe(first);
    expect((await detail(s, second)).status).toBe('triggered');
  });

  it('a viewer may not resolve; an unknown incident is 404', async () => {
    const id = await openIncident(s, 'ApiResolveViewer');
    const created = await s.api('/api/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'watcher@example.com', role: 'viewer' }),
    });
    const { token } = (await created.json()) as { token: string };
    expect((await resolve(id, token)).status).toBe(403);
    expect((await detail(s, id)).status).toBe('triggered');
    expect((await resolve(999_999)).status).toBe(404);
  });

  it('the CLI acknowledges and resolves through the same endpoints', async () => {
    const id = await openIncident(s, 'CliResolve');
    const cli = (...args: string[]) =>
      promisify(execFile)(
        'node_modules/.bin/node',
        ['apps/server/src/cli/main.ts', 'incident', ...args, '--url', s.url],
        {
          env: { ...process.env, FAULTLINE_TOKEN: ADMIN_TOKEN },
        },
      );
    expect((await cli('ack', String(id))).stdout).toContain('acknowledged');
    expect((await cli('resolve', String(id))).stdout).toContain('resolved');
    const kinds = (await detail(s, id)).timeline.map((t) => t.kind);
    expect(kinds).toContain('acknowledged');
    expect(kinds).toContain('resolved');
  });
});
