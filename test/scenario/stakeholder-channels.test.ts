/**
 * Chat channels as stakeholder lists (issue 17 point 7): `response.stakeholders.<line>` may list configured chat
 * channels besides people; every status update to the internal audience is posted to them through the
 * channel's provider (here a DingTalk robot webhook served by a local stand-in that checks the documented
 * request and answers as DingTalk does), and an update to the group alone posts nothing. A list naming an
 * unknown channel is refused by the config lint. On both stores.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { IncidentDetail } from '@faultline/contracts';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { lintWarRoomAndChannels } from '../../apps/server/src/response/lint.ts';
import { ResponseConfig } from '../../apps/server/src/response/config.ts';
import { json, startServer, type TestServer as Stub } from '../support/chat-webhook-testing.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { actingConfig, seedPeople } from '../support/acting-fixtures.ts';

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
