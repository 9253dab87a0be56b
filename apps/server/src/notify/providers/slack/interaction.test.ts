import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSlackInteraction, responseUrlAllowed } from './interaction.ts';

function form(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A block_actions payload shaped like Slack's reference example. */
function blockActions(actionId: string, value: string | undefined, extra: Record<string, unknown> = {}) {
  return {
    type: 'block_actions',
    user: { id: 'U0CA5', username: 'amy.mcdog', name: 'amy.mcdog', team_id: 'T3MDE' },
    api_app_id: 'A0CA5',
    token: 'Shh_its_a_seekrit',
    container: { type: 'message', message_ts: '1795262400.000100', channel_id: 'C0123456789', is_ephemeral: false },
    trigger_id: '12321423423.333649436676.d8c1bb837935619ccad0f624c448ffb3',
    team: { id: 'T3MDE', domain: 'example' },
    channel: { id: 'C0123456789', name: 'incidents' },
    response_url: 'https://hooks.slack.com/actions/T3MDE/123/abc',
    actions: [
      {
        type: 'button',
        block_id: 'faultline_incident_42',
        action_id: actionId,
        text: { type: 'plain_text', text: 'x' },
        value,
        action_ts: '1795262401.1',
      },
    ],
    ...extra,
  };
}

describe('parseSlackInteraction', () => {
  it('reads an Acknowledge click', () => {
    expect(parseSlackInteraction(form(blockActions('faultline_ack', '42')))).toEqual({
      action: 'ack',
      incidentId: 42,
      user: { id: 'U0CA5', username: 'amy.mcdog', teamId: 'T3MDE' },
      responseUrl: 'https://hooks.slack.com/actions/T3MDE/123/abc',
      channelId: 'C0123456789',
      messageTs: '1795262400.000100',
    });
  });
  it('reads a Resolve click', () => {
    expect(parseSlackInteraction(form(blockActions('faultline_resolve', '7')))?.action).toBe('resolve');
  });
  it('ignores the link button, other apps’ actions, and other payload types', () => {
    expect(parseSlackInteraction(form(blockActions('faultline_open', undefined)))).toBeNull();
    expect(parseSlackInteraction(form(blockActions('someone_else', '42')))).toBeNull();
    expect(parseSlackInteraction(form({ ...blockActions('faultline_ack', '42'), type: 'view_submission' }))).toBeNull();
  });
  it('refuses bad incident ids and missing users', () => {
    for (const v of ['0', '-1', '4.2', 'abc', '', '1e3', '9999999999999999']) {
      expect(parseSlackInteraction(form(blockActions('faultline_ack', v)))).toBeNull();
    }
    expect(parseSlackInteraction(form({ ...blockActions('faultline_ack', '42'), user: {} }))).toBeNull();
  });
  it('returns null for malformed bodies', () => {
    expect(parseSlackInteraction('')).toBeNull();
    expect(parseSlackInteraction('payload=%7Bnot-json')).toBeNull();
    expect(parseSlackInteraction('payload=null')).toBeNull();
    expect(parseSlackInteraction('payload=%5B%5D')).toBeNull();
    expect(parseSlackInteraction(form({ type: 'block_actions', actions: 'x' }))).toBeNull();
  });
  it('round-trips any click on a Faultline button (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('faultline_ack', 'faultline_resolve'),
        fc.integer({ min: 1, max: 2_147_483_647 }),
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        (actionId, id, userId, username) => {
          const got = parseSlackInteraction(
            form(blockActions(actionId, String(id), { user: { id: userId, username, team_id: 'T1' } })),
          );
          return (
            got !== null &&
            got.incidentId === id &&
            got.action === (actionId === 'faultline_ack' ? 'ack' : 'resolve') &&
            got.user.id === userId &&
            got.user.username === username
          );
        },
      ),
    );
  });
  it('never throws on arbitrary input (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => (parseSlackInteraction(s), true)));
    fc.assert(fc.property(fc.jsonValue(), (v) => (parseSlackInteraction(form(v)), true)));
  });
});

describe('responseUrlAllowed', () => {
  const SLACK = 'https://slack.com/api';
  it("allows Slack's hooks hosts over https, and GovSlack's", () => {
    expect(responseUrlAllowed('https://hooks.slack.com/actions/T3MDE/123/abc', SLACK)).toBe(true);
    expect(responseUrlAllowed('https://hooks.slack-gov.com/actions/T3MDE/123/abc', SLACK)).toBe(true);
  });
  it('refuses any other host, scheme, port or credentials', () => {
    for (const url of [
      'http://hooks.slack.com/actions/T/1/a',
      'https://hooks.slack.com:8443/actions/T/1/a',
      'https://user:pw@hooks.slack.com/actions/T/1/a',
      'https://hooks.slack.com.evil.example/actions/T/1/a',
      'https://evil.example/hooks.slack.com/actions',
      'https://slack.com/api/chat.update',
      'http://127.0.0.1:5432/',
      'http://169.254.169.254/latest/meta-data/',
      'not a url',
    ]) {
      expect(responseUrlAllowed(url, SLACK), url).toBe(false);
    }
  });
  it('also allows the origin of a changed apiBase (a proxy or stand-in the operator named), and only that', () => {
    expect(responseUrlAllowed('http://127.0.0.1:4100/actions/T/1/a', 'http://127.0.0.1:4100')).toBe(true);
    expect(responseUrlAllowed('http://127.0.0.1:4101/actions/T/1/a', 'http://127.0.0.1:4100')).toBe(false);
    expect(responseUrlAllowed('https://slack.com/actions/T/1/a', SLACK)).toBe(false);
  });
});
