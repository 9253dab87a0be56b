/**
 * The war room (issue 17 point 8) against a local stand-in for the Slack Web API that checks each documented
 * request (method path, bearer token, form-encoded arguments) and answers as Slack does, errors included:
 * a P1 opens a channel (`name_taken` → the next name), its response group is invited by Slack user id looked
 * up by email, the incident card and every status update are posted, and close archives the channel; with a
 * token Slack refuses (`not_authed`) the failure is on the timeline and the room runs on. The bridge link is
 * in the room API. On both stores.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { json, startServer, type RecordedRequest, type TestServer as Stub } from '../support/chat-webhook-testing.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { ANA, DAN, actingConfig, addContact, seedPeople } from '../support/acting-fixtures.ts';
import { waitFor } from '../support/wait.ts';

const TOKEN = 'xoxb-1111-2222-warRoomTest';
const SIGNING_SECRET = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

describe('war room: a Slack channel and a bridge link for a P1', () => {
  const clock = new FakeClock('2026-11-23T09:00:00Z');
  const email = recordingProvider();
  let slack: Stub;
  let s: TestServer;
  /** Slack's answer to every call when set (e.g. `not_authed`); otherwise the happy path below. */
  let refuseWith: string | null = null;
  const takenNames = new Set<string>();

  beforeAll(async () => {
    slack = await startServer((req, res) => {
      const args = Object.fromEntries(new URLSearchParams(req.body));
      if (req.headers['authorization'] !== `Bearer ${TOKEN}`) return json(res, 200, { ok: false, error: 'not_authed' });
      if (refuseWith) return json(res, 200, { ok: false, error: refuseWith });
      switch (req.url) {
        case '/api/conversations.create':
          if (takenNames.has(args.name!)) return json(res, 200, { ok: false, error: 'name_taken' });
          takenNames.add(args.name!);
          return json(res, 200, { ok: true, channel: { id: 'C0WARROOM1', name: args.name, is_channel: true } });
        case '/api/users.lookupByEmail':
          if (args.email === ANA.email)
            return json(res, 200, { ok: true, user: { id: 'U0ANA', profile: { email: ANA.email } } });
          return args.email === DAN.email
            ? json(res, 200, { ok: true, user: { id: 'U0DAN', profile: { email: DAN.email } } })
            : json(res, 200, { ok: false, error: 'users_not_found' });
        case '/api/conversations.invite':
          return json(res, 200, { ok: true, channel: { id: args.channel } });
        case '/api/chat.postMessage':
          return json(res, 200, { ok: true, channel: args.channel, ts: `1795424400.00010${slack.requests.length}` });
        case '/api/conversations.archive':
          return json(res, 200, { ok: true });
        default:
          return json(res, 200, { ok: false, error: 'unknown_method' });
      }
    });
    // The Slack app's signing secret is configured on a `slack` channel (the interactivity URL checks it there).
    const channels = [
      {
        id: 'ops-slack',
        type: 'slack',
        config: { token: TOKEN, signingSecret: SIGNING_SECRET, apiBase: `${slack.base}/api` },
      },
    ];
    const config = parse(actingConfig(channels, [], ['127.0.0.1'])) as Record<string, unknown>;
    config.response = {
      levels: { '1': { warRoom: true } },
      warRoom: {
        bridgeUrl: 'https://meet.example.com/fl-{incident}?room={channel}',
        slack: { token: TOKEN, apiBase: `${slack.base}/api` },
      },
    };
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: stringify(config) });
    people = await seedPeople(s);
  });
  afterAll(async () => {
    await s.dispose();
    await slack.close();
  });
  let people: { ana: number; dan: number };

  const room = async (id: number) => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
  const timeline = async (id: number) =>
    ((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).timeline.filter(
      (t) => t.kind === 'war_room',
    );
  const declare = async (title: string, level: number) => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title, service: 'pay-api', level, source: 'internal' }),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as IncidentDetail).id;
  };
  const args = (r: RecordedRequest) => Object.fromEntries(new URLSearchParams(r.body));
  const calls = (from: number) => slack.requests.slice(from).map((r) => r.url.replace('/api/', ''));

  let id: number;

  it('opens the channel (name_taken → suffixed name), invites the group by Slack id and posts the card', async () => {
    id = await declare('Card payments fail', 1);
    takenNames.add(`inc-${id}-card-payments-fail`);
    await s.engine!.drain();

    expect(calls(0)).toEqual([
      'conversations.create',
      'conversations.create',
      'chat.postMessage',
      'users.lookupByEmail',
      'conversations.invite',
    ]);
    for (const r of slack.requests) {
      expect(r.method).toBe('POST');
      expect(r.headers['authorization']).toBe(`Bearer ${TOKEN}`);
      expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    }
    const [create1, create2, card, lookup, invite] = slack.requests.map(args);
    expect(create1).toEqual({ name: `inc-${id}-card-payments-fail`, is_private: 'false' });
    expect(create2).toEqual({ name: `inc-${id}-card-payments-fail-2`, is_private: 'false' });
    expect(card!.channel).toBe('C0WARROOM1');
    expect(card!.text).toContain(`*[P1] #${id} Card payments fail*`);
    expect(card!.text).toContain(`Bridge: <https://meet.example.com/fl-${id}?room=inc-${id}-card-payments-fail-2|join`);
    const blocks = JSON.parse(card!.blocks!) as Array<{ type: string; elements?: Array<Record<string, unknown>> }>;
    expect(blocks[1]!.elements!.map((e) => [e.action_id, e.value])).toEqual([
      ['faultline_check_in', String(id)],
      ['faultline_decline', String(id)],
    ]);
    expect(lookup).toEqual({ email: ANA.email });
    expect(invite).toEqual({ channel: 'C0WARROOM1', users: 'U0ANA' });

    const r = await room(id);
    expect(r.policy.warRoom).toBe(true);
    expect(r.warRoom).toEqual({
      bridgeUrl: `https://meet.example.com/fl-${id}?room=inc-${id}-card-payments-fail-2`,
      slack: {
        channelId: 'C0WARROOM1',
        name: `inc-${id}-card-payments-fail-2`,
        openedAt: '2026-11-23T09:00:00.000Z',
        archivedAt: null,
      },
      feishu: null,
      dingtalk: null,
      wecom: null,
    });
    expect((await timeline(id)).map((t) => t.message)).toEqual([
      `war room: Slack channel #inc-${id}-card-payments-fail-2 opened`,
    ]);
    // The watcher runs again after every change; the channel opens once.
    clock.advance(60_000);
    await s.api(`/api/v1/incidents/${id}/notes`, { method: 'POST', body: JSON.stringify({ text: 'looking' }) });
    await s.engine!.drain();
    expect(calls(5).filter((c) => c === 'conversations.create')).toEqual([]);
  });

  it('invites a person who joins the group after the channel opened, at once and once', async () => {
    const before = slack.requests.length;
    const invited = await s.api(`/api/v1/incidents/${id}/group/invite`, {
      method: 'POST',
      body: JSON.stringify({ person: DAN.email }),
    });
    expect(invited.status).toBe(200);
    await s.engine!.drain();
    expect(calls(before)).toEqual(['users.lookupByEmail', 'conversations.invite']);
    expect(args(slack.requests.at(-1)!)).toEqual({ channel: 'C0WARROOM1', users: 'U0DAN' });
    // Later runs of the watcher (another note) invite nobody again.
    clock.advance(60_000);
    await s.api(`/api/v1/incidents/${id}/notes`, { method: 'POST', body: JSON.stringify({ text: 'still looking' }) });
    await s.engine!.drain();
    expect(calls(before + 2)).toEqual([]);
  });

  /** Clicks the card's `actionId` as Slack user `slackUser` the way Slack sends it: form-encoded, signed (v0). */
  async function click(slackUser: string, actionId: string, secret = SIGNING_SECRET) {
    const card = slack.requests.map(args).find((a) => a.blocks?.includes(`faultline_check_in_${id}`))!;
    const blocks = JSON.parse(card.blocks!) as Array<Record<string, unknown>>;
    const actions = blocks.find((b) => b.type === 'actions')!;
    const button = (actions.elements as Array<Record<string, unknown>>).find((e) => e.action_id === actionId)!;
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: 'block_actions',
        user: { id: slackUser, username: 'someone', team_id: 'T0FAULTLN' },
        team: { id: 'T0FAULTLN', domain: 'faultline-test' },
        container: { type: 'message', message_ts: '1795424400.000103', channel_id: 'C0WARROOM1' },
        channel: { id: 'C0WARROOM1', name: `inc-${id}` },
        message: { type: 'message', text: card.text, ts: '1795424400.000103', blocks },
        actions: [{ action_id: actionId, block_id: actions.block_id, value: button.value, type: 'button' }],
      }),
    }).toString();
    const timestamp = String(Math.floor(clock.now().getTime() / 1000));
    const mac = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
    return fetch(`${s.url}/api/v1/slack/interactivity`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': timestamp,
        'x-slack-signature': `v0=${mac}`,
      },
      body,
    });
  }

  it('checks in from the card’s buttons, as the person behind the Slack user, via Slack', async () => {
    await addContact(s, people.ana, 'chat', 'U0ANA');
    await addContact(s, people.dan, 'chat', 'U0DAN');
    // A wrong signature changes nothing.
    expect((await click('U0ANA', 'faultline_check_in', 'ffffffffffffffffffffffffffffffff')).status).toBe(401);
    expect((await click('U0ANA', 'faultline_check_in')).status).toBe(200);
    const checkIns = async () =>
      ((await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail).timeline
        .filter((t) => t.kind === 'check_in' && t.message.endsWith('via Slack'))
        .map((t) => t.message);
    await waitFor('Ana checked in', async () => (await checkIns()).length === 1);
    expect((await checkIns())[0]).toBe(`${ANA.email} joined the response group via Slack`);
    clock.advance(1_000);
    expect((await click('U0DAN', 'faultline_decline')).status).toBe(200);
    await waitFor('Dan declined', async () => (await checkIns()).length === 2);
    expect((await checkIns())[1]).toBe(`${DAN.email} declined to join via Slack`);
    const group = (await room(id)).group;
    expect(group.find((m) => m.person === ANA.email)?.state).toBe('joined');
    expect(group.find((m) => m.person === DAN.email)?.state).toBe('declined');
    await s.engine!.drain();
  });

  it('posts every status update to the channel, and archives it on close', async () => {
    const before = slack.requests.length;
    clock.advance(60_000);
    const published = await s.api(`/api/v1/incidents/${id}/updates`, {
      method: 'POST',
      body: JSON.stringify({
        phase: 'identified',
        impact: 'card payments fail for 30% of customers',
        actions: 'rolling back release 42',
        audiences: ['group'],
      }),
    });
    expect(published.status).toBe(200);
    await s.engine!.drain();
    expect(calls(before)).toEqual(['chat.postMessage']);
    const post = args(slack.requests.at(-1)!);
    expect(post.channel).toBe('C0WARROOM1');
    expect(post.text).toContain('*Status update (identified)*');
    expect(post.text).toContain('Impact: card payments fail for 30% of customers');
    expect(post.text).toContain('Actions: rolling back release 42');

    for (const step of ['mitigate', 'resolve'])
      expect((await s.api(`/api/v1/incidents/${id}/${step}`, { method: 'POST', body: '{}' })).status).toBe(200);
    const closed = await s.api(`/api/v1/incidents/${id}/close`, {
      method: 'POST',
      body: JSON.stringify({ waiver: 'reviewed with the payments team' }),
    });
    expect(closed.status).toBe(200);
    await s.engine!.drain();
    expect(calls(before + 1)).toEqual(['conversations.archive']);
    expect(args(slack.requests.at(-1)!)).toEqual({ channel: 'C0WARROOM1' });
    expect((await room(id)).warRoom?.slack?.archivedAt).toBe(clock.now().toISOString());
    expect((await timeline(id)).map((t) => t.message).at(-1)).toBe(
      `war room: Slack channel #inc-${id}-card-payments-fail-2 archived`,
    );
  });

  it('not_authed: the failure is on the timeline with Slack’s reason, and the room runs without the channel', async () => {
    refuseWith = 'not_authed';
    const before = slack.requests.length;
    const other = await declare('Checkout slow', 1);
    await s.engine!.drain();
    // A refusal is not retried: one call, then the timeline.
    expect(calls(before)).toEqual(['conversations.create']);
    expect((await timeline(other)).map((t) => t.message)).toEqual([
      'war room: opening the Slack channel failed (Slack conversations.create: not_authed)',
    ]);
    const r = await room(other);
    expect(r.warRoom).toEqual({
      bridgeUrl: `https://meet.example.com/fl-${other}?room=`,
      slack: null,
      feishu: null,
      dingtalk: null,
      wecom: null,
    });
    expect(r.group).toEqual([expect.objectContaining({ person: ANA.email, state: 'pending' })]);
    // The room still takes updates; with no channel none is posted.
    const published = await s.api(`/api/v1/incidents/${other}/updates`, {
      method: 'POST',
      body: JSON.stringify({ phase: 'investigating', impact: 'checkout is slow', actions: '', audiences: ['group'] }),
    });
    expect(published.status).toBe(200);
    await s.engine!.drain();
    expect(calls(before)).toEqual(['conversations.create']);
    refuseWith = null;
  });

  it('a transient refusal (ratelimited) is retried a minute later, with nothing on the timeline', async () => {
    refuseWith = 'ratelimited';
    const before = slack.requests.length;
    const other = await declare('Search down', 1);
    await s.engine!.drain();
    expect(calls(before)).toEqual(['conversations.create']);
    expect(await timeline(other)).toEqual([]);
    refuseWith = null;
    clock.advance(61_000);
    await s.engine!.drain();
    expect(calls(before + 1)).toEqual([
      'conversations.create',
      'chat.postMessage',
      'users.lookupByEmail',
      'conversations.invite',
    ]);
    expect((await room(other)).warRoom?.slack?.name).toBe(`inc-${other}-search-down`);
  });

  it('a level without warRoom opens nothing and shows no war room', async () => {
    const before = slack.requests.length;
    const p2 = await declare('Refunds delayed', 2);
    await s.engine!.drain();
    expect(calls(before)).toEqual([]);
    expect((await room(p2)).warRoom).toBeNull();
  });
});

