/**
 * The monthly report by email (issue 11 point 4): with `analytics.report` configured for 08:00 Berlin time on
 * the 1st, the review of the previous Berlin month goes to each recipient through a real SMTP server, with
 * the PDF attached and the month's notable faults in the text — once, though two engines run on the database,
 * and again each next month (the server starts on 31 October, so October's report goes first). An incident at 00:30 Berlin on 1 November (23:30Z on 31 October) is November's;
 * one at 07:30 Berlin on 1 December is December's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { stringify } from 'yaml';
import type { IncidentDetail } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { startEngine, type Engine } from '../../apps/server/src/engine/engine.ts';
import { engineWork } from '../../apps/server/src/modules.ts';
import { nextReport } from '../../apps/server/src/analytics/index.ts';
import { startSmtpServer, type TestSmtpServer } from '../../e2e/support/smtp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const OPS = 'ops-lead@example.com';
const CTO = 'cto@example.com';

const config = stringify({
  version: 1,
  catalog: {
    businessLines: [
      {
        id: 'commerce',
        modules: [{ id: 'checkout', tier: 'core', volume: 'high', services: [{ id: 'pay-api', team: 'payments' }] }],
      },
    ],
  },
  teams: [{ id: 'payments', members: [{ name: 'Ana', email: 'ana@example.com' }] }],
  levels: { templates: false, rules: [] },
  analytics: {
    report: { recipients: [OPS, CTO], schedule: { day: 1, hour: 8, timeZone: 'Europe/Berlin' } },
  },
});

describe('analytics: the monthly report by email', () => {
  const clock = new FakeClock('2026-10-31T23:30:00Z');
  let s: TestServer;
  let smtp: TestSmtpServer;
  let second: Engine;
  const at = (iso: string) => clock.advance(Date.parse(iso) - clock.now().getTime());
  const drainBoth = async () => {
    await Promise.all([s.engine!.drain(), second.drain()]);
    await Promise.all([s.engine!.drain(), second.drain()]);
  };
  const declare = async (body: Record<string, unknown>) => {
    const res = await s.api('/api/v1/incidents', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status, await res.clone().text()).toBe(201);
    return ((await res.json()) as IncidentDetail).id;
  };

  beforeAll(async () => {
    smtp = await startSmtpServer();
    s = await startTestServer({ clock, engineLoop: false, configYaml: config, env: { FAULTLINE_SMTP_URL: smtp.url } });
    second = startEngine({ ...s.rt, nodeId: 'second-node' }, engineWork, {}, false);
    // 00:30 Berlin on 1 November: November's, though it is still October in UTC.
    await declare({ title: 'Card payments fail', service: 'pay-api', level: 1, source: 'monitoring' });
  });
  afterAll(async () => {
    await second?.stop();
    await s?.dispose();
    await smtp?.stop();
  });

  it('emails October’s review at 08:00 Berlin on 1 November, without the incident of 00:30 that day', async () => {
    at('2026-11-01T06:59:00Z');
    await drainBoth();
    expect(smtp.messages).toEqual([]);
    at('2026-11-01T07:00:00Z');
    await drainBoth();
    const mails = await smtp.waitForMessages(2);
    expect(mails.map((m) => m.subject)).toEqual([
      'Fault review 2026-10: 0 incidents, 0 notable',
      'Fault review 2026-10: 0 incidents, 0 notable',
    ]);
    expect(mails[0]!.text).toContain('No notable faults (level 1 or 2).');
    smtp.messages.length = 0;
  });

  it('records the rest of November and the start of December', async () => {
    at('2026-11-12T10:00:00Z');
    await declare({ title: 'Refunds are slow', service: 'pay-api', level: 3, source: 'customer' });
    at('2026-11-20T10:00:00Z');
    await declare({ title: 'Checkout times out', service: 'pay-api', level: 2, source: 'monitoring' });
    // 07:30 Berlin on 1 December: December's.
    at('2026-12-01T06:30:00Z');
    await declare({ title: 'Wallet top-ups fail', service: 'pay-api', level: 1, source: 'internal' });
  });

  it('schedules the report on the configured day and hour in its zone', () => {
    const schedule = { day: 1, hour: 8, timeZone: 'Europe/Berlin' };
    expect(nextReport(new Date('2026-11-15T00:00:00Z'), schedule)).toEqual({
      runAt: new Date('2026-12-01T07:00:00Z'),
      month: '2026-11',
    });
    // Summer time: 08:00 Berlin is 06:00Z; at the instant itself the run is still this one.
    expect(nextReport(new Date('2026-07-01T06:00:00Z'), schedule)).toEqual({
      runAt: new Date('2026-07-01T06:00:00Z'),
      month: '2026-06',
    });
    expect(nextReport(new Date('2026-07-01T06:00:01Z'), schedule).month).toBe('2026-07');
  });

  it('sends nothing before 08:00 Berlin on the 1st', async () => {
    at('2026-12-01T06:59:00Z');
    await drainBoth();
    expect(smtp.messages).toEqual([]);
  });

  it('emails each recipient November’s review once, with the PDF and the notable faults', async () => {
    at('2026-12-01T07:00:00Z');
    await drainBoth();
    const mails = await smtp.waitForMessages(2);
    expect(mails.map((m) => m.envelope.to).sort()).toEqual([[CTO], [OPS]]);
    const mail = mails[0]!;
    expect(mail.subject).toBe('Fault review 2026-11: 3 incidents, 2 notable');
    expect(mail.text).toContain('Fault review of 2026-11 (Europe/Berlin)');
    expect(mail.text).toContain('Incidents: 3 (previous month: 0)');
    expect(mail.text).toMatch(/- #\d+ P1 Card payments fail · \w+ · pay-api · detected 2026-10-31T23:30:00.000Z/);
    expect(mail.text).toContain('P2 Checkout times out');
    expect(mail.text).not.toContain('Refunds are slow');
    expect(mail.text).not.toContain('Wallet top-ups fail');
    expect(mail.text).toContain('/analytics?from=2026-11-01&to=2026-12-01&timeZone=Europe%2FBerlin');

    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['fault-review-2026-11.pdf', 'application/pdf'],
    ]);
    const { text } = await extractText(new Uint8Array(mail.attachments[0]!.content), { mergePages: true });
    expect(text).toContain('Fault review 2026-11-01 to 2026-12-01 (Europe/Berlin, by month');
    expect(text).toContain('Incidents by level [incident_count] N=3');
    expect(text).toMatch(/2026-11\s+1\s+1\s+1\s+3/);
    expect(text).toContain('Card payments fail');
    expect(text).toContain('Checkout times out');
    expect(text).not.toContain('Wallet top-ups fail');
    // The attached report carries the charts too, each with its dictionary id and N.
    expect(text).toContain('[incident_count] N=3');
    expect(text).toContain('Durations: median and p90 (minutes)');

    // Later runs of both engines that day send nothing more.
    at('2026-12-01T09:00:00Z');
    await drainBoth();
    expect(smtp.messages).toHaveLength(2);
  });

  it('emails December’s review on 1 January', async () => {
    at('2027-01-01T06:59:00Z');
    await drainBoth();
    expect(smtp.messages).toHaveLength(2);
    at('2027-01-01T07:00:00Z');
    await drainBoth();
    const mails = await smtp.waitForMessages(4);
    const december = mails.slice(2);
    expect(december.map((m) => m.subject)).toEqual([
      'Fault review 2026-12: 1 incidents, 1 notable',
      'Fault review 2026-12: 1 incidents, 1 notable',
    ]);
    expect(december[0]!.text).toContain('Wallet top-ups fail');
    expect(december[0]!.text).toContain('Incidents: 1 (previous month: 3)');
    expect(december[0]!.attachments[0]!.filename).toBe('fault-review-2026-12.pdf');
  });
});
