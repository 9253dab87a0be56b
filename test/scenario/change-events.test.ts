/**
 * Change intake (docs/changes.md): PagerDuty change events (`POST /v2/change/enqueue`, the documented body
 * and answers; a change event never pages) and a mapped change webhook (`POST /api/v1/intake/changes/{key}`).
 */
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChangeList, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const quickstart = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as {
  integrations: Array<{ key: string; source: string; service?: string }>;
};
const PD = quickstart.integrations.find((i) => i.source === 'pagerduty')!;
const WEBHOOK_KEY = 'ci-deployments-0001';
const configYaml = stringify({
  ...quickstart,
  changeWebhooks: [
    {
      key: WEBHOOK_KEY,
      name: 'CI deployments',
      kind: 'deploy',
      mapping: {
        summary: 'deployment.description',
        service: 'repository.name',
        startedAt: 'deployment.created_at',
        status: 'deployment_status.state',
        author: 'sender.login',
        externalId: 'deployment.id',
        labels: { region: 'deployment.payload.region' },
      },
    },
  ],
});

// The example request of PagerDuty's "Send a Change Event" (developer docs), with our routing key.
const documented = {
  routing_key: PD.key,
  payload: {
    summary: 'Build Success: Increase snapshot create timeout to 30 seconds',
    timestamp: '2020-07-17T08:42:58.315+0000',
    source: 'acme-build-pipeline-tool-default-i-9999',
    custom_details: { build_state: 'passed', build_number: '2', run_time: '1236s' },
  },
  links: [{ href: 'https://acme.pagerduty.dev/build/2', text: 'View more details in Acme!' }],
};

describe('change intake', () => {
  const clock = new FakeClock('2026-12-01T10:00:00Z');
  const email = recordingProvider();
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, configYaml, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  const changes = async (q = '') => ((await (await s.api(`/api/v1/changes${q}`)).json()) as ChangeList).changes;

  it("PagerDuty change event: 202 with the documented body, recorded on the integration's service, nobody paged", async () => {
    const res = await s.post('/v2/change/enqueue', documented);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'success', message: 'Change event processed' });
    await s.engine!.drain();
    const [c] = await changes('?source=pagerduty');
    expect(c).toMatchObject({
      kind: 'deploy',
      summary: documented.payload.summary,
      services: [PD.service],
      startedAt: '2020-07-17T08:42:58.315Z',
      url: 'https://acme.pagerduty.dev/build/2',
      source: 'pagerduty',
      sourceKey: PD.key,
    });
    expect(c!.details).toMatchObject({ custom_details: documented.payload.custom_details });
    const incidents = (await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList;
    expect(incidents.incidents).toEqual([]);
    expect(email.sent).toEqual([]);
  });

  it("PagerDuty change event: bad input answers 400 in PagerDuty's shape, naming the field", async () => {
    const bad = async (body: unknown) => {
      const res = await s.post('/v2/change/enqueue', body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { status: string; message: string; errors: string[] };
      expect(answer).toMatchObject({ status: 'invalid event', message: 'Event object is invalid' });
      return answer.errors;
    };
    expect(await bad({ routing_key: PD.key, payload: {} })).toEqual([expect.stringMatching(/^payload\.summary: /)]);
    expect(await bad({ payload: { summary: 'x' } })).toEqual([expect.stringMatching(/^routing_key: /)]);
    expect(await bad({ ...documented, routing_key: 'no-such-key-000' })).toEqual([
      'routing_key: unknown pagerduty integration key',
    ]);
    expect(await bad({ ...documented, payload: { ...documented.payload, timestamp: 'last tuesday' } })).toEqual([
      expect.stringMatching(/^payload\.timestamp: /),
    ]);
    expect((await changes('?source=pagerduty')).length).toBe(1);
  });

  it('mapped webhook: fields read from the body; a repeat with the same external id updates the change', async () => {
    const body = {
      deployment: {
        id: 7,
        description: 'checkout-api v3.1.0',
        created_at: '2026-12-01T09:58:00Z',
        payload: { region: 'eu-west-1' },
      },
      deployment_status: { state: 'pending' },
      repository: { name: 'checkout-api' },
      sender: { login: 'ana' },
    };
    const res = await s.post(`/api/v1/intake/changes/${WEBHOOK_KEY}`, body);
    expect(res.status).toBe(202);
    const first = ((await res.json()) as { change: { id: number } }).change;
    const again = await s.post(`/api/v1/intake/changes/${WEBHOOK_KEY}`, {
      ...body,
      deployment_status: { state: 'success' },
    });
    expect(((await again.json()) as { change: { id: number } }).change.id).toBe(first.id);
    const [c] = await changes('?source=webhook');
    expect(c).toMatchObject({
      id: first.id,
      services: ['checkout-api'],
      startedAt: '2026-12-01T09:58:00.000Z',
      status: 'succeeded',
      author: 'ana',
      externalId: '7',
      labels: { region: 'eu-west-1' },
      sourceKey: WEBHOOK_KEY,
    });
    const missing = await s.post(`/api/v1/intake/changes/${WEBHOOK_KEY}`, { repository: { name: 'checkout-api' } });
    expect(missing.status).toBe(400);
    expect(
      ((await missing.json()) as { error: { fields: Array<{ path: string }> } }).error.fields.map((f) => f.path),
    ).toEqual(['summary']);
    expect((await s.post('/api/v1/intake/changes/not-a-webhook-key', body)).status).toBe(404);
  });
});
