/**
 * Delivery (DESIGN §7, issue 4 §5): every delivery is logged with its status and provider id; SMS goes
 * through the phone routing with provider failover — here the real Twilio provider against a local server
 * that checks Twilio's documented request and answers as Twilio does; a transient failure retries with
 * backoff; a permanent failure moves on to the person's next method at once instead of waiting for its rule.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type {
  ContactMethodList,
  ContactMethodView,
  IncidentDetail,
  IncidentList,
  UserList,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { retryDelayMs } from '../../apps/server/src/notify/retry.ts';
import { startVendorStub, type RecordedRequest, type VendorStub } from '../support/vendor-stub.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const MIN = 60_000;
const US = 'AC' + 'a'.repeat(32); // account of channel twilio-us
const EU = 'AC' + 'b'.repeat(32); // account of channel twilio-eu
const INTAKE = '/api/v1/intake/alertmanager/failover-test';
const ANN = 'ann@example.com';
const ANN_PHONE = '+14155550123';

function config(stubUrl: string): string {
  const twilio = (accountSid: string) => ({ accountSid, authToken: 'secret', from: '+14155550100', apiBase: stubUrl });
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'pay-api': 'payments' }),
    teams: [{ id: 'payments', members: [{ name: 'Ann', email: ANN }], escalationPolicy: 'payments' }],
    channels: [
      { id: 'twilio-us', type: 'twilio-sms', config: twilio(US) },
      { id: 'twilio-eu', type: 'twilio-sms', config: twilio(EU) },
    ],
    phoneRouting: { sms: { default: ['twilio-us', 'twilio-eu'] } },
    escalationPolicies: [{ id: 'payments', steps: [{ targets: [{ user: ANN }] }] }],
    levels: {
      templates: false,
      rules: [{ id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } }],
    },
    integrations: [{ key: 'failover-test', source: 'alertmanager', routeByLabel: 'service' }],
    // The Twilio stub listens on 127.0.0.1.
    outbound: { allow: ['127.0.0.1'] },
  });
}

const alert = (alertname: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname, service: 'pay-api', severity: 'critical' },
      annotations: { summary: `${alertname} on pay-api` },
      startsAt: '2026-11-21T12:00:00Z',
    },
  ],
});

/** Twilio's 201 to Create a Message (https://www.twilio.com/docs/messaging/api/message-resource). */
let sids = 0;
const created = () => ({ status: 201, body: { sid: `SM${String(++sids).padStart(32, '0')}`, status: 'queued' } });
/** Twilio's error body `{ code, message, more_info, status }`. */
const twilioError = (status: number, code: number, message: string) => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});
const accountOf = (r: RecordedRequest) => /\/Accounts\/(AC[0-9a-f]{32})\/Messages\.json$/.exec(r.path)?.[1];
/** Twilio's request, checked: path, Basic auth, form body. Returns null when it is not what Twilio documents. */
function checked(r: RecordedRequest): URLSearchParams | null {
  const account = accountOf(r);
  if (r.method !== 'POST' || !account) return null;
  if (r.headers.authorization !== `Basic ${Buffer.from(`${account}:secret`).toString('base64')}`) return null;
  if (!String(r.headers['content-type']).startsWith('application/x-www-form-urlencoded')) return null;
  const form = new URLSearchParams(r.body);
  return form.get('To') && form.get('From') && form.get('Body') ? form : null;
}

