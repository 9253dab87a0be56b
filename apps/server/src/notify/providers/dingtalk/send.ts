/**
 * "Send group messages with a custom robot" (https://help.dingtalk.io/open/development/custom-robots-send-group-messages):
 * POST `<apiBase>/robot/send?access_token=…[&timestamp=<ms>&sign=<signature>]` with a JSON message. DingTalk
 * answers HTTP 200 with `{errcode, errmsg}`; `errcode` 0 is success. Each robot may send 20 messages a
 * minute; beyond that it is throttled for 10 minutes (errcode 130101, "send too fast, exceed 20 times per
 * minute").
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
import type { DingtalkMessage } from './render.ts';
import { dingtalkSign } from './sign.ts';

const VENDOR = 'DingTalk robot';

/**
 * Codes retrying cannot fix: 310000 is the security check (keyword not in content, `sign not match`,
 * `invalid timestamp`, `ip … not in whitelist`); 300001 and 300005 are an unknown `access_token`.
 */
const PERMANENT = new Set([310000, 300001, 300005]);
// Everything else is retried: -1 (system busy), 130101 (throttled) and codes added after this list.

/** Sends one message; `now` is the signing timestamp. */
export async function sendDingtalk(
  fetchFn: OutboundFetch,
  config: { apiBase: string; accessToken: string; secret?: string | undefined },
  message: DingtalkMessage,
  now: Date,
): Promise<SendResult> {
  const url = new URL(`${config.apiBase}/robot/send`);
  url.searchParams.set('access_token', config.accessToken);
  if (config.secret) {
    const timestamp = String(now.getTime());
    url.searchParams.set('timestamp', timestamp);
    // URLSearchParams percent-encodes the Base64 (+, /, =), which is the URL encoding DingTalk asks for.
    url.searchParams.set('sign', dingtalkSign(config.secret, timestamp));
  }
  const reply = await postJson(fetchFn, url.toString(), message, { vendor: VENDOR });
  if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now);
  const body = reply.json as { errcode?: unknown; errmsg?: unknown } | undefined;
  if (!body || typeof body.errcode !== 'number') {
    throw new TransientSendError(`${VENDOR}: unexpected answer (HTTP ${reply.status}, no errcode)`);
  }
  if (body.errcode === 0) return { providerMessageId: null };
  const reason = vendorReason(body.errmsg);
  const detail = `${VENDOR}: errcode ${body.errcode}${reason ? ` ${reason}` : ''}`;
  if (PERMANENT.has(body.errcode)) throw new VendorRejectedError(detail, body.errcode);
  throw new TransientSendError(detail, { code: body.errcode });
}
