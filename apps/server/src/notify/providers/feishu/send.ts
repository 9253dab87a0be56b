/**
 * Posting to a Feishu/Lark custom bot (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
 * POST `<base>/open-apis/bot/v2/hook/<id>` with the message, plus `timestamp` (seconds, as a string) and
 * `sign` at the top level of the body when signature verification is on. Feishu answers `{code, msg, data}`
 * (older deployments `{StatusCode, StatusMessage}`); `code` 0 is success, and errors may come with HTTP 200
 * or 400. A bot may send 100 messages a minute and 5 a second.
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
import type { FeishuMessage } from './render.ts';
import { feishuSign } from './sign.ts';

const VENDOR = 'Feishu bot';

/**
 * Codes retrying cannot fix: 19001 unknown hook id ("incoming webhook access token invalid"), 19002 bad
 * parameter, 19021 signature mismatch or timestamp more than an hour off, 19022 IP not allowed, 19024 custom
 * keyword missing, 9499 malformed request.
 */
const PERMANENT = new Set([19001, 19002, 19021, 19022, 19024, 9499]);
// Everything else is retried: 11232 ("frequency limited") and codes added after this list.

/** Sends one message; `now` gives the signing timestamp. */
export async function sendFeishu(
  fetchFn: OutboundFetch,
  config: { base: string; hookId: string; secret?: string | undefined },
  message: FeishuMessage,
  now: Date,
): Promise<SendResult> {
  let body: Record<string, unknown> = { ...message };
  if (config.secret) {
    const timestamp = String(Math.floor(now.getTime() / 1000));
    body = { timestamp, sign: feishuSign(config.secret, timestamp), ...body };
  }
  const reply = await postJson(
    fetchFn,
    `${config.base}/open-apis/bot/v2/hook/${encodeURIComponent(config.hookId)}`,
    body,
    { vendor: VENDOR },
  );
  if (reply.status === 429 || reply.status >= 500) throw httpStatusError(reply, VENDOR, now);
  const answer = reply.json as { code?: unknown; msg?: unknown; StatusCode?: unknown } | undefined;
  const code =
    typeof answer?.code === 'number' ? answer.code : typeof answer?.StatusCode === 'number' ? answer.StatusCode : null;
  if (code === null) {
    if (!isOk(reply)) throw httpStatusError(reply, VENDOR, now);
    throw new TransientSendError(`${VENDOR}: unexpected answer (HTTP ${reply.status}, no code)`);
  }
  if (code === 0) return { providerMessageId: null };
  const reason = vendorReason(answer?.msg);
  const detail = `${VENDOR}: code ${code}${reason ? ` ${reason}` : ''}`;
  if (PERMANENT.has(code)) throw new VendorRejectedError(detail, code);
  throw new TransientSendError(detail, { code });
}
