/**
 * Alibaba Cloud SMS replies: `POST /api/v1/aliyun/sms-up/{secret}`, the URL of "HTTP batch push" for upstream
 * messages (上行消息). Alibaba Cloud POSTs a JSON array of replies and does not sign it
 * (https://help.aliyun.com/zh/sms/developer-reference/smsup-http), so the path's secret — the `smsUpSecret`
 * of a configured `aliyun-sms` channel, compared in constant time — is the check, and a reply counts only
 * from a verified contact method's number (notify/inbound/sms-reply.ts). Each reply acts like a Twilio one;
 * there is no inline answer to the sender, so the outcome is on the timeline and in the log.
 *
 * 401 for an unknown secret; otherwise `200 {"code":0,"msg":"接收成功"}`, which tells Alibaba Cloud not to
 * push again (it retries anything else after 1, 5 and 10 minutes; a repeated reply is idempotent anyway).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Runtime } from '../../kernel/index.ts';
import { ALIYUN_SMS_UP_ACK, AliyunSmsConfig, parseAliyunSmsUp } from '../providers/aliyun-sms/index.ts';
import { handleSmsReply } from '../inbound/sms-reply.ts';
import { AppError } from '../../lib/index.ts';

/** Equal-length digests, so the comparison takes the same time whatever the lengths. */
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Registers `POST /api/v1/aliyun/sms-up/{secret}`. */
export function aliyunRoutes(app: FastifyInstance, rt: Runtime): void {
  app.post<{ Params: { secret: string } }>(
    '/api/v1/aliyun/sms-up/:secret',
    {
      schema: {
        tags: ['channels'],
        security: [],
        summary: 'Alibaba Cloud SMS replies (SmsUp HTTP batch push)',
        description:
          'Called by Alibaba Cloud with a JSON array of SMS replies; the path ends in the smsUpSecret of an aliyun-sms ' +
          'channel. Each reply from a verified number acknowledges or resolves like a Twilio reply. 401 for an unknown secret.',
      },
    },
    async (req) => {
      const given = digest(req.params.secret);
      const known = rt
        .config()
        .config.channels.filter((c) => c.type === 'aliyun-sms')
        .map((c) => AliyunSmsConfig.safeParse(c.config))
        .some((p) => p.success && p.data.smsUpSecret && timingSafeEqual(digest(p.data.smsUpSecret), given));
      if (!known)
        throw new AppError('UNAUTHORIZED', 'unknown SMS reply URL (check smsUpSecret of the aliyun-sms channel)');
      for (const reply of parseAliyunSmsUp(req.body)) {
        const answer = await handleSmsReply(rt, reply);
        rt.log.info({ sequenceId: reply.sequenceId, answer }, 'Alibaba Cloud SMS reply handled');
      }
      return ALIYUN_SMS_UP_ACK;
    },
  );
}
