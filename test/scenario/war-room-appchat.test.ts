/**
 * The war room's DingTalk and WeCom group chats (issue 17 point 8) against local stand-ins for each vendor's
 * app API that check the documented requests (token in the `access_token` query, JSON bodies with the
 * documented fields) and answer `{errcode, errmsg, …}` as the vendors do, errors included: a P1 creates both
 * chats with the response group's people (their userids from chat contact methods on a channel of the
 * vendor's type) and posts the card; someone who joins later is added; the token is fetched once and reused,
 * fetched again when it expires (by the clock) and when the vendor says it expired (42001, refreshed once);
 * a refusal is on the timeline with the vendor's code and message; close posts a last message. On both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { contactMethods } from '../../apps/server/src/notify/tables.ts';
import { clearAppChatTokens } from '../../apps/server/src/response/war-room-appchat.ts';
import { json, startServer, type RecordedRequest, type TestServer as Stub } from '../support/chat-webhook-testing.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { DAN, actingConfig, seedPeople } from '../support/acting-fixtures.ts';

/** A vendor stand-in: its tokens, which of them it says expired, and a refusal to answer with when set. */
interface Vendor {
  stub: Stub;
  tokens: string[];
  expired: Set<string>;
  refuse: { errcode: number; errmsg: string } | null;
}

/**
 * Starts a stand-in for `kind`: `GET <tokenPath>?<idParam>=…&<secretParam>=…` hands out `<prefix>-1`, `-2`…;
 * every other call must be a JSON POST with a known token; `chatPaths` answer `{errcode: 0, chatid}` on create.
 */
async function vendor(kind: 'dingtalk' | 'wecom'): Promise<Vendor> {
  const v: Vendor = { stub: undefined as unknown as Stub, tokens: [], expired: new Set(), refuse: null };
  let chats = 0;
  const [tokenPath, idParam, secretParam, id, secret] =
    kind === 'dingtalk'
      ? ['/gettoken', 'appkey', 'appsecret', 'dingappkey01', 'ding-secret']
      : ['/cgi-bin/gettoken', 'corpid', 'corpsecret', 'ww0123456789', 'wecom-secret'];
  const create = kind === 'dingtalk' ? '/chat/create' : '/cgi-bin/appchat/create';
  v.stub = await startServer((req, res) => {
    const url = new URL(req.url, 'http://stub');
    if (url.pathname === tokenPath) {
      if (req.method !== 'GET') return json(res, 200, { errcode: 43001, errmsg: 'require GET method' });
      if (url.searchParams.get(idParam) !== id || url.searchParams.get(secretParam) !== secret)
        return json(res, 200, { errcode: 40001, errmsg: 'invalid credential' });
      const token = `${kind}-token-${v.tokens.length + 1}`;
      v.tokens.push(token);
      return json(res, 200, { errcode: 0, errmsg: 'ok', access_token: token, expires_in: 7200 });
    }
    const token = url.searchParams.get('access_token') ?? '';
    if (!v.tokens.includes(token)) return json(res, 200, { errcode: 40014, errmsg: 'invalid access_token' });
    if (v.expired.has(token)) return json(res, 200, { errcode: 42001, errmsg: 'access_token expired' });
    if (req.method !== 'POST' || !String(req.headers['content-type']).startsWith('application/json'))
      return json(res, 200, { errcode: 43002, errmsg: 'require POST method' });
    if (v.refuse) return json(res, 200, v.refuse);
    if (url.pathname === create) return json(res, 200, { errcode: 0, errmsg: 'ok', chatid: `${kind}chat${++chats}` });
    return json(res, 200, { errcode: 0, errmsg: 'ok' });
  });
  return v;
}

