/**
 * Email delivery survives a flaky mail server: a transient failure is retried with exponential backoff
 * (retryDelayMs in apps/server/src/notify/deliver.ts: 5 s, then 10 s, …) and recorded on the notification and
 * the incident timeline; a permanent failure is given up at once and shown on the incident; with no email
 * provider the failure says how to configure SMTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, NotificationView } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { retryDelayMs } from '../../apps/server/src/notify/deliver.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const INTAKE = '/api/v1/intake/alertmanager/quickstart';
const ONCALL = 'oncall@example.com'; // payments on-call in the quickstart; checkout-api belongs to payments

const firing = (alertname: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname, service: 'checkout-api', severity: 'critical' },
      annotations: { summary: `${alertname} on checkout-api` },
    },
  ],
});
const flakyMailAlert = firing('PaymentsTimeout');
const bouncingMailAlert = firing('PaymentsRejected');
const noProviderAlert = firing('PaymentsSlow');

async function openIncident(s: TestServer, body: unknown, alertname: string): Promise<number> {
  expect((await s.post(INTAKE, body)).status).toBe(202);
  await s.engine!.drain();
  const list = ((await (await s.api('/api/v1/incidents')).json()) as IncidentList).incidents;
  return list.find((i) => i.groupKey === `service=checkout-api,alertname=${alertname}`)!.id;
}
const detail = async (s: TestServer, id: number) =>
  (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
const onlyNotification = (d: IncidentDetail): NotificationView => {
  expect(d.notifications).toHaveLength(1);
  return d.notifications[0]!;
};

describe('email delivery retries transient failures and gives up on permanent ones', () => {
  const start = new Date('2026-11-21T14:00:00Z');
  const clock = new FakeClock(start);
  const email = recordingProvider();
  let s: TestServer;
  let flaky: number;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  it('a transient failure leaves the notification retrying, with the error and the next attempt time', async () => {
    email.failNext(2, 'connect ECONNREFUSED 127.0.0.1:2525');
    flaky = await openIncident(s, flakyMailAlert, 'PaymentsTimeout');
    expect(email.sent).toHaveLength(0);
    const d = await detail(s, flaky);
    const n = onlyNotification(d);
    expect(n).toMatchObject({ channel: 'email', recipient: ONCALL, status: 'retrying', attempts: 1, sentAt: null });
    expect(n.lastError).toBe('connect ECONNREFUSED 127.0.0.1:2525');
    expect(n.nextAttemptAt).toBe(new Date(start.getTime() + retryDelayMs(1)).toISOString());
    const failed = d.timeline.filter((t) => t.kind === 'notification_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toContain(ONCALL);
    expect(failed[0]!.message).toContain('ECONNREFUSED');
    expect(failed[0]!.message).toContain(n.nextAttemptAt!);
    expect(d.timeline.map((t) => t.kind)).not.toContain('notification_sent');
  });

  it('nothing is retried before the backoff has passed', async () => {
    clock.advance(retryDelayMs(1) - 1_000);
    await s.engine!.drain();
    expect(onlyNotification(await detail(s, flaky))).toMatchObject({ status: 'retrying', attempts: 1 });
  });

  it('the second attempt, after the first backoff, fails again and backs off longer', async () => {
    clock.advance(1_000);
    await s.engine!.drain();
    const n = onlyNotification(await detail(s, flaky));
    expect(n).toMatchObject({ status: 'retrying', attempts: 2 });
    expect(retryDelayMs(2)).toBeGreaterThan(retryDelayMs(1));
    expect(n.nextAttemptAt).toBe(new Date(clock.now().getTime() + retryDelayMs(2)).toISOString());
    expect(email.sent).toHaveLength(0);
  });

  it('after the backoff the third attempt is sent: status sent, 3 attempts, error cleared', async () => {
    clock.advance(retryDelayMs(2));
    await s.engine!.drain();
    const d = await detail(s, flaky);
    expect(onlyNotification(d)).toMatchObject({
      status: 'sent',
      attempts: 3,
      lastError: null,
      nextAttemptAt: null,
      sentAt: clock.now().toISOString(),
    });
    expect(email.sent).toHaveLength(1);
    expect(email.sent[0]).toMatchObject({ recipient: ONCALL, message: { incidentId: flaky } });
    expect(d.timeline.filter((t) => t.kind === 'notification_failed')).toHaveLength(2);
    const sent = d.timeline.filter((t) => t.kind === 'notification_sent');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.message).toContain('attempt 3');
  });

  it('once sent, nothing is sent again however long the engine runs', async () => {
    clock.advance(24 * 3600_000);
    await s.engine!.drain();
    expect(email.sent).toHaveLength(1);
  });

  it('a permanent failure fails the notification after 1 attempt, visible on the incident', async () => {
    email.failNext(1, '550 5.1.1 <oncall@example.com>: mailbox unavailable', true);
    const bouncing = await openIncident(s, bouncingMailAlert, 'PaymentsRejected');
    const d = await detail(s, bouncing);
    expect(onlyNotification(d)).toMatchObject({
      recipient: ONCALL,
      status: 'failed',
      attempts: 1,
      lastError: '550 5.1.1 <oncall@example.com>: mailbox unavailable',
      nextAttemptAt: null,
      sentAt: null,
    });
    const failed = d.timeline.filter((t) => t.kind === 'notification_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toContain('mailbox unavailable');
    expect(failed[0]!.data).toMatchObject({ final: true, attempt: 1 });
    // Not retried later.
    clock.advance(3600_000);
    await s.engine!.drain();
    expect(onlyNotification(await detail(s, bouncing))).toMatchObject({ status: 'failed', attempts: 1 });
    expect(email.sent.filter((m) => m.message.incidentId === bouncing)).toHaveLength(0);
  });
});

describe('with no email provider configured', () => {
  const clock = new FakeClock('2026-11-21T14:00:00Z');
  let s: TestServer;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email: null }, engineLoop: false });
  });
  afterAll(() => s.dispose());

  it('the failed page says how to configure SMTP, on the notification and the timeline', async () => {
    const id = await openIncident(s, noProviderAlert, 'PaymentsSlow');
    const d = await detail(s, id);
    const n = onlyNotification(d);
    expect(n.status).not.toBe('sent');
    expect(n.attempts).toBe(1);
    expect(n.lastError).toContain('smtp.url');
    expect(n.lastError).toContain('FAULTLINE_SMTP_URL');
    const failed = d.timeline.filter((t) => t.kind === 'notification_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]!.message).toContain('smtp.url');
  });
});
