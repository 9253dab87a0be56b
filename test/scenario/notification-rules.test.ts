/**
 * Personal notification rules (DESIGN §7, docs/notifications.md): a person paged by an escalation step is
 * notified through their own rules for the incident's urgency — high: email now, SMS after 2 min, voice
 * after 5; low: email only. Unverified methods are never paged; a person with no verified method is not
 * paged and counts as nobody for the step; delayed notifications are cancelled when the incident is
 * acknowledged before they are due.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type {
  ApiError,
  ContactMethodList,
  ContactMethodView,
  IncidentDetail,
  IncidentList,
  NotificationRuleList,
  UserList,
} from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { recordingProvider, type RecordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { coreCatalog } from '../support/catalog-fixture.ts';

const MIN = 60_000;
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const INTAKE = '/api/v1/intake/alertmanager/rules-test';
const ANN = 'ann@example.com'; // paged by the payments policy; rules set in this test
const NOBODY = 'nomethod@example.com'; // a member whose only contact method is deleted
const ANN_PHONE = '+14155550123';
const ANN_OTHER_PHONE = '+14155550199'; // added, never verified

function config(): string {
  return stringify({
    version: 1,
    catalog: coreCatalog({ 'pay-api': 'payments', 'ghost-api': 'ghosts' }),
    teams: [
      { id: 'payments', members: [{ name: 'Ann', email: ANN }], escalationPolicy: 'payments' },
      {
        id: 'ghosts',
        members: [
          { name: 'Ann', email: ANN },
          { name: 'Noah Nomethod', email: NOBODY },
        ],
        escalationPolicy: 'ghosts',
      },
    ],
    channels: [
      {
        id: 'sms-main',
        type: 'twilio-sms',
        config: { accountSid: ACCOUNT, authToken: 'secret', from: '+14155550100' },
      },
      {
        id: 'voice-main',
        type: 'twilio-voice',
        config: { accountSid: ACCOUNT, authToken: 'secret', from: '+14155550100' },
      },
      { id: 'team-slack', type: 'slack', config: { token: 'xoxb-test-token' } },
    ],
    escalationPolicies: [
      { id: 'payments', steps: [{ targets: [{ user: ANN }] }] },
      {
        id: 'ghosts',
        steps: [{ targets: [{ user: NOBODY }] }, { delayMinutes: 10, targets: [{ user: ANN }] }],
      },
    ],
    levels: {
      templates: false,
      rules: [
        { id: 'critical', sequence: 'P', level: 2, alert: { matchers: ['severity="critical"'] } },
        { id: 'warning', sequence: 'P', level: 3, alert: { matchers: ['severity="warning"'] } },
      ],
    },
    integrations: [{ key: 'rules-test', source: 'alertmanager', routeByLabel: 'service' }],
  });
}

const alert = (service: string, alertname: string, severity: string) => ({
  version: '4',
  status: 'firing',
  alerts: [
    {
      status: 'firing',
      labels: { alertname, service, severity },
      annotations: { summary: `${alertname} on ${service}` },
      startsAt: '2026-11-21T12:00:00Z',
    },
  ],
});

describe('personal notification rules', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  const sms = recordingProvider();
  const voice = recordingProvider();
  const slack = recordingProvider();
  let s: TestServer;
  let annId: number;
  const methods: Record<string, ContactMethodView> = {};
  const json = async <T>(res: Response) => (await res.json()) as T;
  const drain = () => s.engine!.drain();
  const advance = async (minutes: number) => {
    clock.advance(minutes * MIN);
    await drain();
  };
  const open = async (svc: string, alertname: string, severity: string): Promise<number> => {
    expect((await s.post(INTAKE, alert(svc, alertname, severity))).status).toBe(202);
    await drain();
    const list = await json<IncidentList>(await s.api('/api/v1/incidents?status=all'));
    return list.incidents.find((i) => i.title === `${alertname} on ${svc}`)!.id;
  };
  const detail = async (id: number) => json<IncidentDetail>(await s.api(`/api/v1/incidents/${id}`));
  /** What incident `id` sent, as `kind recipient`, in order. */
  const sent = (id: number) =>
    [
      ...email.sent.map((m) => ({ ...m, kind: 'email' })),
      ...sms.sent.map((m) => ({ ...m, kind: 'sms' })),
      ...voice.sent.map((m) => ({ ...m, kind: 'voice' })),
    ]
      .filter((m) => m.message.incidentId === id)
      .map((m) => `${m.kind} ${m.recipient}`);
  const cmBase = () => `/api/v1/users/${annId}/contact-methods`;
  const putRules = (rules: unknown) =>
    s.api(`/api/v1/users/${annId}/notification-rules`, { method: 'PUT', body: JSON.stringify({ rules }) });

  async function addVerified(kind: 'sms' | 'voice', address: string, provider: RecordingProvider) {
    const cm = await json<ContactMethodView>(
      await s.api(cmBase(), { method: 'POST', body: JSON.stringify({ kind, address }) }),
    );
    expect((await s.api(`${cmBase()}/${cm.id}/send-code`, { method: 'POST' })).status).toBe(200);
    const code = (provider.notices.at(-1)!.message.text.match(/\d/g) ?? []).slice(0, 6).join('');
    const res = await s.api(`${cmBase()}/${cm.id}/verify`, { method: 'POST', body: JSON.stringify({ code }) });
    expect(res.status).toBe(200);
    return json<ContactMethodView>(res);
  }

  beforeAll(async () => {
    s = await startTestServer({
      clock,
      engineLoop: false,
      configYaml: config(),
      providers: { email, 'sms-main': sms, 'voice-main': voice, 'team-slack': slack },
    });
    const users = await json<UserList>(await s.api('/api/v1/users'));
    annId = users.users.find((u) => u.email === ANN)!.id;
    // Noah loses the account email a config member starts with: he has no contact method left.
    const noah = users.users.find((u) => u.email === NOBODY)!.id;
    const own = await json<ContactMethodList>(await s.api(`/api/v1/users/${noah}/contact-methods`));
    for (const cm of own.contactMethods)
      expect((await s.api(`/api/v1/users/${noah}/contact-methods/${cm.id}`, { method: 'DELETE' })).status).toBe(204);
  });
  afterAll(() => s.dispose());

  it('a config member starts with a verified account email; SMS and voice are added and verified', async () => {
    const list = (await json<ContactMethodList>(await s.api(cmBase()))).contactMethods;
    methods.email = list.find((c) => c.kind === 'email' && c.address === ANN)!;
    expect(methods.email.verified).toBe(true);
    methods.sms = await addVerified('sms', ANN_PHONE, sms);
    methods.voice = await addVerified('voice', ANN_PHONE, voice);
    methods.unverified = await json<ContactMethodView>(
      await s.api(cmBase(), { method: 'POST', body: JSON.stringify({ kind: 'sms', address: ANN_OTHER_PHONE }) }),
    );
    expect(methods.unverified.verified).toBe(false);
  });

  it('rules are validated: delay 0–1440, urgency high|low, and only the person’s own methods', async () => {
    const bad = await putRules([{ contactMethodId: methods.email!.id, urgency: 'high', delayMinutes: 1441 }]);
    expect(bad.status).toBe(400);
    expect((await json<ApiError>(bad)).error.fields?.[0]?.path).toBe('rules.0.delayMinutes');
    const urgency = await putRules([{ contactMethodId: methods.email!.id, urgency: 'urgent', delayMinutes: 0 }]);
    expect(urgency.status).toBe(400);
    const other = await putRules([{ contactMethodId: 999_999, urgency: 'high', delayMinutes: 0 }]);
    expect(other.status).toBe(400);
    expect((await json<ApiError>(other)).error.fields?.[0]?.path).toBe('rules.0.contactMethodId');
  });

  it('replaces the whole list and reads it back high before low, by delay', async () => {
    const res = await putRules([
      { contactMethodId: methods.voice!.id, urgency: 'high', delayMinutes: 5 },
      { contactMethodId: methods.email!.id, urgency: 'low', delayMinutes: 0 },
      { contactMethodId: methods.sms!.id, urgency: 'high', delayMinutes: 2 },
      { contactMethodId: methods.email!.id, urgency: 'high', delayMinutes: 0 },
      { contactMethodId: methods.unverified!.id, urgency: 'high', delayMinutes: 0 },
    ]);
    expect(res.status).toBe(200);
    const { rules } = await json<NotificationRuleList>(await s.api(`/api/v1/users/${annId}/notification-rules`));
    expect(rules.map((r) => `${r.urgency} ${r.contactMethod.kind} ${r.delayMinutes}`)).toEqual([
      'high email 0',
      'high sms 0',
      'high sms 2',
      'high voice 5',
      'low email 0',
    ]);
  });

  let high: number;
  it('high urgency: email at once, SMS after 2 minutes, a call after 5; the unverified number never', async () => {
    high = await open('pay-api', 'PayDown', 'critical');
    expect(sent(high)).toEqual([`email ${ANN}`]);
    await advance(1);
    expect(sent(high)).toEqual([`email ${ANN}`]);
    await advance(1);
    expect(sent(high)).toEqual([`email ${ANN}`, `sms ${ANN_PHONE}`]);
    await advance(3);
    expect(sent(high)).toEqual([`email ${ANN}`, `sms ${ANN_PHONE}`, `voice ${ANN_PHONE}`]);
    await advance(60);
    expect(sent(high)).toHaveLength(3);
    expect(sent(high).join()).not.toContain(ANN_OTHER_PHONE);
  });

  it('the delivery log names the person, the method, the provider and its id', async () => {
    const d = await detail(high);
    expect(
      d.notifications.map((n) => [n.channel, n.recipient, n.status, n.person?.name, n.contactMethod?.kind, n.provider]),
    ).toEqual([
      ['email', ANN, 'sent', 'Ann', 'email', 'smtp'],
      ['sms', ANN_PHONE, 'sent', 'Ann', 'sms', 'sms-main'],
      ['voice', ANN_PHONE, 'sent', 'Ann', 'voice', 'voice-main'],
    ]);
    expect(d.notifications.every((n) => n.providerMessageId?.startsWith('rec-'))).toBe(true);
  });

  it('low urgency: email only', async () => {
    const low = await open('pay-api', 'PaySlow', 'warning');
    await advance(10);
    expect(sent(low)).toEqual([`email ${ANN}`]);
  });

  it('a chat handle is paged on its channel, addressed to the handle', async () => {
    const base = cmBase();
    const chat = await json<ContactMethodView>(
      await s.api(base, {
        method: 'POST',
        body: JSON.stringify({ kind: 'chat', address: 'U024BE7LH', channelId: 'team-slack' }),
      }),
    );
    expect((await s.api(`${base}/${chat.id}/send-code`, { method: 'POST' })).status).toBe(200);
    const code = /\d{6}/.exec(slack.notices.at(-1)!.message.text)![0];
    expect((await s.api(`${base}/${chat.id}/verify`, { method: 'POST', body: JSON.stringify({ code }) })).status).toBe(
      200,
    );
    const { rules } = await json<NotificationRuleList>(await s.api(`/api/v1/users/${annId}/notification-rules`));
    const keep = rules.map(({ contactMethodId, urgency, delayMinutes }) => ({
      contactMethodId,
      urgency,
      delayMinutes,
    }));
    const put = await putRules([...keep, { contactMethodId: chat.id, urgency: 'low', delayMinutes: 1 }]);
    expect(put.status).toBe(200);
    const id = await open('pay-api', 'PayChat', 'warning');
    await advance(1);
    expect(slack.sent.filter((m) => m.message.incidentId === id).map((m) => m.recipient)).toEqual(['U024BE7LH']);
    const d = await detail(id);
    expect(d.notifications.map((n) => [n.channel, n.recipient, n.status, n.provider])).toEqual([
      ['email', ANN, 'sent', 'smtp'],
      ['team-slack', 'U024BE7LH', 'sent', 'team-slack'],
    ]);
  });

  it('acknowledging before the SMS is due cancels the SMS and the call, with one timeline note', async () => {
    const id = await open('pay-api', 'PayRefunds', 'critical');
    expect(sent(id)).toEqual([`email ${ANN}`]);
    await advance(1);
    expect((await s.api(`/api/v1/incidents/${id}/acknowledge`, { method: 'POST' })).status).toBe(200);
    await advance(10);
    expect(sent(id)).toEqual([`email ${ANN}`]);
    const d = await detail(id);
    expect(d.notifications.map((n) => [n.channel, n.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'cancelled'],
      ['voice', 'cancelled'],
    ]);
    const notes = d.timeline.filter((t) => t.message.includes('cancelled'));
    expect(notes.map((t) => t.message)).toEqual([
      '2 delayed notification(s) cancelled: the incident was acknowledged before they were due',
    ]);
  });

  it('a person with no verified contact method is not paged and counts as nobody: the step is skipped at once', async () => {
    const id = await open('ghost-api', 'GhostDown', 'critical');
    // Step 1 names only Noah, who has no method; step 2 (Ann) runs at once instead of after 10 minutes.
    expect(sent(id)).toEqual([`email ${ANN}`]);
    const messages = (await detail(id)).timeline.map((t) => t.message);
    expect(messages).toContain(`Noah Nomethod (${NOBODY}) has no verified contact method: not paged`);
    expect(messages.some((m) => /step 1 of policy ghosts has nobody to page .*skipped/.test(m))).toBe(true);
  });
});
