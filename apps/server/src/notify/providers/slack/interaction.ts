/**
 * Reads a click on a page's Acknowledge or Resolve button from Slack's interactivity request. Slack POSTs
 * `application/x-www-form-urlencoded` with one field, `payload`, holding a JSON `block_actions` payload
 * (https://docs.slack.dev/reference/interaction-payloads/block_actions-payload). Verify the request with
 * `verifySlackSignature` on the raw body before calling this.
 */
import { ACK_ACTION_ID, CHECK_IN_ACTION_ID, DECLINE_ACTION_ID, RESOLVE_ACTION_ID } from './render.ts';
import { SLACK_API_BASE } from './config.ts';

/** A button click Faultline acts on. */
export interface SlackInteraction {
  /** Acknowledge or resolve (a page's buttons), or check in / decline (the war room card's buttons). */
  action: 'ack' | 'resolve' | 'check-in' | 'decline';
  incidentId: number;
  /** The Slack user who clicked: `id` (U…), `username` when Slack sent one, and their workspace. */
  user: { id: string; username: string | null; teamId: string | null };
  /** Where a reply to the click may be POSTed (valid 30 minutes), or null. */
  responseUrl: string | null;
  /** The message's channel and `ts`, so the lead can update it (`chat.update`); null when absent. */
  channelId: string | null;
  messageTs: string | null;
}

const ACTIONS: Record<string, SlackInteraction['action']> = {
  [ACK_ACTION_ID]: 'ack',
  [RESOLVE_ACTION_ID]: 'resolve',
  [CHECK_IN_ACTION_ID]: 'check-in',
  [DECLINE_ACTION_ID]: 'decline',
};

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Parses the raw form body of an interactivity request. Returns null when it is not a `block_actions`
 * payload, names no Faultline ack/resolve button (e.g. the "Open in Faultline" link button, which Slack
 * reports too), or is malformed; never throws.
 */
export function parseSlackInteraction(formBody: string): SlackInteraction | null {
  let payload: Record<string, unknown>;
  try {
    const raw = new URLSearchParams(formBody).get('payload');
    if (raw === null) return null;
    payload = obj(JSON.parse(raw));
  } catch {
    return null;
  }
  if (payload.type !== 'block_actions' || !Array.isArray(payload.actions)) return null;
  for (const a of payload.actions) {
    const act = obj(a);
    const action =
      typeof act.action_id === 'string' && Object.hasOwn(ACTIONS, act.action_id) ? ACTIONS[act.action_id] : undefined;
    const value = str(act.value);
    if (!action || !value || !/^[1-9]\d{0,14}$/.test(value)) continue;
    const user = obj(payload.user);
    const userId = str(user.id);
    if (!userId) return null;
    const container = obj(payload.container);
    return {
      action,
      incidentId: Number(value),
      user: {
        id: userId,
        username: str(user.username) ?? str(user.name),
        teamId: str(user.team_id) ?? str(obj(payload.team).id),
      },
      responseUrl: str(payload.response_url),
      channelId: str(container.channel_id) ?? str(obj(payload.channel).id),
      messageTs: str(container.message_ts) ?? str(obj(payload.message).ts),
    };
  }
  return null;
}

/**
 * Hosts Slack puts `response_url`s on (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses):
 * `hooks.slack.com`, and `hooks.slack-gov.com` for GovSlack, which runs on slack-gov.com instead of slack.com
 * (https://api.slack-gov.com/gov-slack/about).
 */
const RESPONSE_URL_HOSTS: ReadonlySet<string> = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);

/**
 * Whether Faultline may POST to a click's `response_url`: https on one of Slack's hooks hosts (default port,
 * no credentials), or — when the channel's `apiBase` was changed from Slack's (a proxy, a private deployment,
 * a test stand-in) — on that base's origin, which the operator vouches for. Anything else would let whoever
 * can sign a request (or a leaked signing secret) make the server call any address.
 */
export function responseUrlAllowed(responseUrl: string, apiBase: string): boolean {
  let url: URL;
  try {
    url = new URL(responseUrl);
  } catch {
    return false;
  }
  if (url.username !== '' || url.password !== '') return false;
  if (url.protocol === 'https:' && url.port === '' && RESPONSE_URL_HOSTS.has(url.hostname)) return true;
  return apiBase !== SLACK_API_BASE && url.origin === new URL(apiBase).origin;
}
