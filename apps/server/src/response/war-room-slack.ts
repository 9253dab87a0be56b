/**
 * The Slack Web API calls of the war room (https://docs.slack.dev/apis/web-api/): each is a POST to
 * `<apiBase>/<method>` with `Authorization: Bearer xoxb-…` and the arguments form-encoded
 * (`application/x-www-form-urlencoded`, which every Web API method accepts; `users.lookupByEmail` takes no JSON).
 * Slack answers HTTP 200 with `{ok: true, …}` or `{ok: false, error: "<code>"}`; rate limits come as HTTP 429
 * with `Retry-After` seconds. Every call goes through the outbound client (address guard, timeout, size limit).
 *
 * - `conversations.create` `name` (+ `is_private=false`) → `channel.id`, `channel.name`; `name_taken` when the
 *   name is in use.
 * - `users.lookupByEmail` `email` → `user.id`; `users_not_found` when nobody in the workspace has it.
 * - `conversations.invite` `channel`, `users` (comma-separated ids, at most 1000) → `channel`.
 * - `chat.postMessage` `channel`, `text` → `ts`.
 * - `conversations.archive` `channel`; `already_archived` counts as done.
 */
import { OutboundError, shortReason, type OutboundFetch } from '../lib/index.ts';

/** Upper bound on one Slack call (ms). */
const CALL_TIMEOUT_MS = 10_000;

/**
 * A Slack call that failed. `code` is Slack's `error` (`name_taken`, `not_authed`…), or `http_<status>`,
 * `no_answer`, `refused` (the outbound guard) or `not_slack` (an answer without `ok`). `transient` when a later
 * attempt may succeed (rate limits, Slack's own errors, no answer).
 */
export class SlackCallError extends Error {
  readonly code: string;
  readonly transient: boolean;
  constructor(method: string, code: string, transient: boolean, message = `Slack ${method}: ${code}`) {
    super(message);
    this.code = code;
    this.transient = transient;
  }
}

/** Slack `error` codes worth another attempt later (https://docs.slack.dev/apis/web-api/#errors). */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export interface SlackApi {
  call(method: string, args: Record<string, string>): Promise<Record<string, unknown>>;
}

/** A Slack Web API client over the outbound client. */
export function slackApi(fetchFn: OutboundFetch, apiBase: string, token: string): SlackApi {
  return {
    async call(method, args) {
      let res: Response;
      try {
        res = await fetchFn(`${apiBase}/${method}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams(args).toString(),
          redirect: 'manual',
          timeoutMs: CALL_TIMEOUT_MS,
        });
      } catch (e) {
        if (e instanceof OutboundError && e.kind === 'refused') throw new SlackCallError(method, 'refused', false);
        throw new SlackCallError(method, 'no_answer', true);
      }
      let body: unknown;
      try {
        body = JSON.parse(await res.text());
      } catch {
        body = undefined;
      }
      const b = (body ?? {}) as { ok?: unknown; error?: unknown };
      const error = typeof b.error === 'string' ? shortReason(b.error, 60) : '';
      if (res.status === 429) throw new SlackCallError(method, error || 'ratelimited', true);
      if (res.status < 200 || res.status > 299)
        throw new SlackCallError(method, error || `http_${res.status}`, res.status >= 500);
      if (typeof b.ok !== 'boolean') throw new SlackCallError(method, 'not_slack', true);
      if (!b.ok) throw new SlackCallError(method, error || 'unknown_error', TRANSIENT.has(error));
      return body as Record<string, unknown>;
    },
  };
}

/** At most this many channel names are tried when Slack answers `name_taken`. */
export const NAME_ATTEMPTS = 5;

/**
 * Creates a public channel, trying `nameFor(1)`, then `nameFor(2)`… while Slack answers `name_taken`.
 * @throws SlackCallError for any other error, or `name_taken` after `NAME_ATTEMPTS` names
 */
export async function createChannel(
  slack: SlackApi,
  nameFor: (attempt: number) => string,
): Promise<{ id: string; name: string }> {
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await slack.call('conversations.create', { name: nameFor(attempt), is_private: 'false' });
      const ch = r.channel as { id?: unknown; name?: unknown } | undefined;
      if (typeof ch?.id !== 'string') throw new SlackCallError('conversations.create', 'not_slack', true);
      return { id: ch.id, name: typeof ch.name === 'string' ? ch.name : nameFor(attempt) };
    } catch (e) {
      if (e instanceof SlackCallError && e.code === 'name_taken' && attempt < NAME_ATTEMPTS) continue;
      throw e;
    }
  }
}

/**
 * Slack user ids of `emails` (`users.lookupByEmail` each). People Slack does not know (`users_not_found`) are
 * returned in `unknown`; any other error throws.
 */
export async function lookupUsers(
  slack: SlackApi,
  emails: readonly string[],
): Promise<{ ids: string[]; unknown: string[] }> {
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const email of emails) {
    try {
      const r = await slack.call('users.lookupByEmail', { email });
      const id = (r.user as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') ids.push(id);
      else unknown.push(email);
    } catch (e) {
      if (e instanceof SlackCallError && e.code === 'users_not_found') unknown.push(email);
      else throw e;
    }
  }
  return { ids, unknown };
}
