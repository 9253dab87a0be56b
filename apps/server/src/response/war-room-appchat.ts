/**
 * The DingTalk and WeCom group chats of the war room, through each vendor's app API (an internal app's
 * credentials, not the robot webhooks used for paging). Both answer `{errcode, errmsg, …}` (`errcode` 0 on
 * success) and take the access token as the `access_token` query parameter; bodies are JSON.
 *
 * DingTalk (https://open.dingtalk.com/document/orgapp/create-group-session and neighbours; base
 * `https://oapi.dingtalk.com`):
 * - `GET /gettoken?appkey=…&appsecret=…` → `access_token`, `expires_in` (seconds, 7200);
 * - `POST /chat/create` `{name, owner, useridlist}` → `chatid`;
 * - `POST /chat/update` `{chatid, add_useridlist}` (people who joined the group later);
 * - `POST /chat/send` `{chatid, msg: {msgtype: "text", text: {content}}}` → `messageId`.
 *
 * WeCom (https://developer.work.weixin.qq.com/document/path/90245 and neighbours; base
 * `https://qyapi.weixin.qq.com`):
 * - `GET /cgi-bin/gettoken?corpid=…&corpsecret=…` → `access_token`, `expires_in`;
 * - `POST /cgi-bin/appchat/create` `{name, owner, userlist}` → `chatid` (WeCom generates it; at least 2 members);
 * - `POST /cgi-bin/appchat/update` `{chatid, add_user_list}`;
 * - `POST /cgi-bin/appchat/send` `{chatid, msgtype: "text", text: {content}}`.
 *
 * The token is cached per app until a minute before it expires (by the injected clock); an answer saying the
 * token is invalid or expired (40014, 42001) drops it, fetches a new one and repeats the call once. Neither API
 * can disband a chat its app created: the war room's end is a last message. Every call goes through the
 * outbound client (address guard, timeout, size limit).
 */
import { OutboundError, shortReason, type Clock, type OutboundFetch } from '../lib/index.ts';
import { SlackCallError } from './war-room-slack.ts';

/** The two vendors this module speaks to. */
export type AppChatVendor = 'dingtalk' | 'wecom';

/** The vendors' names, as the timeline shows them. */
export const APP_CHAT_LABEL: Record<AppChatVendor, string> = { dingtalk: 'DingTalk', wecom: 'WeCom' };

const CALL_TIMEOUT_MS = 10_000;
/** A cached token is dropped this long before the vendor says it expires (ms). */
const EXPIRY_MARGIN_MS = 60_000;
/** `errcode`s saying the access token is invalid (40014) or expired (42001): same on both vendors. */
const TOKEN_CODES = new Set([40014, 42001]);
/** `errcode`s worth a later attempt: "system busy" (-1) on both, and WeCom's frequency limit (45009). */
const TRANSIENT = new Set([-1, 45009]);

/**
 * A DingTalk or WeCom call that failed: `code` is `<vendor>_<errcode> <errmsg>` or `no_answer`/`refused`/
 * `http_<status>`/`not_<vendor>`. A `SlackCallError` in kind, so the war-room job handles all chats alike.
 */
export class AppChatCallError extends SlackCallError {
  readonly errcode: number | null;
  constructor(what: string, code: string, transient: boolean, errcode: number | null = null) {
    super(what, code, transient, `${what}: ${code}`);
    this.errcode = errcode;
  }
}

/** An app's credentials and where its API is. */
export interface AppChatCreds {
  vendor: AppChatVendor;
  apiBase: string;
  /** DingTalk AppKey / WeCom corpid. */
  id: string;
  /** DingTalk AppSecret / WeCom the app's Secret (corpsecret). */
  secret: string;
}

interface Cached {
  token: string;
  expiresAt: number;
}

/** Tokens by vendor, base and app (a process-wide cache: each is valid 2 hours for every caller). */
const tokens = new Map<string, Cached>();

const cacheKey = (c: AppChatCreds) => `${c.vendor}|${c.apiBase}|${c.id}`;

/** Forgets every cached token (tests that start a vendor stub afresh). */
export function clearAppChatTokens(): void {
  tokens.clear();
}

async function request(
  fetchFn: OutboundFetch,
  vendor: AppChatVendor,
  url: string,
  what: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetchFn(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
      redirect: 'manual',
      timeoutMs: CALL_TIMEOUT_MS,
    });
  } catch (e) {
    if (e instanceof OutboundError && e.kind === 'refused') throw new AppChatCallError(what, 'refused', false);
    throw new AppChatCallError(what, 'no_answer', true);
  }
  let json: unknown;
  try {
    json = JSON.parse(await res.text());
  } catch {
    json = undefined;
  }
  const b = (json ?? {}) as { errcode?: unknown; errmsg?: unknown };
  if (res.status < 200 || res.status > 299)
    throw new AppChatCallError(what, `http_${res.status}`, res.status === 429 || res.status >= 500);
  // DingTalk's and WeCom's answers carry errcode; a success may leave it out only on DingTalk's older methods.
  const errcode = typeof b.errcode === 'number' ? b.errcode : json && typeof json === 'object' ? 0 : null;
  if (errcode === null) throw new AppChatCallError(what, `not_${vendor}`, true);
  if (errcode !== 0) {
    const msg = typeof b.errmsg === 'string' ? shortReason(b.errmsg, 80) : '';
    throw new AppChatCallError(what, `${vendor}_${errcode}${msg ? ` ${msg}` : ''}`, TRANSIENT.has(errcode), errcode);
  }
  return json as Record<string, unknown>;
}

