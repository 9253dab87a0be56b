/**
 * Inbound email (issue 16 item 7, docs/operations.md#inbound-email): real mail sent with nodemailer to the SMTP
 * listener on an ephemeral port. Alertmanager's own notification mails (captured, test/fixtures/alertmanager-email)
 * open an incident on the integration's service and resolve its alert; an unknown recipient is refused at RCPT
 * TO with 550 and an oversize message with 552, nothing written; hostile text (NUL, a lone surrogate) is stored
 * safely, as at the HTTP doors.
 */
import { readFileSync } from 'node:fs';
import nodemailer, { type Transporter } from 'nodemailer';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncidentDetail, IncidentList } from '@faultline/contracts';
import { QUICKSTART_CONFIG } from '../../apps/server/src/config/env.ts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { FIXTURES } from '../support/fixtures.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const DOMAIN = 'alerts.example.org';
const KEY = 'fl-email-intake-key';
const eml = (name: string): Buffer => readFileSync(new URL(`alertmanager-email/${name}`, FIXTURES));

function configYaml(): string {
  const config = parse(readFileSync(QUICKSTART_CONFIG, 'utf8')) as {
    integrations: unknown[];
    intake?: unknown;
  };
  config.integrations.push({ key: KEY, name: 'Ops mailbox', source: 'email', service: 'payments-db' });
  config.intake = { email: { host: '127.0.0.1', port: 0, domain: DOMAIN, maxMessageBytes: 64 * 1024 } };
  return stringify(config);
}

describe('inbound email: mail to an integration becomes an alert', () => {
  const clock = new FakeClock('2026-12-07T17:45:00Z');
  const email = recordingProvider();
  let s: TestServer;
  let smtp: Transporter;

  beforeAll(async () => {
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: configYaml() });
    expect(s.emailIntake).not.toBeNull();
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port: s.emailIntake!.port, secure: false, ignoreTLS: true });
  });
  afterAll(async () => {
    smtp?.close();
    await s.dispose();
  });

  const incidents = async () =>
    ((await (await s.api('/api/v1/incidents?status=all')).json()) as IncidentList).incidents;
  const detail = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
  const eventCount = async () => {
    const r = await s.rt.db.execute('select count(*)::int as n from events');
    return (r as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
  };

  it("opens an incident from Alertmanager's firing mail, on the integration's service, and pages", async () => {
    const info = await smtp.sendMail({
      envelope: { from: 'alertmanager@example.org', to: [`${KEY}@${DOMAIN}`] },
      raw: eml('firing.eml'),
    });
    expect(info.accepted).toEqual([`${KEY}@${DOMAIN}`]);
    await s.engine!.drain();
    const list = await incidents();
    expect(list).toHaveLength(1);
    expect(list[0]!.service).toBe('payments-db');
    const d = await detail(list[0]!.id);
    expect(d.alerts[0]).toMatchObject({
      status: 'firing',
      summary: 'DiskFull (db-1:9100 payments-db critical)',
      labels: { from: 'alertmanager@example.org' },
    });
    expect(email.sent.filter((m) => m.message.incidentId === d.id).length).toBeGreaterThanOrEqual(1);
  });

  it('resolves the alert with the resolved mail', async () => {
    await smtp.sendMail({
      envelope: { from: 'alertmanager@example.org', to: [`${KEY}@${DOMAIN}`] },
      raw: eml('resolved.eml'),
    });
    await s.engine!.drain();
    const list = await incidents();
    expect(list).toHaveLength(1);
    expect((await detail(list[0]!.id)).alerts[0]!.status).toBe('resolved');
  });

  it('refuses an unknown recipient at RCPT TO with 550, and writes nothing', async () => {
    const before = await eventCount();
    const err = await smtp
      .sendMail({ from: 'x@example.org', to: `nobody@${DOMAIN}`, subject: 'hello', text: 'hi' })
      .then(
        () => null,
        (e: { responseCode?: number; code?: string }) => e,
      );
    expect(err?.responseCode).toBe(550);
    // A key of an integration that is not an email one is unknown too.
    const generic = await smtp
      .sendMail({ from: 'x@example.org', to: `quickstart-generic@${DOMAIN}`, subject: 'hello', text: 'hi' })
      .then(
        () => null,
        (e: { responseCode?: number }) => e,
      );
    expect(generic?.responseCode).toBe(550);
    expect(await eventCount()).toBe(before);
  });

  it('refuses an oversize message with 552, and writes nothing', async () => {
    const before = await eventCount();
    const err = await smtp
      .sendMail({ from: 'x@example.org', to: `${KEY}@${DOMAIN}`, subject: 'huge', text: 'x'.repeat(200 * 1024) })
      .then(
        () => null,
        (e: { responseCode?: number }) => e,
      );
    expect(err?.responseCode).toBe(552);
    expect(await eventCount()).toBe(before);
  });

  it('stores hostile text (NUL, a lone surrogate) safely, as the HTTP doors do', async () => {
    await smtp.sendMail({
      from: 'x@example.org',
      to: `${KEY}@${DOMAIN}`,
      subject: 'Queue \u0000stuck \ud800 on mq-1',
      text: 'body with \u0000 NUL',
    });
    await s.engine!.drain();
    const inc = (await incidents()).find((i) => i.title.includes('Queue'));
    expect(inc).toBeDefined();
    const a = (await detail(inc!.id)).alerts[0]!;
    expect(a.summary).toBe('Queue \ufffdstuck \ufffd on mq-1');
    expect(a.annotations.description).toBe('body with \ufffd NUL');
  });
});