describe('delivery: phone failover, retries and moving on to the next method', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let stub: VendorStub;
  let s: TestServer;
  let annId: number;
  let phone: ContactMethodView;
  const json = async <T>(res: Response) => (await res.json()) as T;
  const drain = () => s.engine!.drain();
  const advance = async (ms: number) => {
    clock.advance(ms);
    await drain();
  };
  const open = async (alertname: string): Promise<number> => {
    expect((await s.post(INTAKE, alert(alertname))).status).toBe(202);
    await drain();
    const list = await json<IncidentList>(await s.api('/api/v1/incidents?status=all'));
    return list.incidents.find((i) => i.title === `${alertname} on pay-api`)!.id;
  };
  const detail = async (id: number) => json<IncidentDetail>(await s.api(`/api/v1/incidents/${id}`));
  /** Answer per account: `us` and `eu` give the answer of each channel; anything unexpected is a 400. */
  const answer = (us: () => { status: number; body: object }, eu: () => { status: number; body: object }) =>
    stub.answer((r) => {
      if (!checked(r)) return twilioError(400, 21601, 'not the request Twilio documents');
      return accountOf(r) === US ? us() : eu();
    });
  const smsTo = (account: string) => stub.requests.filter((r) => accountOf(r) === account && checked(r));

  beforeAll(async () => {
    stub = await startVendorStub();
    answer(created, created);
    s = await startTestServer({ clock, engineLoop: false, configYaml: config(stub.url), providers: { email } });
    annId = (await json<UserList>(await s.api('/api/v1/users'))).users.find((u) => u.email === ANN)!.id;
  });
  afterAll(async () => {
    await s.dispose();
    await stub.close();
  });

  it("sends the verification code through Twilio's documented request", async () => {
    const base = `/api/v1/users/${annId}/contact-methods`;
    phone = await json<ContactMethodView>(
      await s.api(base, { method: 'POST', body: JSON.stringify({ kind: 'sms', address: ANN_PHONE }) }),
    );
    expect((await s.api(`${base}/${phone.id}/send-code`, { method: 'POST' })).status).toBe(200);
    const [req] = smsTo(US);
    expect(req!.path).toBe(`/2010-04-01/Accounts/${US}/Messages.json`);
    const form = checked(req!)!;
    expect(form.get('To')).toBe(ANN_PHONE);
    expect(form.get('From')).toBe('+14155550100');
    const code = /\b(\d{6})\b/.exec(form.get('Body')!)![1]!;
    const res = await s.api(`${base}/${phone.id}/verify`, { method: 'POST', body: JSON.stringify({ code }) });
    expect(res.status).toBe(200);
    const methods = (await json<ContactMethodList>(await s.api(base))).contactMethods;
    const mail = methods.find((m) => m.kind === 'email')!;
    const rules = [
      { contactMethodId: mail.id, urgency: 'high', delayMinutes: 0 },
      { contactMethodId: phone.id, urgency: 'high', delayMinutes: 2 },
    ];
    const put = await s.api(`/api/v1/users/${annId}/notification-rules`, {
      method: 'PUT',
      body: JSON.stringify({ rules }),
    });
    expect(put.status).toBe(200);
  });

  it('a permanent email failure moves on to the SMS at once instead of after its 2 minutes', async () => {
    stub.requests.length = 0;
    email.failNext(1, '550 5.1.1 mailbox unavailable', true);
    const id = await open('PayDown');
    // No clock advance: the SMS rule was due in 2 minutes and is sent now.
    const sms = smsTo(US);
    expect(sms).toHaveLength(1);
    expect(checked(sms[0]!)!.get('Body')).toContain(`#${id}`);
    const d = await detail(id);
    expect(d.notifications.map((n) => [n.channel, n.status, n.provider, n.lastError])).toEqual([
      ['email', 'failed', null, '550 5.1.1 mailbox unavailable'],
      ['sms', 'sent', 'twilio-us', null],
    ]);
    expect(d.notifications[1]!.providerMessageId).toMatch(/^SM\d{32}$/);
    expect(d.notifications[1]!.person).toMatchObject({ userId: annId, name: 'Ann', email: ANN });
    expect(d.notifications[1]!.contactMethod).toMatchObject({ id: phone.id, kind: 'sms', address: ANN_PHONE });
    const failed = d.timeline.find((t) => t.kind === 'notification_failed')!;
    expect(failed.message).toMatch(
      new RegExp(
        `^email to Ann \\(${ANN}\\) failed permanently: 550 5\\.1\\.1 mailbox unavailable; trying SMS to \\${ANN_PHONE} now`,
      ),
    );
    await advance(5 * MIN);
    expect(smsTo(US)).toHaveLength(1);
  });

  it('per-provider failover: twilio-us answers 500, twilio-eu takes the SMS in the same attempt', async () => {
    stub.requests.length = 0;
    answer(() => twilioError(500, 20500, 'Internal Server Error'), created);
    const id = await open('PayFailover');
    await advance(2 * MIN);
    expect(smsTo(US)).toHaveLength(1);
    expect(smsTo(EU)).toHaveLength(1);
    const d = await detail(id);
    const sms = d.notifications.find((n) => n.channel === 'sms')!;
    expect(sms).toMatchObject({ status: 'sent', provider: 'twilio-eu', attempts: 1 });
    const note = d.timeline.find((t) => t.kind === 'notification_sent' && t.message.startsWith('SMS'))!;
    expect(note.message).toMatch(/^SMS to Ann \(\+14155550123\) sent via twilio-eu \(after twilio-us: /);
  });

  it('a transient failure of every channel retries with backoff, then succeeds', async () => {
    stub.requests.length = 0;
    const busy = () => twilioError(503, 20503, 'Service Unavailable');
    answer(busy, busy);
    const id = await open('PayRetry');
    await advance(2 * MIN);
    let sms = (await detail(id)).notifications.find((n) => n.channel === 'sms')!;
    expect(sms).toMatchObject({ status: 'retrying', attempts: 1, provider: null });
    expect(sms.lastError).toMatch(/all 2 phone channel\(s\) failed/);
    expect(sms.nextAttemptAt).toBe(new Date(clock.now().getTime() + retryDelayMs(1)).toISOString());
    answer(created, created);
    await advance(retryDelayMs(1) - 1_000);
    expect((await detail(id)).notifications.find((n) => n.channel === 'sms')!.status).toBe('retrying');
    await advance(1_000);
    sms = (await detail(id)).notifications.find((n) => n.channel === 'sms')!;
    expect(sms).toMatchObject({ status: 'sent', attempts: 2, provider: 'twilio-us' });
  });

  it('a number Twilio calls invalid fails without trying the other channel', async () => {
    stub.requests.length = 0;
    answer(() => twilioError(400, 21211, "The 'To' number +14155550123 is not a valid phone number."), created);
    email.failNext(1, '550 5.1.1 mailbox unavailable', true);
    const id = await open('PayInvalid');
    expect(smsTo(US)).toHaveLength(1);
    expect(smsTo(EU)).toHaveLength(0);
    const d = await detail(id);
    expect(d.notifications.map((n) => [n.channel, n.status])).toEqual([
      ['email', 'failed'],
      ['sms', 'failed'],
    ]);
    const last = d.timeline.filter((t) => t.kind === 'notification_failed').at(-1)!;
    expect(last.message).toMatch(/Ann has no other method to try$/);
  });
});