/** A client of one app: `call(path, body)` POSTs with a valid token (fetched, cached, refreshed once). */
export interface AppChatApi {
  vendor: AppChatVendor;
  call(path: string, body: Record<string, unknown>): Promise<Record<string, unknown>>;
}

/** The app client of `creds` (no call is made until the first `call`). */
export function appChatApi(fetchFn: OutboundFetch, clock: Clock, creds: AppChatCreds): AppChatApi {
  const label = APP_CHAT_LABEL[creds.vendor];
  const token = async (): Promise<string> => {
    const hit = tokens.get(cacheKey(creds));
    if (hit && hit.expiresAt > clock.now().getTime()) return hit.token;
    const q =
      creds.vendor === 'dingtalk'
        ? `/gettoken?appkey=${encodeURIComponent(creds.id)}&appsecret=${encodeURIComponent(creds.secret)}`
        : `/cgi-bin/gettoken?corpid=${encodeURIComponent(creds.id)}&corpsecret=${encodeURIComponent(creds.secret)}`;
    const r = await request(fetchFn, creds.vendor, `${creds.apiBase}${q}`, `${label} gettoken`);
    const t = r.access_token;
    if (typeof t !== 'string' || !t) throw new AppChatCallError(`${label} gettoken`, `not_${creds.vendor}`, true);
    const seconds = typeof r.expires_in === 'number' && r.expires_in > 0 ? r.expires_in : 7200;
    tokens.set(cacheKey(creds), {
      token: t,
      expiresAt: clock.now().getTime() + Math.max(0, seconds * 1000 - EXPIRY_MARGIN_MS),
    });
    return t;
  };
  const once = async (path: string, body: Record<string, unknown>) =>
    request(
      fetchFn,
      creds.vendor,
      `${creds.apiBase}${path}?access_token=${encodeURIComponent(await token())}`,
      `${label} ${path}`,
      body,
    );
  return {
    vendor: creds.vendor,
    async call(path, body) {
      try {
        return await once(path, body);
      } catch (e) {
        if (!(e instanceof AppChatCallError && e.errcode !== null && TOKEN_CODES.has(e.errcode))) throw e;
        tokens.delete(cacheKey(creds));
        try {
          return await once(path, body);
        } catch (again) {
          // Refreshed once already: a new token the vendor still refuses is not kept for the next job.
          if (again instanceof AppChatCallError && again.errcode !== null && TOKEN_CODES.has(again.errcode))
            tokens.delete(cacheKey(creds));
          throw again;
        }
      }
    },
  };
}

/** The paths of each vendor's chat methods. */
const PATHS = {
  dingtalk: { create: '/chat/create', update: '/chat/update', send: '/chat/send' },
  wecom: { create: '/cgi-bin/appchat/create', update: '/cgi-bin/appchat/update', send: '/cgi-bin/appchat/send' },
} as const;

/**
 * Creates a group chat named `name` owned by `owner` with `members` (user ids; the owner included).
 * @returns the vendor's chat id
 * @throws AppChatCallError
 */
export async function createAppChat(api: AppChatApi, name: string, owner: string, members: string[]): Promise<string> {
  const body = api.vendor === 'dingtalk' ? { name, owner, useridlist: members } : { name, owner, userlist: members };
  const r = await api.call(PATHS[api.vendor].create, body);
  if (typeof r.chatid !== 'string' || !r.chatid)
    throw new AppChatCallError(`${APP_CHAT_LABEL[api.vendor]} ${PATHS[api.vendor].create}`, `not_${api.vendor}`, true);
  return r.chatid;
}

/** Adds `members` (user ids) to chat `chatId`. */
export async function addAppChatMembers(api: AppChatApi, chatId: string, members: string[]): Promise<void> {
  if (members.length === 0) return;
  const body =
    api.vendor === 'dingtalk'
      ? { chatid: chatId, add_useridlist: members }
      : { chatid: chatId, add_user_list: members };
  await api.call(PATHS[api.vendor].update, body);
}

/** Sends plain `text` to chat `chatId`. */
export async function sendAppChatText(api: AppChatApi, chatId: string, text: string): Promise<void> {
  const body =
    api.vendor === 'dingtalk'
      ? { chatid: chatId, msg: { msgtype: 'text', text: { content: text } } }
      : { chatid: chatId, msgtype: 'text', text: { content: text } };
  await api.call(PATHS[api.vendor].send, body);
}
