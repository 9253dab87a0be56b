/**
 * `chat.postMessage` (https://docs.slack.dev/reference/methods/chat.postMessage): POST
 * `<apiBase>/chat.postMessage` with `Authorization: Bearer xoxb-…` and a JSON body `{channel, text, blocks}`.
 * Slack answers HTTP 200 with `{ok: true, channel, ts}` on success and `{ok: false, error}` on failure; rate
 * limits come as HTTP 429 with `Retry-After` (seconds) (https://docs.slack.dev/apis/web-api/rate-limits).
 */
import type { SendResult } from '../../provider.ts';
import type { OutboundFetch } from '../../../lib/index.ts';
import {
  TransientSendError,
  VendorRejectedError,
  httpStatusError,
  isOk,
  parseRetryAfter,
  postJson,
  vendorReason,
  type HttpReply,
} from '../shared/http.ts';
import type { SlackMessage } from './render.ts';

const VENDOR = 'Slack chat.postMessage';

/**
 * `error` values that retrying cannot fix: the token, the channel, the app's membership or scopes, or the
 * message itself is wrong (from the method's documented errors). Anything else (`ratelimited`,
 * `internal_error`, `fatal_error`, `service_unavailable`, `request_timeout`, or a code added after this
 * list) is retried: a missed page costs more than a few extra attempts.
 */
const PERMANENT_ERRORS = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_arguments',
  'invalid_arg_name',
  'invalid_array_arg',
  'invalid_charset',
  'invalid_form_data',
  'invalid_post_type',
  'missing_post_type',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  'access_denied',
  'ekm_access_denied',
  'enterprise_is_restricted',
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'missing_scope',
  'not_allowed_token_type',
  'org_login_required',
  'team_access_not_granted',
  'two_factor_setup_required',
  'method_deprecated',
  'deprecated_endpoint',
]);

/** Posts `message` to `channel`; resolves with the message `ts`. */
export async function postSlackMessage(
  fetchFn: OutboundFetch,
  apiBase: string,
  token: string,
  channel: string,
  message: SlackMessage,
  now: Date,
): Promise<SendResult> {
  const reply = await postJson(
    fetchFn,
    `${apiBase}/chat.postMessage`,
    { channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false },
    { vendor: VENDOR, headers: { authorization: `Bearer ${token}` } },
  );
  if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now, slackError(reply) ?? undefined);
  const body = reply.json as { ok?: unknown; ts?: unknown; error?: unknown } | undefined;
  if (!body || typeof body.ok !== 'boolean') {
    throw new TransientSendError(`${VENDOR}: unexpected answer (HTTP ${reply.status}, not a Slack API body)`);
  }
  if (body.ok) return { providerMessageId: typeof body.ts === 'string' ? body.ts : null };
  const error = (typeof body.error === 'string' && vendorReason(body.error)) || 'unknown_error';
  if (PERMANENT_ERRORS.has(error)) throw new VendorRejectedError(`${VENDOR}: ${error}`, error);
  throw new TransientSendError(`${VENDOR}: ${error}`, {
    code: error,
    retryAfterMs: parseRetryAfter(reply.headers.get('retry-after'), now),
  });
}

/** The `error` of a Slack API body, when the reply carries one. */
function slackError(reply: HttpReply): string | null {
  const e = (reply.json as { error?: unknown } | undefined)?.error;
  return typeof e === 'string' ? e : null;
}