describe('war room: DingTalk and WeCom group chats through the app APIs', () => {
  const clock = new FakeClock('2026-11-25T01:00:00Z');
  let ding: Vendor;
  let wecom: Vendor;
  let s: TestServer;

  beforeAll(async () => {
    clearAppChatTokens();
    ding = await vendor('dingtalk');
    wecom = await vendor('wecom');
    const config = parse(
      actingConfig(
        [
          { id: 'ops-ding', type: 'dingtalk', config: { accessToken: 'robot-token-0001' } },
          { id: 'ops-wecom', type: 'wecom', config: { key: 'robot-key-0001' } },
        ],
        [],
        ['127.0.0.1'],
      ),
    ) as Record<string, unknown>;
    config.response = {
      levels: { P1: { warRoom: true } },
      warRoom: {
        dingtalk: { appKey: 'dingappkey01', appSecret: 'ding-secret', apiBase: ding.stub.base },
        wecom: { corpId: 'ww0123456789', corpSecret: 'wecom-secret', owner: 'OpsOwner', apiBase: wecom.stub.base },
      },
    };
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: stringify(config),
    });
    const { ana, dan } = await seedPeople(s);
    const now = clock.now();
    await s.rt.db.insert(contactMethods).values([
      { userId: ana, kind: 'chat', channelId: 'ops-ding', address: 'ana-ding', verifiedAt: now, createdAt: now },
      { userId: ana, kind: 'chat', channelId: 'ops-wecom', address: 'AnaW', verifiedAt: now, createdAt: now },
      { userId: dan, kind: 'chat', channelId: 'ops-ding', address: 'dan-ding', verifiedAt: now, createdAt: now },
      // Unverified: not used.
      { userId: dan, kind: 'chat', channelId: 'ops-wecom', address: 'DanW', verifiedAt: null, createdAt: now },
    ]);
  });
  afterAll(async () => {
    await s.dispose();
    await ding.stub.close();
    await wecom.stub.close();
  });

  const calls = (v: Vendor, from: number) =>
    v.stub.requests.slice(from).map((r) => `${r.method} ${new URL(r.url, 'http://stub').pathname}`);
  const body = (r: RecordedRequest) => JSON.parse(r.body) as Record<string, unknown>;
  const token = (r: RecordedRequest) => new URL(r.url, 'http://stub').searchParams.get('access_token');
  const warTimeline = async (id: number) =>
    ((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).timeline
      .filter((t) => t.kind === 'war_room')
      .map((t) => t.message);
  const room = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
  const declare = async (title: string) => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title, service: 'pay-api', level: 1, source: 'internal' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as IncidentDetail).id;
  };
  const publish = async (id: number, impact: string) => {
    const res = await s.api(`/api/v1/incidents/${id}/updates`, {
      method: 'POST',
      body: JSON.stringify({ phase: 'identified', impact, actions: '', audiences: ['group'] }),
    });
    expect(res.status).toBe(200);
    await s.engine!.drain();
  };

  let id: number;

  it('creates both chats with the group’s userids and posts the card', async () => {
    id = await declare('Card payments fail');
    await s.engine!.drain();

    expect(calls(ding, 0)).toEqual(['GET /gettoken', 'POST /chat/create', 'POST /chat/send']);
    expect(ding.stub.requests[0]!.url).toBe('/gettoken?appkey=dingappkey01&appsecret=ding-secret');
    expect(token(ding.stub.requests[1]!)).toBe('dingtalk-token-1');
    expect(body(ding.stub.requests[1]!)).toEqual({
      name: `[P1] #${id} Card payments fail`,
      owner: 'ana-ding',
      useridlist: ['ana-ding'],
    });
    const card = body(ding.stub.requests[2]!);
    expect(card.chatid).toBe('dingtalkchat1');
    expect(card.msg).toEqual({
      msgtype: 'text',
      text: { content: expect.stringContaining(`#${id} Card payments fail`) },
    });

    expect(calls(wecom, 0)).toEqual([
      'GET /cgi-bin/gettoken',
      'POST /cgi-bin/appchat/create',
      'POST /cgi-bin/appchat/send',
    ]);
    expect(wecom.stub.requests[0]!.url).toBe('/cgi-bin/gettoken?corpid=ww0123456789&corpsecret=wecom-secret');
    expect(body(wecom.stub.requests[1]!)).toEqual({
      name: `[P1] #${id} Card payments fail`,
      owner: 'OpsOwner',
      userlist: ['OpsOwner', 'AnaW'],
    });
    const wcard = body(wecom.stub.requests[2]!);
    expect(wcard).toEqual({
      chatid: 'wecomchat1',
      msgtype: 'text',
      text: { content: expect.stringContaining(`Room: open the incident in Faultline: `) },
    });

    const r = await room(id);
    expect(r.warRoom?.dingtalk).toEqual({
      chatId: 'dingtalkchat1',
      name: `[P1] #${id} Card payments fail`,
      openedAt: '2026-11-25T01:00:00.000Z',
      closedAt: null,
    });
    expect(r.warRoom?.wecom?.chatId).toBe('wecomchat1');
    expect((await warTimeline(id)).sort()).toEqual(
      [
        `war room: DingTalk group chat "[P1] #${id} Card payments fail" created`,
        `war room: WeCom group chat "[P1] #${id} Card payments fail" created`,
      ].sort(),
    );
  });

  it('adds a person who joins later, with the cached token; one without a userid is named once', async () => {
    const [d0, w0] = [ding.stub.requests.length, wecom.stub.requests.length];
    clock.advance(60_000);
    const invited = await s.api(`/api/v1/incidents/${id}/group/invite`, {
      method: 'POST',
      body: JSON.stringify({ person: DAN.email }),
    });
    expect(invited.status).toBe(200);
    await s.engine!.drain();
    expect(calls(ding, d0)).toEqual(['POST /chat/update']);
    expect(body(ding.stub.requests.at(-1)!)).toEqual({ chatid: 'dingtalkchat1', add_useridlist: ['dan-ding'] });
    expect(token(ding.stub.requests.at(-1)!)).toBe('dingtalk-token-1');
    // Dan's WeCom handle is unverified: WeCom is not called, and the timeline says why.
    expect(calls(wecom, w0)).toEqual([]);
    expect(await warTimeline(id)).toContain(
      `war room: not added to the WeCom group chat (no WeCom user id known): ${DAN.email}`,
    );
    clock.advance(60_000);
    await s.api(`/api/v1/incidents/${id}/notes`, { method: 'POST', body: JSON.stringify({ text: 'looking' }) });
    await s.engine!.drain();
    expect(calls(ding, d0 + 1)).toEqual([]);
    expect(calls(wecom, w0)).toEqual([]);
  });

  it('posts status updates; a token the vendor says expired (42001) is refreshed once', async () => {
    const [d0, w0] = [ding.stub.requests.length, wecom.stub.requests.length];
    ding.expired.add('dingtalk-token-1');
    await publish(id, 'payments fail for 30% of customers');
    expect(calls(ding, d0)).toEqual(['POST /chat/send', 'GET /gettoken', 'POST /chat/send']);
    expect(token(ding.stub.requests.at(-1)!)).toBe('dingtalk-token-2');
    expect(body(ding.stub.requests.at(-1)!)).toEqual({
      chatid: 'dingtalkchat1',
      msg: {
        msgtype: 'text',
        text: { content: 'Status update (identified) by admin\nImpact: payments fail for 30% of customers' },
      },
    });
    expect(calls(wecom, w0)).toEqual(['POST /cgi-bin/appchat/send']);
    expect(body(wecom.stub.requests.at(-1)!)).toEqual({
      chatid: 'wecomchat1',
      msgtype: 'text',
      text: { content: 'Status update (identified) by admin\nImpact: payments fail for 30% of customers' },
    });
    expect((await warTimeline(id)).filter((m) => m.includes('failed'))).toEqual([]);
  });

  it('a token is fetched anew once its expires_in has passed', async () => {
    const w0 = wecom.stub.requests.length;
    clock.advance(2 * 3600_000);
    await publish(id, 'still failing');
    expect(calls(wecom, w0)).toEqual(['GET /cgi-bin/gettoken', 'POST /cgi-bin/appchat/send']);
    expect(token(wecom.stub.requests.at(-1)!)).toBe('wecom-token-2');
  });

  it('a refusal is on the timeline with the vendor’s errcode and errmsg; a second 42001 is not retried again', async () => {
    wecom.refuse = { errcode: 60011, errmsg: 'no privilege to access/modify contact/party/agent' };
    // Every DingTalk token so far, and the next one it hands out, are "expired".
    for (const t of ding.tokens) ding.expired.add(t);
    ding.expired.add(`dingtalk-token-${ding.tokens.length + 1}`);
    const d0 = ding.stub.requests.length;
    const other = await declare('Checkout slow');
    await s.engine!.drain();
    const msgs = await warTimeline(other);
    expect(msgs).toContain(
      'war room: creating the WeCom group chat failed (WeCom /cgi-bin/appchat/create: wecom_60011 no privilege to access/modify contact/party/agent)',
    );
    // DingTalk: the new token is said to be expired too: refreshed once only, then on the timeline.
    expect(calls(ding, d0)).toEqual(['POST /chat/create', 'GET /gettoken', 'POST /chat/create']);
    expect(msgs).toContain(
      'war room: creating the DingTalk group chat failed (DingTalk /chat/create: dingtalk_42001 access_token expired)',
    );
    expect((await room(other)).warRoom).toMatchObject({ dingtalk: null, wecom: null });
    wecom.refuse = null;
  });

  it('close posts a last message to each chat and marks it closed', async () => {
    const [d0, w0] = [ding.stub.requests.length, wecom.stub.requests.length];
    for (const step of ['mitigate', 'resolve'])
      expect((await s.api(`/api/v1/incidents/${id}/${step}`, { method: 'POST', body: '{}' })).status).toBe(200);
    const closed = await s.api(`/api/v1/incidents/${id}/close`, {
      method: 'POST',
      body: JSON.stringify({ waiver: 'reviewed with the payments team' }),
    });
    expect(closed.status).toBe(200);
    await s.engine!.drain();
    expect(calls(ding, d0)).toEqual(['GET /gettoken', 'POST /chat/send']);
    expect(calls(wecom, w0)).toEqual(['POST /cgi-bin/appchat/send']);
    expect((body(wecom.stub.requests.at(-1)!).text as { content: string }).content).toBe(
      `#${id} Card payments fail is closed; this war room is closed. The record stays in Faultline.`,
    );
    const r = await room(id);
    expect(r.warRoom?.dingtalk?.closedAt).toBe(clock.now().toISOString());
    expect(r.warRoom?.wecom?.closedAt).toBe(clock.now().toISOString());
    expect(await warTimeline(id)).toContain(`war room: WeCom group chat "[P1] #${id} Card payments fail" closed`);
  });
});
