/**
 * Voice calls through Alibaba Cloud Voice Messaging Service (provider `aliyun-voice`).
 *
 * Calls with the `SingleCallByTts` operation (API version 2017-05-25, endpoint `dyvmsapi.aliyuncs.com`,
 * RPC style): `CalledNumber` (the callee, a mainland China number without +86), `CalledShowNumber` (the
 * caller number shown; omitted for the shared number pool), `TtsCode` (an approved text-to-speech template,
 * `TTS_…`), `TtsParam` (JSON of its variables), `PlayTimes` (1–3) and `OutId`; success is
 * `{ Code: "OK", CallId, RequestId }`
 * (https://help.aliyun.com/en/vms/developer-reference/api-dyvmsapi-2017-05-25-singlecallbytts).
 * Signed with the V3 signature (see ../aliyun-sms/acs.ts).
 *
 * The service calls mainland China numbers only, so another country's number is a permanent error of this
 * provider and failover moves on. Errors (https://help.aliyun.com/document_detail/178344.html):
 * `isv.MOBILE_NUMBER_ILLEGAL` is about the number; `isv.BUSINESS_LIMIT_CONTROL` (per callee: 1/minute,
 * 5/hour, 20/24 h by default), `isv.VOICE_CALL_FAIL` and the calling-period refusals are transient; template,
 * display number, balance and permission errors are permanent for this provider. Pressing a key is not
 * reported back by this operation: a voice page through Alibaba Cloud wakes someone up, acknowledging
 * happens by SMS reply, link or console.
 */
import { z } from 'zod';
import { PermanentSendError, type Message, type ProviderFactory } from '../../provider.ts';
import { assertE164 } from '../../phone/e164.ts';
import { acsCredentialFields, acsPhoneNumber, acsSecretFields, callAcs } from '../aliyun-sms/acs.ts';
import {
  DEFAULT_NOTICE_PARAMS,
  DEFAULT_PAGE_PARAMS,
  NOTICE_PLACEHOLDERS,
  PAGE_PLACEHOLDERS,
  renderTemplateParams,
  templateSchema,
} from '../aliyun-sms/render.ts';

const TTS_TEMPLATE_CODE = /^TTS_\d+$/;

export const AliyunVoiceConfig = z
  .object({
    ...acsCredentialFields,
    apiBase: z.url().default('https://dyvmsapi.aliyuncs.com'),
    /** The caller number (真实号) of dedicated mode; leave out for the shared number pool (公共模式). */
    calledShowNumber: z
      .string()
      .regex(/^\d{5,20}$/, 'expected digits only, e.g. 057188773344')
      .optional(),
    /** TTS template for pages, e.g. "${level} incident ${id}: ${title}". */
    pageTemplate: templateSchema(TTS_TEMPLATE_CODE, PAGE_PLACEHOLDERS, DEFAULT_PAGE_PARAMS),
    noticeTemplate: templateSchema(TTS_TEMPLATE_CODE, NOTICE_PLACEHOLDERS, DEFAULT_NOTICE_PARAMS).optional(),
    /** Times the message is played in one call (Alibaba Cloud allows 1–3). */
    playTimes: z.number().int().min(1).max(3).default(2),
    maxParamLength: z.number().int().min(1).max(500).default(35),
  })
  .strict();
export type AliyunVoiceConfig = z.infer<typeof AliyunVoiceConfig>;

const VOICE_CODES = {
  number: new Set(['isv.MOBILE_NUMBER_ILLEGAL']),
  transient: new Set([
    'isv.BUSINESS_LIMIT_CONTROL',
    'isv.VOICE_CALL_FAIL',
    'isv.VOICE_ROBOT_NOT_PERIOD',
    'isv.VOICE_CALL_PERIOD_ERROR',
  ]),
  permanent: new Set([
    'isv.TTS_TEMPLATE_ILLEGAL',
    'isv.TEMPLATE_ILLEGAL',
    'isv.TEMPLATE_PARAMS_ILLEGAL',
    'isv.DISPLAY_NUMBER_ILLEGAL',
    'isv.BILLID_NOT_EXIST',
    'isv.COMPLAINT_REJECT',
  ]),
};

export const factory: ProviderFactory<AliyunVoiceConfig> = {
  id: 'aliyun-voice',
  label: 'Alibaba Cloud voice call',
  address: 'phone',
  configSchema: AliyunVoiceConfig,
  secretFields: acsSecretFields,
  create(config, deps) {
    return {
      id: 'aliyun-voice',
      configSchema: AliyunVoiceConfig,
      async send(recipient: string, message: Message) {
        const number = assertE164(recipient);
        if (!number.startsWith('+86')) {
          throw new PermanentSendError(`aliyun-voice: calls mainland China (+86) numbers only, not ${number}`);
        }
        const template = message.kind === 'page' ? config.pageTemplate : config.noticeTemplate;
        if (!template) throw new PermanentSendError('aliyun-voice: no noticeTemplate is configured for notices');
        const params: Record<string, string> = {
          CalledNumber: acsPhoneNumber(number),
          TtsCode: template.code,
          TtsParam: JSON.stringify(renderTemplateParams(template.params, message, config.maxParamLength)),
          PlayTimes: String(config.playTimes),
        };
        if (config.calledShowNumber) params.CalledShowNumber = config.calledShowNumber;
        if (message.kind === 'page') params.OutId = `faultline-${message.incidentId}`;
        const answer = await callAcs(deps, {
          providerId: 'aliyun-voice',
          apiBase: config.apiBase,
          action: 'SingleCallByTts',
          version: '2017-05-25',
          params,
          accessKeyId: config.accessKeyId,
          accessKeySecret: config.accessKeySecret,
          timeoutMs: config.timeoutMs,
          codes: VOICE_CODES,
        });
        return { providerMessageId: typeof answer.CallId === 'string' ? answer.CallId : null };
      },
    };
  },
};
