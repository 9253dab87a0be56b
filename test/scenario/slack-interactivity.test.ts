/**
 * Acknowledge and resolve from Slack buttons (DESIGN §7). The Slack app provider posts the page to a local
 * stand-in for Slack's Web API; the test then clicks its buttons the way Slack does: a form-encoded
 * `payload` (a `block_actions` payload carrying the posted message) POSTed to the interactivity URL with
 * `X-Slack-Request-Timestamp` and `X-Slack-Signature` (v0, HMAC-SHA256 computed here with node:crypto, not
 * with the product's helper). Faultline acts as the Faultline user behind the Slack user — by a verified
 * chat contact method, else by the email from `users.info` — and updates the message through
 * `response_url`, which the stand-in records.
 */
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../apps/server/src/lib/clock.ts';
import { startVendorStub, type RecordedRequest, type VendorStub } from '../support/vendor-stub.ts';
import { recordingProvider } from '../support/recording-provider.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { actingConfig, addContact, detail, openIncident, seedPeople } from '../support/acting-fixtures.ts';

const SIGNING_SECRET = '8f742231b10e8888abcd99eeeeee85a5';
const CHANNEL = 'C0OPSCHAN';
/** Slack users: Ana is linked by a chat contact method, Dan only by his Slack profile email. */
const SLACK_ANA = 'U0ANA0001';
const SLACK_DAN = 'U0DAN0002';
const SLACK_VIC = 'U0VIC0003';
const SLACK_ZED = 'U0ZED0004';
const PROFILE_EMAILS: Record<string, string> = { [SLACK_DAN]: 'dan@example.com', [SLACK_ZED]: 'zed@elsewhere.example' };

