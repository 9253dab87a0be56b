/**
 * Replies to Alibaba Cloud SMS ("upstream messages", `SmsUp`). With "HTTP batch push" enabled in the SMS
 * console, Alibaba Cloud POSTs a JSON array to the configured URL, each item
 * `{ phone_number, content, send_time, dest_code, sequence_id }`, and expects `{ "code": 0, "msg": "…" }`
 * with HTTP 200; any other status is retried after 1, 5 and 10 minutes
 * (https://help.aliyun.com/zh/sms/developer-reference/smsup-http).
 *
 * The push carries no signature: the server's route must use a URL with an unguessable secret path segment and
 * accept only the senders of known contact methods.
 */

export interface AliyunSmsReply {
  /** The sender, E.164 (mainland numbers come without a country code and get `+86`). */
  from: string;
  body: string;
  /** Alibaba Cloud's sequence id, for de-duplicating retried pushes. */
  sequenceId: string;
}

/** The answer Alibaba Cloud expects for a consumed push. */
export const ALIYUN_SMS_UP_ACK = { code: 0, msg: '接收成功' } as const;

/** The sender's number as E.164, or null when it cannot be read. */
function senderE164(raw: string): string | null {
  const digits = raw.replace(/[\s-]/g, '');
  if (/^1\d{10}$/.test(digits)) return `+86${digits}`;
  if (/^\+?86(1\d{10})$/.test(digits)) return `+86${digits.slice(-11)}`;
  if (/^\+[1-9]\d{6,14}$/.test(digits)) return digits;
  if (/^00[1-9]\d{6,14}$/.test(digits)) return `+${digits.slice(2)}`;
  return null;
}

/**
 * Reads an `SmsUp` push body (already JSON-parsed). Items without a readable sender or content are skipped;
 * a body that is not an array gives no replies.
 */
export function parseAliyunSmsUp(body: unknown): AliyunSmsReply[] {
  if (!Array.isArray(body)) return [];
  const replies: AliyunSmsReply[] = [];
  for (const item of body as Array<Record<string, unknown>>) {
    if (!item || typeof item !== 'object') continue;
    const from = typeof item.phone_number === 'string' ? senderE164(item.phone_number) : null;
    if (!from || typeof item.content !== 'string') continue;
    replies.push({ from, body: item.content, sequenceId: String(item.sequence_id ?? '') });
  }
  return replies;
}