describe('war room: a Feishu group chat through the app API', () => {
  const clock = new FakeClock('2026-11-24T02:00:00Z');
  let feishu: Stub;
  let s: TestServer;
  /** Answers every call after the token with this `{code, msg}` when set. */
  let refuse: { code: number; msg: string } | null = null;

  beforeAll(async () => {
    feishu = await startServer((req, res) => {
      const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};
      if (req.url === '/open-apis/auth/v3/tenant_access_token/internal')
        return body.app_id === 'cli_war_room' && body.app_secret === 'app-secret-1'
          ? json(res, 200, { code: 0, msg: 'ok', tenant_access_token: 't-war-room-token', expire: 7200 })
          : json(res, 200, { code: 10003, msg: 'invalid param' });
      if (req.headers['authorization'] !== 'Bearer t-war-room-token')
        return json(res, 400, { code: 99991663, msg: 'Invalid access token for authorization.' });
      if (refuse) return json(res, 400, refuse);
      if (req.method === 'POST' && req.url === '/open-apis/contact/v3/users/batch_get_id?user_id_type=open_id')
        return json(res, 200, {
          code: 0,
          msg: 'success',
          data: {
            user_list: (body.emails as string[]).map((email) =>
              email === ANA.email ? { email, user_id: 'ou_ana' } : { email },
            ),
          },
        });
      if (req.method === 'POST' && req.url === '/open-apis/im/v1/chats?user_id_type=open_id')
        return json(res, 200, { code: 0, msg: 'success', data: { chat_id: 'oc_war_room_1', name: body.name } });
      if (req.method === 'POST' && req.url === '/open-apis/im/v1/messages?receive_id_type=chat_id')
        return json(res, 200, { code: 0, msg: 'success', data: { message_id: `om_${feishu.requests.length}` } });
      if (req.method === 'DELETE' && req.url === '/open-apis/im/v1/chats/oc_war_room_1')
        return json(res, 200, { code: 0, msg: 'success', data: {} });
      return json(res, 404, { code: 404, msg: 'not found' });
    });
    const config = parse(actingConfig([], [], ['127.0.0.1'])) as Record<string, unknown>;
    config.response = {
      levels: { P1: { warRoom: true } },
      warRoom: { feishu: { appId: 'cli_war_room', appSecret: 'app-secret-1', apiBase: feishu.base } },
    };
    s = await startTestServer({
      clock,
      providers: { email: recordingProvider() },
      engineLoop: false,
      configYaml: stringify(config),
    });
    await seedPeople(s);
  });
  afterAll(async () => {
    await s.dispose();
    await feishu.close();
  });

  const calls = (from: number) => feishu.requests.slice(from).map((r) => `${r.method} ${r.url.split('?')[0]}`);
  const bodyOf = (r: RecordedRequest) => JSON.parse(r.body) as Record<string, unknown>;

  it('creates the chat with the group, posts the card and every update, and disbands it on close', async () => {
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Card payments fail', service: 'pay-api', level: 1, source: 'internal' }),
    });
    const id = ((await res.json()) as IncidentDetail).id;
    await s.engine!.drain();
    expect(calls(0)).toEqual([
      'POST /open-apis/auth/v3/tenant_access_token/internal',
      'POST /open-apis/contact/v3/users/batch_get_id',
      'POST /open-apis/im/v1/chats',
      'POST /open-apis/im/v1/messages',
    ]);
    for (const r of feishu.requests) expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(feishu.requests[0]!.headers['authorization']).toBeUndefined();
    expect(bodyOf(feishu.requests[0]!)).toEqual({ app_id: 'cli_war_room', app_secret: 'app-secret-1' });
    for (const r of feishu.requests.slice(1)) expect(r.headers['authorization']).toBe('Bearer t-war-room-token');
    expect(bodyOf(feishu.requests[1]!)).toEqual({ emails: [ANA.email] });
    expect(bodyOf(feishu.requests[2]!)).toEqual({
      name: `[P1] #${id} Card payments fail`,
      description: `Faultline war room of incident #${id}`,
      user_id_list: ['ou_ana'],
    });
    const card = bodyOf(feishu.requests[3]!);
    expect(feishu.requests[3]!.url).toBe('/open-apis/im/v1/messages?receive_id_type=chat_id');
    expect(card.receive_id).toBe('oc_war_room_1');
    expect(card.msg_type).toBe('text');
    expect((JSON.parse(card.content as string) as { text: string }).text).toContain(`[P1] #${id} Card payments fail`);
    const room = async () => (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
    expect((await room()).warRoom).toEqual({
      bridgeUrl: null,
      slack: null,
      feishu: {
        chatId: 'oc_war_room_1',
        name: `[P1] #${id} Card payments fail`,
        openedAt: '2026-11-24T02:00:00.000Z',
        disbandedAt: null,
      },
      dingtalk: null,
      wecom: null,
    });

    const before = feishu.requests.length;
    await s.api(`/api/v1/incidents/${id}/updates`, {
      method: 'POST',
      body: JSON.stringify({
        phase: 'identified',
        impact: 'payments fail',
        actions: 'rolling back',
        audiences: ['group'],
      }),
    });
    await s.engine!.drain();
    expect(calls(before)).toEqual([
      'POST /open-apis/auth/v3/tenant_access_token/internal',
      'POST /open-apis/im/v1/messages',
    ]);
    const text = (JSON.parse(bodyOf(feishu.requests.at(-1)!).content as string) as { text: string }).text;
    expect(text).toBe('Status update (identified) by admin\nImpact: payments fail\nActions: rolling back');

    for (const step of ['mitigate', 'resolve'])
      expect((await s.api(`/api/v1/incidents/${id}/${step}`, { method: 'POST', body: '{}' })).status).toBe(200);
    await s.api(`/api/v1/incidents/${id}/close`, { method: 'POST', body: JSON.stringify({ waiver: 'reviewed' }) });
    await s.engine!.drain();
    expect(calls(before + 2)).toEqual([
      'POST /open-apis/auth/v3/tenant_access_token/internal',
      'DELETE /open-apis/im/v1/chats/oc_war_room_1',
    ]);
    expect((await room()).warRoom?.feishu?.disbandedAt).toBe(clock.now().toISOString());
  });

  it('a Feishu refusal is on the timeline with its code and message; the room goes on', async () => {
    refuse = { code: 232025, msg: 'Bot ability is not activated.' };
    const res = await s.api('/api/v1/incidents', {
      method: 'POST',
      body: JSON.stringify({ title: 'Checkout slow', service: 'pay-api', level: 1, source: 'internal' }),
    });
    const id = ((await res.json()) as IncidentDetail).id;
    await s.engine!.drain();
    const detail = (await (await s.api(`/api/v1/incidents/${id}`)).json()) as IncidentDetail;
    expect(detail.timeline.filter((t) => t.kind === 'war_room').map((t) => t.message)).toEqual([
      'war room: creating the Feishu group chat failed (Feishu /open-apis/contact/v3/users/batch_get_id: feishu_232025 Bot ability is not activated.)',
    ]);
    const r = (await (await s.api(`/api/v1/incidents/${id}/room`)).json()) as ResponseRoom;
    expect(r.warRoom).toEqual({ bridgeUrl: null, slack: null, feishu: null, dingtalk: null, wecom: null });
    expect(r.group).toEqual([expect.objectContaining({ person: ANA.email })]);
    refuse = null;
  });
});
