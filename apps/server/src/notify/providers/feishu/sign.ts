/**
 * Feishu/Lark custom-bot signature (签名校验), per "Custom bot usage guide"
 * (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): the string `<timestamp>\n<secret>`
 * (timestamp in seconds) is the HMAC-SHA256 **key**, the message is empty, and the digest is Base64-encoded.
 * (DingTalk keys by the secret and signs the string; mixing the two up gives code 19021.) The timestamp must
 * be within one hour of Feishu's clock.
 */
import { createHmac } from 'node:crypto';

/** The `sign` body field for `timestampS` (Unix seconds, decimal) under `secret`. */
export function feishuSign(secret: string, timestampS: string): string {
  return createHmac('sha256', `${timestampS}\n${secret}`).update('').digest('base64');
}
