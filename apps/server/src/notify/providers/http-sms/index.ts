/**
 * SMS through any HTTP SMS gateway (provider `http-sms`): an operator's or aggregator's API that takes the
 * number and text in one HTTP request. The URL, method, headers and body are configured; the body is a
 * template with `{{to}}` and `{{text}}` (render.ts). Authentication goes in `headers`, whose values are
 * secrets — keep keys out of the URL, which is shown in the settings.
 *
 * Outcome: any 2xx is accepted (the message id is read from `messageIdField` of a JSON answer when set);
 * 408, 425 and 429 are transient, other 4xx and 3xx (redirects are not followed: configure the final URL) are
 * permanent for this gateway (failover moves on), 5xx and network errors or the timeout are transient. A gateway's own "invalid number" answer cannot be told apart
 * generically, so it fails over like any other 4xx.
 */
import { z } from 'zod';
import { PermanentSendError, type Message, type ProviderFactory } from '../../provider.ts';
import { assertE164 } from '../../phone/e164.ts';
import { TransientSendError, networkError } from '../../phone/errors.ts';
import { renderSms } from '../../phone/sms-text.ts';
import { CONTENT_TYPE_HEADER, fillTemplate, readPath, usesPlaceholder } from './render.ts';
import { httpStatus } from '../shared/http.ts';

export const HttpSmsConfig = z
  .object({
    /** The gateway's URL; may hold `{{to}}` / `{{text}}` (percent-encoded) for GET gateways. */
    url: z.string().refine((u) => URL.canParse(u.replace(/\{\{\s*(to|text)\s*\}\}/g, 'x')) && /^https?:\/\//.test(u), {
      message: 'expected an http(s) URL',
    }),
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    /** Extra request headers, e.g. `Authorization: Bearer …`. Their values are secrets. */
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, 'expected a header name'), z.string())
      .default({}),
    /** How the body is encoded and placeholders escaped: `json`, `form` or `text`. */
    contentType: z.enum(['json', 'form', 'text']).default('json'),
    /** Body template; ignored for GET. */
    body: z.string().default('{"to":"{{to}}","text":"{{text}}"}'),
    /** Dotted path of the gateway's message id in a JSON answer, e.g. `data.id`. */
    messageIdField: z.string().min(1).optional(),
    maxSegments: z.number().int().min(1).max(10).default(3),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  })
  .strict()
  .superRefine((c, ctx) => {
    const where = c.method === 'GET' ? c.url : `${c.url} ${c.body}`;
    for (const name of ['to', 'text'] as const) {
      if (!usesPlaceholder(where, name)) {
        ctx.addIssue({
          code: 'custom',
          path: [c.method === 'GET' ? 'url' : 'body'],
          message: `the request never uses {{${name}}}`,
        });
      }
    }
  });
export type HttpSmsConfig = z.infer<typeof HttpSmsConfig>;

export const factory: ProviderFactory<HttpSmsConfig> = {
  id: 'http-sms',
  label: 'HTTP SMS gateway',
  address: 'phone',
  configSchema: HttpSmsConfig,
  secretFields: ['headers'],
  create(config, deps) {
    return {
      id: 'http-sms',
      configSchema: HttpSmsConfig,
      async send(recipient: string, message: Message) {
        const values = {
          to: assertE164(recipient),
          text: renderSms(message, { maxSegments: config.maxSegments, replies: false }),
        };
        const headers: Record<string, string> = { ...config.headers };
        const hasBody = config.method !== 'GET';
        if (hasBody && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
          headers['content-type'] = CONTENT_TYPE_HEADER[config.contentType];
        }
        let res: Response;
        let text: string;
        try {
          res = await deps.fetch(fillTemplate(config.url, 'url', values), {
            method: config.method,
            headers,
            ...(hasBody ? { body: fillTemplate(config.body, config.contentType, values) } : {}),
            redirect: 'manual',
            timeoutMs: config.timeoutMs,
          });
          text = await res.text();
        } catch (e) {
          throw networkError('http-sms', e);
        }
        if (res.ok) {
          let id: string | null = null;
          if (config.messageIdField) {
            try {
              id = readPath(JSON.parse(text), config.messageIdField);
            } catch {
              id = null;
            }
          }
          return { providerMessageId: id };
        }
        // The status only: the gateway's answer is not copied (docs/security.md).
        const detail = `http-sms: ${httpStatus(res.status)}`;
        if (res.status >= 300 && res.status < 500 && ![408, 425, 429].includes(res.status)) {
          throw new PermanentSendError(detail);
        }
        throw new TransientSendError(detail);
      },
    };
  },
};