describe('Slack interactivity', () => {
  const clock = new FakeClock('2026-11-21T12:00:00Z');
  const email = recordingProvider();
  let slack: VendorStub;
  /** A server that is neither Slack nor the configured API base: a `response_url` there must not be called. */
  let elsewhere: VendorStub;
  let s: TestServer;
  let config: string;
  let dataDir: string;
  let clicks = 0;

  /** The message the provider posted for incident `id` (chat.postMessage body). */
  const posted = (id: number) =>
    slack.requests
      .filter((r) => r.path === '/chat.postMessage')
      .map((r) => JSON.parse(r.body) as { channel: string; text: string; blocks: Array<Record<string, unknown>> })
      .find((m) => m.blocks.some((b) => b.block_id === `faultline_incident_${id}`))!;

  /** A `block_actions` payload as Slack documents it, for a click by `slackUser` on `actionId`. */
  function payload(id: number, slackUser: string, actionId: string, responseUrl: string) {
    const message = posted(id);
    const actions = message.blocks.find((b) => b.type === 'actions')!;
    const button = (actions.elements as Array<Record<string, unknown>>).find((e) => e.action_id === actionId)!;
    return {
      type: 'block_actions',
      user: { id: slackUser, username: slackUser.toLowerCase(), name: slackUser.toLowerCase(), team_id: 'T0FAULTLN' },
      api_app_id: 'A0FAULTLN',
      token: 'deprecated-verification-token',
      container: { type: 'message', message_ts: '1763726400.000100', channel_id: CHANNEL, is_ephemeral: false },
      trigger_id: '1234567890.1234567890.abcdef0123456789',
      team: { id: 'T0FAULTLN', domain: 'faultline-test' },
      enterprise: null,
      is_enterprise_install: false,
      channel: { id: CHANNEL, name: 'ops' },
      message: {
        type: 'message',
        subtype: 'bot_message',
        text: message.text,
        ts: '1763726400.000100',
        blocks: message.blocks,
      },
      state: { values: {} },
      response_url: responseUrl,
      actions: [
        {
          action_id: actionId,
          block_id: actions.block_id,
          text: button.text,
          value: button.value,
          style: button.style,
          type: 'button',
          action_ts: '1763726410.123456',
        },
      ],
    };
  }

  /**
   * POSTs a click as Slack does; returns the response, the path its response_url points at (on the Slack
   * stand-in unless `responseBase` says otherwise) and `again(base?)`, which sends the very same request once
   * more (to another server when given).
   */
  async function click(
    id: number,
    slackUser: string,
    action: 'ack' | 'resolve',
    opts: { secret?: string; timestamp?: number; responseBase?: string } = {},
  ) {
    const responsePath = `/actions/T0FAULTLN/${++clicks}/hook`;
    const body = new URLSearchParams({
      payload: JSON.stringify(
        payload(id, slackUser, `faultline_${action}`, `${opts.responseBase ?? slack.url}${responsePath}`),
      ),
    }).toString();
    const timestamp = String(opts.timestamp ?? Math.floor(clock.now().getTime() / 1000));
    const mac = createHmac('sha256', opts.secret ?? SIGNING_SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest('hex');
    const send = (base = s.url) =>
      fetch(`${base}/api/v1/slack/interactivity`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': `v0=${mac}`,
        },
        body,
      });
    return { res: await send(), responsePath, again: send };
  }

  /** The JSON Faultline POSTed to a response_url. */
  const responseAt = (path: string) =>
    waitFor(`a POST to ${path}`, async () => slack.requests.find((r) => r.path === path)).then(
      (r: RecordedRequest) => ({ req: r, body: JSON.parse(r.body) as Record<string, unknown> }),
    );

  const buttons = (blocks: unknown) =>
    (blocks as Array<Record<string, unknown>>)
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements as Array<Record<string, unknown>>).map((e) => e.action_id));

  beforeAll(async () => {
    slack = await startVendorStub();
    elsewhere = await startVendorStub();
    elsewhere.answer(() => ({ status: 200, body: 'ok' }));
    slack.answer((req) => {
      if (req.path === '/chat.postMessage')
        return { status: 200, body: { ok: true, channel: CHANNEL, ts: '1763726400.000100' } };
      if (req.path === '/users.info') {
        const mail = PROFILE_EMAILS[req.query.get('user') ?? ''];
        return mail
          ? { status: 200, body: { ok: true, user: { id: req.query.get('user'), profile: { email: mail } } } }
          : { status: 200, body: { ok: false, error: 'user_not_found' } };
      }
      if (req.path.startsWith('/actions/')) return { status: 200, body: 'ok' };
      return { status: 404, body: { ok: false, error: 'unknown_method' } };
    });
    const channels = [
      {
        id: 'ops-slack',
        type: 'slack',
        config: {
          token: 'xoxb-1234-5678-test',
          signingSecret: SIGNING_SECRET,
          defaultChannel: CHANNEL,
          apiBase: slack.url,
        },
      },
    ];
    // The Slack stub (apiBase and response_url) listens on 127.0.0.1: outbound calls must be allowed there.
    config = actingConfig(channels, ['ops-slack'], ['127.0.0.1']);
    s = await startTestServer({ clock, providers: { email }, engineLoop: false, configYaml: config });
    dataDir = s.dataDir;
    const people = await seedPeople(s);
    await addContact(s, people.ana, 'chat', SLACK_ANA);
    await addContact(s, people.vic, 'chat', SLACK_VIC);
  });
  afterAll(async () => {
    await s.dispose();
    rmSync(dataDir, { recursive: true, force: true });
    await slack.close();
    await elsewhere.close();
  });

  it('the page reaches Slack with Acknowledge and Resolve buttons carrying the incident id', async () => {
    const id = await openIncident(s, 'SlackPosted');
    const m = posted(id);
    expect(m.channel).toBe(CHANNEL);
    // A P2 forms a response group: the page's second row checks the clicker in through the same URL.
    expect(buttons(m.blocks)).toEqual([
      'faultline_ack',
      'faultline_resolve',
      'faultline_open',
      'faultline_check_in',
      'faultline_decline',
    ]);
  });

  it('Acknowledge by a Slack user linked through a chat contact method: 200 at once, acts, updates the message', async () => {
    const id = await openIncident(s, 'SlackAck');
    const { res, responsePath } = await click(id, SLACK_ANA, 'ack');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    const { req, body } = await responseAt(responsePath);
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toContain('application/json');
    expect(body).toMatchObject({ replace_original: true, text: `#${id} acknowledged by Ana via Slack` });
    expect(buttons(body.blocks)).toEqual([
      'faultline_resolve',
      'faultline_open',
      'faultline_check_in',
      'faultline_decline',
    ]);
    expect(JSON.stringify(body.blocks)).toContain(`#${id} acknowledged by Ana via Slack`);
    const d = await detail(s, id);
    expect(d.status).toBe('acknowledged');
    expect(d.timeline.filter((t) => t.kind === 'acknowledged')).toEqual([
      expect.objectContaining({ actor: 'Ana', message: 'acknowledged by Ana via Slack' }),
    ]);
    // No users.info call: the contact method was enough.
    expect(slack.requests.some((r) => r.path === '/users.info' && r.query.get('user') === SLACK_ANA)).toBe(false);

    const again = await click(id, SLACK_ANA, 'ack');
    expect(again.res.status).toBe(200);
    expect((await responseAt(again.responsePath)).body.text).toBe(`#${id} was already acknowledged by Ana.`);
    expect((await detail(s, id)).timeline.filter((t) => t.kind === 'acknowledged')).toHaveLength(1);
  });

  it('Resolve by a Slack user known only by the email of their Slack profile (users.info)', async () => {
    const id = await openIncident(s, 'SlackResolve');
    const { res, responsePath } = await click(id, SLACK_DAN, 'resolve');
    expect(res.status).toBe(200);
    const { body } = await responseAt(responsePath);
    expect(body).toMatchObject({ replace_original: true, text: `#${id} resolved by Dan via Slack` });
    expect(buttons(body.blocks)).toEqual(['faultline_open']);
    const info = slack.requests.find((r) => r.path === '/users.info' && r.query.get('user') === SLACK_DAN)!;
    expect(info.headers.authorization).toBe('Bearer xoxb-1234-5678-test');
    const d = await detail(s, id);
    expect(d.status).toBe('resolved');
    expect(d.timeline.filter((t) => t.kind === 'resolved')).toEqual([
      expect.objectContaining({ actor: 'Dan', message: 'resolved by Dan via Slack' }),
    ]);
  });

  it('an unknown Slack user gets a polite message only they see, and nothing changes', async () => {
    const id = await openIncident(s, 'SlackStranger');
    const { res, responsePath } = await click(id, SLACK_ZED, 'ack');
    expect(res.status).toBe(200);
    const { body } = await responseAt(responsePath);
    expect(body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(String(body.text)).toContain('does not know your Slack account');
    const d = await detail(s, id);
    expect(d.status).toBe('triggered');
    expect(d.timeline.some((t) => t.kind === 'acknowledged')).toBe(false);
  });

  it('a known Slack user without the respond permission (a viewer) may not act', async () => {
    const id = await openIncident(s, 'SlackViewer');
    const { responsePath } = await click(id, SLACK_VIC, 'resolve');
    const { body } = await responseAt(responsePath);
    expect(body).toMatchObject({ response_type: 'ephemeral' });
    expect(String(body.text)).toContain('may not respond to incidents of team payments');
    expect((await detail(s, id)).status).toBe('triggered');
  });

  it('a wrong signature or a timestamp older than 5 minutes is 401, and nothing happens', async () => {
    const id = await openIncident(s, 'SlackForged');
    const forged = await click(id, SLACK_ANA, 'ack', { secret: 'f'.repeat(32) });
    expect(forged.res.status).toBe(401);
    expect(await forged.res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const stale = await click(id, SLACK_ANA, 'ack', { timestamp: Math.floor(clock.now().getTime() / 1000) - 6 * 60 });
    expect(stale.res.status).toBe(401);
    const unsigned = await fetch(`${s.url}/api/v1/slack/interactivity`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'payload=%7B%7D',
    });
    expect(unsigned.status).toBe(401);
    // Give a wrongly accepted click the time to act, then check that none did.
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.requests.some((r) => r.path === forged.responsePath || r.path === stale.responsePath)).toBe(false);
    const d = await detail(s, id);
    expect(d.status).toBe('triggered');
    expect(d.timeline.some((t) => t.kind === 'acknowledged')).toBe(false);
  });

  it('a replayed click (same timestamp and signature, within the 5 minutes) is 401 and acts once', async () => {
    const id = await openIncident(s, 'SlackReplay');
    const first = await click(id, SLACK_ANA, 'ack');
    expect(first.res.status).toBe(200);
    await responseAt(first.responsePath);
    clock.advance(60_000);
    const replay = await first.again();
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.requests.filter((r) => r.path === first.responsePath)).toHaveLength(1);
    expect((await detail(s, id)).timeline.filter((t) => t.kind === 'acknowledged')).toHaveLength(1);
  });

  it('a response_url on a host that is not Slack (nor the configured API base) is never called', async () => {
    const id = await openIncident(s, 'SlackForeignResponse');
    const { res, responsePath } = await click(id, SLACK_ANA, 'ack', { responseBase: elsewhere.url });
    expect(res.status).toBe(200);
    // The click is Slack's (signed), so the incident is acknowledged; only the reply is not sent there.
    await waitFor('the acknowledgement', async () => (await detail(s, id)).status === 'acknowledged');
    await new Promise((r) => setTimeout(r, 300));
    expect(elsewhere.requests.map((r) => r.path)).not.toContain(responsePath);
    expect(elsewhere.requests).toEqual([]);
  });

  it('the replay guard is in the database: another node (or the embedded one after a restart) refuses it too', async () => {
    const id = await openIncident(s, 'SlackReplayElsewhere');
    const first = await click(id, SLACK_ANA, 'ack');
    expect(first.res.status).toBe(200);
    await responseAt(first.responsePath);
    const databaseUrl = s.env.DATABASE_URL;
    if (databaseUrl) {
      const other = await startTestServer({
        clock,
        databaseUrl,
        providers: { email },
        engineLoop: false,
        configYaml: config,
      });
      try {
        expect((await first.again(other.url)).status).toBe(401);
      } finally {
        await other.stop();
      }
    } else {
      await s.stop();
      s = await startTestServer({ clock, dataDir, providers: { email }, engineLoop: false, configYaml: config });
      expect((await first.again()).status).toBe(401);
    }
  });
});
