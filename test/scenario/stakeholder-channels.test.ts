/**
 * Chat channels as stakeholder lists (issue 17 point 7): `response.stakeholders.<line>` may list configured chat
 * channels besides people; every status update to the internal audience is posted to them through the
 * channel's provider (here a DingTalk robot webhook served by a local stand-in that checks the documented
 * request and answers as DingTalk does), and an update to the group alone posts nothing. A list naming an
 * unknown channel is refused by the config lint.
 *
 * Pages in the reader's language (issue 14): for one incident, a `zh-CN` person gets a Chinese email (a real SMTP
 * server), a Chinese DingTalk card (the same robot stand-in) and a Chinese SMS (an HTTP SMS gateway stand-in) while an
 * `en` person gets all three in English; each SMS stays within one segment (UCS-2 70 units, GSM-7 160). On both
 * stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { and, eq } from 'drizzle-orm';
import { contactMethods, notificationRules } from '../../apps/server/src/notify/tables.ts';
import { users } from '../../apps/server/src/people/tables.ts';
import { countSegments, smsEncoding } from '../../apps/server/src/notify/phone/sms-text.ts';
import { startSmtpServer, type TestSmtpServer } from '../../e2e/support/smtp.ts';
import type { IncidentDetail } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { lintWarRoomAndChannels } from '../../apps/server/src/response/lint.ts';
import { ResponseConfig } from '../../apps/server/src/response/config.ts';
import { json, startServer, type TestServer as Stub } from '../support/chat-webhook-testing.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { actingConfig, MIN, openIncident, seedPeople } from '../support/acting-fixtures.ts';

describe('stakeholder lists with chat channels', () => {
  const clock = new FakeClock('2026-11-26T08:00:00Z');
  const email = recordingProvider();
  let robot: Stub;
  let s: TestServer;

  beforeAll(async () => {
    robot = await startServer((req, res) => {
      const url = new URL(req.url, 'http://stub');
      if (url.pathname !== '/robot/send' || url.searchParams.get('access_token') !== 'biz-robot-token-01')
        return json(res, 200, { errcode: 300001, errmsg: 'token is not exist' });
      const body = JSON.parse(req.body) as { msgtype?: string };
      if (!body.msgtype) return json(res, 200, { errcode: 40035, errmsg: 'missing msgtype' });
      return json(res, 200, { errcode: 0, errmsg: 'ok' });
    });
    const config = parse(
      actingConfig(
        [{ id: 'biz-ding', type: 'dingtalk', config: { accessToken: 'biz-robot-token-01', apiBase: robot.base } }],
        [],
        ['127.0.0.1'],
      ),
    ) as Record<string, unknown>;
    config.response = {
      stakeholders: {
        commerce: [
          { name: 'Business ops', channels: ['biz-ding'] },
          { name: 'Customer service', emails: ['cs-lead@example.com'] },
        ],
      },
    };
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: stringify(config) });
    await seedPeople(s);
  });
  afterAll(async () => {
    await s.dispose();
    await robot.close();
  });

  it('posts every internal update to the listed channels, and emails the listed people', async () => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Card payments fail', service: 'pay-api', level: 2, source: 'internal' }),
    });
    const id = ((await res.json()) as IncidentDetail).id;
    await s.engine!.drain();
    const before = robot.requests.length;
    const noticesBefore = email.notices.length;
    const published = await s.api(`/api/v1/incidents/${id}/updates`, {
      method: 'POST',
      body: JSON.stringify({
        phase: 'identified',
        impact: 'card payments fail for 30% of customers',
        actions: 'rolling back release 42',
        audiences: ['internal'],
      }),
    });
    expect(published.status).toBe(200);
    await s.engine!.drain();
    const posts = robot.requests.slice(before);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.method).toBe('POST');
    expect(posts[0]!.url).toBe('/robot/send?access_token=biz-robot-token-01');
    expect(posts[0]!.headers['content-type']).toContain('application/json');
    const sent = JSON.parse(posts[0]!.body) as { msgtype: string; markdown?: { title: string; text: string } };
    expect(sent.msgtype).toBe('markdown');
    expect(sent.markdown!.text).toContain('card payments fail for 30% of customers');
    expect(sent.markdown!.text).toContain(`#${id}`);
    expect(email.notices.slice(noticesBefore).map((n) => n.recipient)).toEqual(['cs-lead@example.com']);
    const entry = ((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).timeline.find(
      (t) => t.kind === 'status_update',
    );
    expect(entry?.data).toMatchObject({ stakeholders: 1, stakeholderChannels: ['biz-ding'] });

    // An update for the group alone is posted to no stakeholder channel.
    const groupOnly = await s.api(`/api/v1/incidents/${id}/updates`, {
      method: 'POST',
      body: JSON.stringify({ phase: 'monitoring', impact: 'still watching', audiences: ['group'] }),
    });
    expect(groupOnly.status).toBe(200);
    await s.engine!.drain();
    expect(robot.requests.length).toBe(before + 1);
  });

  it('the lint refuses a list naming an unknown channel, and a list with neither emails nor channels', () => {
    const response = ResponseConfig.parse({
      stakeholders: { commerce: [{ name: 'Ops', channels: ['nope'] }] },
    });
    expect(lintWarRoomAndChannels({ response, channels: [] })).toEqual([
      {
        path: 'response.stakeholders.commerce.0.channels.0',
        message: 'no channel "nope" (see channels)',
        severity: 'error',
      },
    ]);
    const empty = ResponseConfig.safeParse({ stakeholders: { commerce: [{ name: 'Ops' }] } });
    expect(empty.success).toBe(false);
    expect(empty.error!.issues[0]!.path).toEqual(['stakeholders', 'commerce', 0, 'emails']);
  });
});

describe("pages in the reader's language", () => {
  const clock = new FakeClock('2026-11-26T08:00:00Z');
  let robot: Stub;
  let smtp: TestSmtpServer;
  let s: TestServer;
  const sms: Array<{ to: string; text: string }> = [];
  const cards: Array<{ title: string; text: string; btns: Array<{ title: string }> }> = [];

  /** Gives `userId` a verified email, DingTalk and SMS method, each paged at once for high urgency. */
  async function methods(userId: number, email: string, phone: string): Promise<void> {
    const db = s.rt.db;
    const now = clock.now();
    const rows = [
      { kind: 'email', address: email, channelId: null },
      { kind: 'chat', address: `ding-${userId}`, channelId: 'ding' },
      { kind: 'sms', address: phone, channelId: null },
    ];
    for (const r of rows) {
      await db
        .insert(contactMethods)
        .values({ userId, ...r, verifiedAt: now, createdAt: now })
        .onConflictDoNothing();
      const [cm] = await db
        .select({ id: contactMethods.id })
        .from(contactMethods)
        .where(and(eq(contactMethods.userId, userId), eq(contactMethods.address, r.address)));
      await db
        .insert(notificationRules)
        .values({ userId, contactMethodId: cm!.id, urgency: 'high', delayMinutes: 0, createdAt: now })
        .onConflictDoNothing();
    }
  }

  beforeAll(async () => {
    smtp = await startSmtpServer();
    robot = await startServer((req, res) => {
      const url = new URL(req.url, 'http://stub');
      if (url.pathname === '/sms') {
        const body = JSON.parse(req.body) as { to: string; text: string };
        sms.push(body);
        return json(res, 200, { id: `sms-${sms.length}` });
      }
      if (url.pathname !== '/robot/send' || url.searchParams.get('access_token') !== 'page-robot-token-01')
        return json(res, 200, { errcode: 300001, errmsg: 'token is not exist' });
      const body = JSON.parse(req.body) as {
        msgtype: string;
        actionCard?: { title: string; text: string; btns: Array<{ title: string }> };
      };
      if (body.msgtype !== 'actionCard' || !body.actionCard) return json(res, 200, { errcode: 40035, errmsg: 'bad' });
      cards.push(body.actionCard);
      return json(res, 200, { errcode: 0, errmsg: 'ok' });
    });
    const config = parse(
      actingConfig(
        [
          { id: 'ding', type: 'dingtalk', config: { accessToken: 'page-robot-token-01', apiBase: robot.base } },
          { id: 'gateway', type: 'http-sms', config: { url: `${robot.base}/sms`, maxSegments: 1 } },
        ],
        [],
        ['127.0.0.1'],
      ),
    ) as { levels: Record<string, unknown> };
    config.levels.sequences = [
      {
        id: 'P',
        name: 'Technical priority',
        levels: 4,
        translations: { 'zh-CN': { name: '技术优先级', levels: { '2': 'P2 故障' } } },
      },
    ];
    s = await startTestServer({
      clock,
      engineLoop: false,
      configYaml: stringify(config),
      env: { FAULTLINE_SMTP_URL: smtp.url },
    });
    const { ana, dan } = await seedPeople(s);
    await s.rt.db.update(users).set({ locale: 'zh-CN', timeZone: 'Asia/Shanghai' }).where(eq(users.id, ana));
    await s.rt.db.update(users).set({ locale: 'en' }).where(eq(users.id, dan));
    await methods(ana, 'ana@example.com', '+8613800138000');
    await methods(dan, 'dan@example.com', '+14155550123');
  });
  afterAll(async () => {
    await s?.dispose();
    await robot?.close();
    await smtp?.stop();
  });

  it('pages a zh-CN person in Chinese and an en person in English, by email, DingTalk card and SMS', async () => {
    // Ana is paged at once, Dan (the policy's second step) ten minutes later.
    const id = await openIncident(s, 'CheckoutErrors');
    clock.advance(10 * MIN);
    await s.engine!.drain();

    const mails = await smtp.waitForMessages(2);
    const zhMail = mails.find((m) => m.envelope.to.includes('ana@example.com'))!;
    const enMail = mails.find((m) => m.envelope.to.includes('dan@example.com'))!;
    expect(zhMail.subject).toBe(`[P2 故障] #${id} CheckoutErrors on pay-api`);
    expect(zhMail.text).toContain(`故障 #${id}：CheckoutErrors on pay-api`);
    expect(zhMail.text).toContain('级别：P2 故障   状态：已触发   服务：pay-api');
    expect(zhMail.text).toContain('通知原因：首次通知');
    expect(zhMail.text).toMatch(/确认：http\S+\/ack\//);
    expect(zhMail.html).toContain('>确认</a>');
    expect(enMail.subject).toBe(`[P2] #${id} CheckoutErrors on pay-api`);
    expect(enMail.text).toContain(`Incident #${id}: CheckoutErrors on pay-api`);
    expect(enMail.text).toContain('Level: P2   Status: triggered   Service: pay-api');
    expect(enMail.text).toMatch(/Acknowledge: http\S+\/ack\//);
    expect(enMail.text).not.toMatch(/[\u4e00-\u9fff]/);

    expect(cards).toHaveLength(2);
    const [zhCard, enCard] = cards;
    expect(zhCard!.title).toBe(`Faultline [P2 故障] #${id} CheckoutErrors on pay-api`);
    expect(zhCard!.text).toContain('- **状态**: 已触发');
    expect(zhCard!.text).toContain('- **通知原因**: 首次通知');
    expect(zhCard!.text).toContain(`###### Faultline · 故障 #${id}`);
    // The level forms a response group, so the person's page also carries the check-in buttons (Join, Decline).
    expect(zhCard!.btns.map((b) => b.title)).toEqual(['确认', '解决', '加入', '拒绝', '在 Faultline 中打开']);
    expect(enCard!.text).toContain('- **Status**: triggered');
    expect(enCard!.btns.map((b) => b.title)).toEqual([
      'Acknowledge',
      'Resolve',
      'Join',
      'Decline',
      'Open in Faultline',
    ]);

    // One segment each: Chinese is UCS-2 (70 units), English GSM-7 (160); the ack link survives in both.
    const zhSms = sms.find((m) => m.to === '+8613800138000')!;
    const enSms = sms.find((m) => m.to === '+14155550123')!;
    expect(smsEncoding(zhSms.text)).toBe('ucs2');
    expect(countSegments(zhSms.text)).toBe(1);
    expect(zhSms.text).toMatch(new RegExp(`^P2 故障 #${id} `));
    expect(zhSms.text).toMatch(/\n确认：http\S+$/);
    expect(smsEncoding(enSms.text)).toBe('gsm7');
    expect(countSegments(enSms.text)).toBe(1);
    expect(enSms.text).toMatch(new RegExp(`^P2 #${id} \\[pay-api\\] CheckoutErrors on pay-api\nAck: http\\S+$`));
  });
});
