/**
 * End to end with real peers: a real Prometheus Alertmanager delivers alerts to Faultline through its
 * webhook receiver, Faultline grades them, opens an incident and pages the on-call responder through a
 * real SMTP server; the acknowledge link in the email works, and Alertmanager's resolve mitigates.
 */
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList, IncidentSummary } from '@faultline/contracts';
import { systemClock } from '../apps/server/src/lib/clock.ts';
import { startTestServer, type TestServer } from '../test/support/server.ts';
import { waitFor } from '../test/support/wait.ts';
import { startAlertmanager, type RunningAlertmanager } from './support/alertmanager.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from './support/smtp.ts';

const INTAKE_PATH = '/api/v1/intake/alertmanager/quickstart';

describe('Alertmanager → Faultline → email page → acknowledge → resolve', () => {
  let smtp: TestSmtpServer;
  let s: TestServer;
  let am: RunningAlertmanager;
  /** User-Agent of every request Alertmanager made to the intake endpoint. */
  const intakeAgents: string[] = [];
  /** A setup failure (e.g. Alertmanager not installed) fails every test with its message instead of skipping it. */
  let setupError: unknown;
  const requireSetup = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      smtp = await startSmtpServer();
      // The machine's clock, which Alertmanager reads too (startsAt, endsAt and its resolve timeout are
      // compared with its own now). Nothing here depends on the date, only on durations.
      s = await startTestServer({ clock: systemClock, env: { FAULTLINE_SMTP_URL: smtp.url } });
      // Observe requests without touching the app: a second 'request' listener on the same HTTP server.
      s.app.server.on('request', (req: IncomingMessage) => {
        if (req.url?.startsWith(INTAKE_PATH)) intakeAgents.push(String(req.headers['user-agent'] ?? ''));
      });
      am = await startAlertmanager({ webhookUrl: `${s.url}${INTAKE_PATH}` });
    } catch (e) {
      setupError = e;
    }
  });

  afterAll(async () => {
    await am?.stop();
    await s?.dispose();
    await smtp?.stop();
  });

  const incidents = async (): Promise<IncidentSummary[]> => {
    const res = await s.api('/api/v1/incidents?status=all');
    expect(res.status).toBe(200);
    return ((await res.json()) as IncidentList).incidents;
  };
  const detail = async (id: number): Promise<IncidentDetail> => {
    const res = await s.api(`/api/v1/incidents/${id}`);
    expect(res.status).toBe(200);
    return (await res.json()) as IncidentDetail;
  };
  const mailsFor = (incidentId: number): ReceivedMail[] =>
    smtp.messages.filter((m) => m.subject.includes(`#${incidentId} `));
  const diagnostics = () => `\n--- Alertmanager output ---\n${am.output().slice(-4_000)}`;

  it('a critical checkout alert becomes a P1 incident, pages oncall@example.com, and is acknowledged from the email', async () => {
    requireSetup();
    const labels = { alertname: 'CheckoutErrors', service: 'checkout', severity: 'critical' };
    const summary = 'Checkout error rate above 5%';
    const startsAt = new Date(Date.now() - 30_000).toISOString();
    await am.postAlerts([
      { labels, annotations: { summary }, startsAt, generatorURL: 'http://prometheus.test:9090/graph?g0.expr=up' },
    ]);

    const incident = await waitFor(
      'the CheckoutErrors incident',
      async () => (await incidents()).find((i) => i.groupKey === 'service=checkout-api,alertname=CheckoutErrors'),
      15_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}${diagnostics()}`);
    });
    expect(incident).toMatchObject({
      title: summary,
      service: 'checkout-api',
      team: 'payments',
      alertCount: 1,
      firingCount: 1,
    });
    // The business rule checkout-critical (alertname=~"Checkout.*", severity="critical", module checkout)
    // makes it P1, above the generic critical-alert rule's P2.
    expect(incident.levels.P).toBe('P1');
    const d = await detail(incident.id);
    expect(d.levelExplanation.find((e) => e.sequence === 'P')).toMatchObject({
      level: 'P1',
      ruleId: 'checkout-critical',
    });
    const [fingerprint] = (await am.getAlerts(['alertname="CheckoutErrors"'])).map((a) => a.fingerprint);
    expect(d.alerts).toMatchObject([{ dedupKey: `quickstart:${fingerprint}`, status: 'firing', labels }]);

    // The page, through real SMTP.
    await smtp.waitForMessages(1);
    const [mail] = smtp.messages;
    expect(mail!.envelope.to).toEqual(['oncall@example.com']);
    expect(mail!.headers.to).toContain('oncall@example.com');
    expect(mail!.subject).toContain('P1');
    expect(mail!.subject).toContain(summary);
    expect(mail!.subject).toContain(`#${incident.id}`);
    // A stable Message-ID from the notification's idempotency key: a re-send after a crash is the same message.
    expect(mail!.raw).toMatch(/^Message-ID: <[0-9a-f]{32}@faultline>/im);
    expect(mail!.text).toContain(summary);
    const link = /https?:\/\/\S+\/ack\/[\w.-]+/.exec(mail!.text)?.[0];
    expect(link, `no /ack/ link in the text part:\n${mail!.text}`).toBeDefined();
    expect(link!.startsWith(`${s.url}/ack/`)).toBe(true);
    // The HTML part carries the same link.
    expect(mail!.html).toContain(link!);

    // Alertmanager delivered it (0.25 identifies itself as Alertmanager/<version>).
    expect(intakeAgents.length).toBeGreaterThan(0);
    for (const ua of intakeAgents) expect(ua).toMatch(/^Alertmanager\/\d+\.\d+/);

    // Acknowledge from the email: GET only shows, POST acts.
    expect((await fetch(link!)).status).toBe(200);
    expect((await detail(incident.id)).status).toBe('triggered');
    const ack = await fetch(link!, { method: 'POST' });
    expect(ack.status).toBe(200);
    const acked = await detail(incident.id);
    expect(acked.status).toBe('acknowledged');
    // The link acts as its recipient, named as the user the config sync made of oncall@example.com. (Not
    // necessarily the last entry: the room's watcher, queued by the acknowledgement, may already have taken
    // the acknowledger in as coordinator.)
    expect(acked.timeline.findLast((e) => e.kind === 'acknowledged')).toMatchObject({
      kind: 'acknowledged',
      actor: 'Alex Oncall',
    });

    // Alertmanager resolves it (endsAt in the past) and sends the resolved notification: mitigated.
    const endsAt = new Date(Date.now() - 1_000).toISOString();
    await am.postAlerts([{ labels, annotations: { summary }, startsAt, endsAt }]);
    const mitigated = await waitFor(
      'the incident to become mitigated',
      async () => {
        const x = await detail(incident.id);
        return x.status === 'mitigated' ? x : null;
      },
      15_000,
    ).catch((e: Error) => {
      throw new Error(`${e.message}${diagnostics()}`);
    });
    expect(mitigated.firingCount).toBe(0);
    expect(mitigated.alerts).toMatchObject([{ status: 'resolved' }]);
    expect(mitigated.timeline.map((t) => t.kind)).toContain('mitigated');
    // One page for one incident: neither the acknowledgement nor the resolve emailed again.
    expect(mailsFor(incident.id)).toHaveLength(1);
    expect(mitigated.notifications).toMatchObject([
      { channel: 'email', recipient: 'oncall@example.com', status: 'sent', attempts: 1 },
    ]);
  });

  it('two alerts of one Alertmanager group (same alertname and service, different instance) make one incident and one email', async () => {
    requireSetup();
    const base = { alertname: 'CheckoutLatency', service: 'checkout', severity: 'critical' };
    const mailsBefore = smtp.messages.length;
    await am.postAlerts([
      { labels: { ...base, instance: 'checkout-1:8080' }, annotations: { summary: 'Checkout p99 latency above 2s' } },
      { labels: { ...base, instance: 'checkout-2:8080' }, annotations: { summary: 'Checkout p99 latency above 2s' } },
    ]);

    const incident = await waitFor(
      'one CheckoutLatency incident with both alerts',
      async () => {
        const found = (await incidents()).filter(
          (i) => i.groupKey === 'service=checkout-api,alertname=CheckoutLatency',
        );
        return found.length === 1 && found[0]!.alertCount === 2 ? found[0] : null;
      },
      15_000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; incidents: ${JSON.stringify(await incidents())}${diagnostics()}`);
    });
    expect(incident).toMatchObject({ service: 'checkout-api', status: 'triggered', alertCount: 2, firingCount: 2 });
    expect(incident.levels.P).toBe('P1');

    // Faultline's dedup keys are Alertmanager's fingerprints, scoped to the integration key.
    const fingerprints = (await am.getAlerts(['alertname="CheckoutLatency"'])).map((a) => a.fingerprint).sort();
    expect(fingerprints).toHaveLength(2);
    const d = await detail(incident.id);
    expect(d.alerts.map((a) => a.dedupKey).sort()).toEqual(fingerprints.map((f) => `quickstart:${f}`));
    expect(d.alerts.map((a) => a.labels.instance).sort()).toEqual(['checkout-1:8080', 'checkout-2:8080']);

    await smtp.waitForMessages(mailsBefore + 1);
    // Give a wrongly sent second page time to arrive: Alertmanager flushes every second here, the engine polls
    // every 500 ms.
    await new Promise((r) => setTimeout(r, 3_000));
    const mails = mailsFor(incident.id);
    expect(mails).toHaveLength(1);
    // Nothing else was paged; the first test's incident, mitigated, may meanwhile send its postmortem's review
    // invitation (postmortems open on mitigation at P1), which is not a page.
    const pages = smtp.messages.slice(mailsBefore).filter((m) => !m.subject.startsWith('Postmortem review:'));
    expect(pages).toHaveLength(1);
    expect(mails[0]!.envelope.to).toEqual(['oncall@example.com']);
    expect(mails[0]!.subject).toContain('P1');
    expect(mails[0]!.subject).toContain('Checkout p99 latency above 2s');
    expect(mails[0]!.text).toMatch(/\/ack\/[\w.-]+/);
    expect((await detail(incident.id)).notifications).toHaveLength(1);
  });
});
