/**
 * A real Alertmanager webhook (captured from Alertmanager 0.25, test/fixtures/alertmanager-live) becomes a
 * graded incident that pages the on-call responder by email, and can be acknowledged.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fixturePath } from '../support/fixtures.ts';

const firing = readFileSync(fixturePath('alertmanager-live', 'alertmanager-webhook-from-prometheus.json'), 'utf8');
const resolved = readFileSync(
  fixturePath('alertmanager-live', 'alertmanager-webhook-from-prometheus-resolved.json'),
  'utf8',
);

describe('Alertmanager alert → graded incident → email page → acknowledge', () => {
  const clock = new FakeClock('2026-11-21T14:05:30Z');
  const email = recordingProvider();
  let s: TestServer;
  let incidentId: number;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  it('accepts the webhook only after committing it', async () => {
    const res = await s.post('/api/v1/intake/alertmanager/quickstart', firing);
    expect(res.status).toBe(202);
    expect(await res.json()).toMatchObject({ status: 'accepted', alerts: 1 });
    await s.engine!.drain();
  });

  it('opens one incident routed by the service label, graded P2 by the critical-severity rule', async () => {
    const list = (await (await s.api('/api/v1/incidents')).json()) as IncidentList;
    expect(list.incidents).toHaveLength(1);
    const inc = list.incidents[0]!;
    incidentId = inc.id;
    expect(inc).toMatchObject({
      title: 'dead-service target 127.0.0.1:19999 is down',
      status: 'triggered',
      service: 'checkout-api', // label service="checkout" is an alias of checkout-api in the quickstart
      team: 'payments',
      alertCount: 1,
      firingCount: 1,
      groupKey: 'service=checkout-api,alertname=TargetDown',
    });
    expect(inc.levels.P).toBe('P2');
  });

  it('explains the level and why the alert joined', async () => {
    const d = (await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail;
    const p = d.levelExplanation.find((e) => e.sequence === 'P')!;
    expect(p.level).toBe('P2');
    expect(p.actor).toBe('rule');
    expect(p.evidence.join(' ')).toContain('severity');
    expect(d.alerts[0]!.dedupKey).toBe('quickstart:268b44ede124cb15');
    expect(d.alerts[0]!.joinReason).toContain('opened incident');
    expect(d.alerts[0]!.joinReason).toContain('service="checkout"');
    const kinds = d.timeline.map((t) => t.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['incident_opened', 'alert_joined', 'level_set', 'notification_sent']),
    );
  });

  it('emailed the on-call responder with the level and a signed acknowledge link', async () => {
    expect(email.sent).toHaveLength(1);
    const { recipient, message } = email.sent[0]!;
    expect(recipient).toBe('oncall@example.com');
    expect(message.levelText).toBe('P2');
    expect(message.ackUrl).toMatch(new RegExp(`^${s.url}/ack/[\\w-]+\\.[\\w-]+$`));
    const d = (await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail;
    expect(d.notifications).toMatchObject([
      { channel: 'email', recipient: 'oncall@example.com', status: 'sent', attempts: 1 },
    ]);
  });

  it('counts a repeat of the same alert instead of opening another incident', async () => {
    clock.advance(60_000);
    expect((await s.post('/api/v1/intake/alertmanager/quickstart', firing)).status).toBe(202);
    await s.engine!.drain();
    const d = (await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail;
    expect(d.alerts).toHaveLength(1);
    expect(d.alerts[0]!.count).toBe(2);
    expect(email.sent).toHaveLength(1);
  });

  it('acknowledges from the signed email link (GET shows, POST acts)', async () => {
    const link = email.sent[0]!.message.ackUrl;
    const page = await fetch(link);
    expect(page.status).toBe(200);
    // The link acts as its recipient, named as the user the config sync made of oncall@example.com.
    expect(await page.text()).toContain('Acknowledge as Alex Oncall');
    expect(((await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail).status).toBe(
      'triggered',
    );
    const ack = await fetch(link, { method: 'POST' });
    expect(ack.status).toBe(200);
    const d = (await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail;
    expect(d.status).toBe('acknowledged');
    expect(d.timeline.at(-1)).toMatchObject({
      kind: 'acknowledged',
      actor: 'Alex Oncall',
      message: 'acknowledged by Alex Oncall via email link',
    });
  });

  it('rejects a forged link', async () => {
    const forged = email.sent[0]!.message.ackUrl.replace(/\.[\w-]+$/, '.AAAA');
    expect((await fetch(forged, { method: 'POST' })).status).toBe(401);
  });

  it('marks the incident mitigated, not closed, when its alerts resolve', async () => {
    clock.advance(60_000);
    expect((await s.post('/api/v1/intake/alertmanager/quickstart', resolved)).status).toBe(202);
    await s.engine!.drain();
    const d = (await (await s.api(`/api/v1/incidents/${incidentId}`)).json()) as IncidentDetail;
    expect(d.status).toBe('mitigated');
    expect(d.firingCount).toBe(0);
    expect(d.alerts[0]).toMatchObject({ status: 'resolved', endsAt: '2026-11-21T14:05:43.789Z' });
    expect(d.timeline.map((t) => t.kind)).toContain('mitigated');
  });
});
