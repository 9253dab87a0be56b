/**
 * Posting to a WeCom group robot (https://developer.work.weixin.qq.com/document/path/91770): POST
 * `<apiBase>/cgi-bin/webhook/send?key=<key>` with a JSON message; WeCom answers HTTP 200 with
 * `{errcode, errmsg}`, 0 being success (global codes: https://developer.work.weixin.qq.com/document/path/90313).
 * A robot may send 20 messages a minute.
 */
import type { SendResult } from '../../provider.ts';
import type { OutboundFetch } from '../../../lib/index.ts';
import {
  TransientSendError,
  VendorRejectedError,
  httpStatusError,
  isOk,
  postJson,
  vendorReason,
} from '../shared/http.ts';
import type { WecomMessage } from './render.ts';

const VENDOR = 'WeCom robot';

/** Codes retrying cannot fix: 93000 unknown key ("invalid webhook url"), 40008 invalid message type. */
const PERMANENT = new Set([93000, 40008]);
// Everything else is retried: -1 (system busy), 45009 ("api freq out of limit") and codes added after this list.

/** Sends one message. */
export async function sendWecom(
  fetchFn: OutboundFetch,
  config: { apiBase: string; key: string },
  message: WecomMessage,
  now: Date,
): Promise<SendResult> {
  const url = new URL(`${config.apiBase}/cgi-bin/webhook/send`);
  url.searchParams.set('key', config.key);
  const reply = await postJson(fetchFn, url.toString(), message, { vendor: VENDOR });
  if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now);
  const body = reply.json as { errcode?: unknown; errmsg?: unknown } | undefined;
  if (!body || typeof body.errcode !== 'number') {
    throw new TransientSendError(`${VENDOR}: unexpected answer (HTTP ${reply.status}, no errcode)`);
  }
  if (body.errcode === 0) return { providerMessageId: null };
  // errmsg may echo the caller's IP and a hint id; keep only the reason before the first comma.
  const reason = typeof body.errmsg === 'string' ? vendorReason(body.errmsg.split(',')[0]) : '';
  const detail = `${VENDOR}: errcode ${body.errcode}${reason ? ` ${reason}` : ''}`;
  if (PERMANENT.has(body.errcode)) throw new VendorRejectedError(detail, body.errcode);
  throw new TransientSendError(detail, { code: body.errcode });
}
