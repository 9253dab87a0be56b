/**
 * The Feishu/Lark app API calls of the war room (https://open.feishu.cn/document/server-docs/): an app's
 * credentials (App ID, App Secret), not a custom bot's webhook. Every call is JSON
 * (`application/json; charset=utf-8`) and every answer is `{code, msg, data}`, `code` 0 on success.
 *
 * - `POST /open-apis/auth/v3/tenant_access_token/internal` `{app_id, app_secret}` → `tenant_access_token`
 *   (valid `expire` seconds, 2 hours); every other call sends it as `Authorization: Bearer <token>`.
 * - `POST /open-apis/contact/v3/users/batch_get_id?user_id_type=open_id` `{emails}` (at most 50) →
 *   `data.user_list[{email, user_id?}]` (no `user_id` when nobody has the email).
 * - `POST /open-apis/im/v1/chats?user_id_type=open_id` `{name, description, user_id_list}` → `data.chat_id`.
 * - `POST /open-apis/im/v1/messages?receive_id_type=chat_id` `{receive_id, msg_type: "text", content}` where
 *   `content` is the JSON string `{"text": "…"}`.
 * - `DELETE /open-apis/im/v1/chats/<chat_id>`: disbands the chat.
 *
 * Calls go through the outbound client; a new token is fetched per job (a job makes a handful of calls).
 */
import { OutboundError, shortReason, type OutboundFetch } from '../lib/index.ts';
import { SlackCallError } from './war-room-slack.ts';

const CALL_TIMEOUT_MS = 10_000;

/** Feishu codes worth another attempt: rate limits (99991400) and Feishu's internal errors (99991672 and 5xx). */
const TRANSIENT = new Set([99991400, 99991672, 1000004, 1000005]);

/**
 * A Feishu call that failed: `code` is `feishu_<code> <msg>` or `no_answer`/`refused`/`http_<status>`/`not_feishu`.
 * A `SlackCallError` in kind, so the job handles both the same way.
 */
export class FeishuCallError extends SlackCallError {
  constructor(what: string, code: string, transient: boolean) {
    super(what, code, transient, `${what}: ${code}`);
  }
}

export interface FeishuApi {
  call(method: 'POST' | 'DELETE', path: string, body?: unknown): Promise<Record<string, unknown>>;
}

async function request(
  fetchFn: OutboundFetch,
  url: string,
  method: 'POST' | 'DELETE',
  headers: Record<string, string>,
  body: unknown,
  what: string,
): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method,
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: body === undefined ? null : JSON.stringify(body),
      redirect: 'manual',
      timeoutMs: CALL_TIMEOUT_MS,
    });
  } catch (e) {
    if (e instanceof OutboundError && e.kind === 'refused') throw new FeishuCallError(what, 'refused', false);
    throw new FeishuCallError(what, 'no_answer', true);
  }
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch {
    json = undefined;
  }
  const b = (json ?? {}) as { code?: unknown; msg?: unknown };
  if (typeof b.code !== 'number') {
    if (res.status < 200 || res.status > 299)
      throw new FeishuCallError(what, `http_${res.status}`, res.status === 429 || res.status >= 500);
    throw new FeishuCallError(what, 'not_feishu', true);
  }
  if (b.code !== 0) {
    const msg = typeof b.msg === 'string' ? shortReason(b.msg, 60) : '';
    throw new FeishuCallError(
      what,
      `feishu_${b.code}${msg ? ` ${msg}` : ''}`,
      TRANSIENT.has(b.code) || res.status === 429 || res.status >= 500,
    );
  }
  return json as Record<string, unknown>;
}

/** Gets a tenant access token and returns a client that sends it. */
export async function feishuApi(
  fetchFn: OutboundFetch,
  apiBase: string,
  creds: { appId: string; appSecret: string },
): Promise<FeishuApi> {
  const auth = await request(
    fetchFn,
    `${apiBase}/open-apis/auth/v3/tenant_access_token/internal`,
    'POST',
    {},
    { app_id: creds.appId, app_secret: creds.appSecret },
    'Feishu tenant_access_token',
  );
  const token = auth.tenant_access_token;
  if (typeof token !== 'string') throw new FeishuCallError('Feishu tenant_access_token', 'not_feishu', true);
  return {
    call: (method, path, body) =>
      request(
        fetchFn,
        `${apiBase}${path}`,
        method,
        { authorization: `Bearer ${token}` },
        body,
        `Feishu ${path.split('?')[0]}`,
      ),
  };
}

/** open_ids of `emails`; people Feishu does not know are returned in `unknown`. */
export async function feishuUsers(
  api: FeishuApi,
  emails: readonly string[],
): Promise<{ ids: string[]; unknown: string[] }> {
  const found = new Map<string, string>();
  // At most 50 emails per request (the method's documented limit).
  for (let i = 0; i < emails.length; i += 50) {
    const r = await api.call('POST', '/open-apis/contact/v3/users/batch_get_id?user_id_type=open_id', {
      emails: emails.slice(i, i + 50),
    });
    const list = ((r.data as { user_list?: unknown } | undefined)?.user_list ?? []) as Array<{
      email?: unknown;
      user_id?: unknown;
    }>;
    for (const u of list)
      if (typeof u.email === 'string' && typeof u.user_id === 'string') found.set(u.email.toLowerCase(), u.user_id);
  }
  const ids: string[] = [];
  const unknown: string[] = [];
  for (const e of emails) {
    const id = found.get(e.toLowerCase());
    if (id) ids.push(id);
    else unknown.push(e);
  }
  return { ids, unknown };
}

/** Sends a text message to chat `chatId`. */
export async function feishuText(api: FeishuApi, chatId: string, text: string): Promise<void> {
  await api.call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
    receive_id: chatId,
    msg_type: 'text',
    content: JSON.stringify({ text }),
  });
}
