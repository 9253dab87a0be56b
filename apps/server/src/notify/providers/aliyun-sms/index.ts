/**
 * SMS through Alibaba Cloud Short Message Service (provider `aliyun-sms`).
 *
 * Sends with the `SendSms` operation (API version 2017-05-25, endpoint `dysmsapi.aliyuncs.com`, RPC style):
 * `PhoneNumbers` (a mainland number without +86, other countries as country code + number), `SignName` (an
 * approved signature), `TemplateCode` (an approved template, `SMS_…`) and `TemplateParam` (JSON of the
 * template's variables); success is `{ Code: "OK", BizId, RequestId }`
 * (https://help.aliyun.com/zh/sms/developer-reference/api-dysmsapi-2017-05-25-sendsms).
 * Signed with the V3 signature (acs.ts explains the choice).
 *
 * Errors (https://www.alibabacloud.com/help/zh/doc-detail/180674.html): `isv.MOBILE_NUMBER_ILLEGAL`
 * is about the number (failover stops); `isv.BUSINESS_LIMIT_CONTROL` (per-number flow control: by default
 * 1/minute, 5/hour, 10/day for the same signature and template), `Throttling.User` and `isp.SYSTEM_ERROR`
 * are transient; `isv.TEMPLATE_MISSING_PARAMETERS`, `isv.SMS_SIGNATURE_ILLEGAL`, `isv.SMS_TEMPLATE_ILLEGAL`,
 * `isv.AMOUNT_NOT_ENOUGH`, `isp.RAM_PERMISSION_DENY`, `SignatureDoesNotMatch`, … are permanent for this
 * provider; an unknown code in an HTTP 200 answer is retried. Raise the flow control for on-call numbers in the console: a page storm hits it fast.
 */
import { z } from 'zod';
import { PermanentSendError, type Message, type ProviderFactory } from '../../provider.ts';
import { assertE164 } from '../../phone/e164.ts';
import { acsCredentialFields, acsPhoneNumber, acsSecretFields, callAcs } from './acs.ts';
import {
  DEFAULT_NOTICE_PARAMS,
  DEFAULT_PAGE_PARAMS,
  NOTICE_PLACEHOLDERS,
  PAGE_PLACEHOLDERS,
  renderTemplateParams,
  templateSchema,
} from './render.ts';

const SMS_TEMPLATE_CODE = /^SMS_\d+$/;

export const AliyunSmsConfig = z
  .object({
    ...acsCredentialFields,
    apiBase: z.url().default('https://dysmsapi.aliyuncs.com'),
    /** The approved SMS signature (签名), shown as 【SignName】. */
    signName: z.string().min(1),
    /** Template for pages, e.g. "【Sign】${level} #${id} ${title}, please handle". */
    pageTemplate: templateSchema(SMS_TEMPLATE_CODE, PAGE_PLACEHOLDERS, DEFAULT_PAGE_PARAMS),
    /** Template for notices; without it, notices fail over to the next channel. */
    noticeTemplate: templateSchema(SMS_TEMPLATE_CODE, NOTICE_PLACEHOLDERS, DEFAULT_NOTICE_PARAMS).optional(),
    /** Longest value of one template variable, in characters. */
    maxParamLength: z.number().int().min(1).max(500).default(35),
    /**
     * Secret last path segment of the replies push URL (`/api/v1/aliyun/sms-up/<smsUpSecret>`): Alibaba Cloud
     * does not sign its pushes, so the unguessable URL is the check. Without it, replies are not accepted.
     */
    smsUpSecret: z
      .string()
      .regex(/^[A-Za-z0-9_-]{24,128}$/, 'must be 24–128 letters, digits, - or _ (e.g. openssl rand -hex 16)')
      .optional(),
  })
  .strict();
export type AliyunSmsConfig = z.infer<typeof AliyunSmsConfig>;

/** SendSms codes by kind (the shared codes and rules of acs.ts apply too). */
const SMS_CODES = {
  number: new Set(['isv.MOBILE_NUMBER_ILLEGAL']),
  transient: new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isv.DAY_LIMIT_CONTROL']),
  permanent: new Set([
    'isv.SMS_SIGNATURE_ILLEGAL',
    'isv.SMS_TEMPLATE_ILLEGAL',
    'isv.TEMPLATE_MISSING_PARAMETERS',
    'isv.PARAM_NOT_SUPPORT_URL',
  ]),
};

export const factory: ProviderFactory<AliyunSmsConfig> = {
  id: 'aliyun-sms',
  label: 'Alibaba Cloud SMS',
  address: 'phone',
  configSchema: AliyunSmsConfig,
  secretFields: [...acsSecretFields, 'smsUpSecret'],
  create(config, deps) {
    return {
      id: 'aliyun-sms',
      configSchema: AliyunSmsConfig,
      async send(recipient: string, message: Message) {
        const number = assertE164(recipient);
        const template = message.kind === 'page' ? config.pageTemplate : config.noticeTemplate;
        if (!template) throw new PermanentSendError('aliyun-sms: no noticeTemplate is configured for notices');
        const answer = await callAcs(deps, {
          providerId: 'aliyun-sms',
          apiBase: config.apiBase,
          action: 'SendSms',
          version: '2017-05-25',
          params: {
            PhoneNumbers: acsPhoneNumber(number),
            SignName: config.signName,
            TemplateCode: template.code,
            TemplateParam: JSON.stringify(renderTemplateParams(template.params, message, config.maxParamLength)),
          },
          accessKeyId: config.accessKeyId,
          accessKeySecret: config.accessKeySecret,
          timeoutMs: config.timeoutMs,
          codes: SMS_CODES,
        });
        return { providerMessageId: typeof answer.BizId === 'string' ? answer.BizId : null };
      },
    };
  },
};

export { parseAliyunSmsUp, ALIYUN_SMS_UP_ACK, type AliyunSmsReply } from './sms-up.ts';
export { acsSignV3, acsCanonicalQuery, acsPercentEncode } from './acs.ts';
