/** Settings of the generic outgoing webhook (`webhook`). */
import { z } from 'zod';
import { httpUrl } from '../shared/schema.ts';

/** Header names Faultline sets itself; configured extra headers may not replace them. */
const RESERVED_HEADERS = /^(content-type|content-length|host|transfer-encoding|connection|user-agent|x-faultline-.*)$/i;
/** RFC 9110 §5.1 token characters. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const WebhookConfig = z
  .object({
    url: httpUrl().describe('Where Faultline POSTs the JSON payload.'),
    secret: z
      .string()
      .min(16, 'use at least 16 characters')
      .describe('Shared secret for the X-Faultline-Signature HMAC; the receiver verifies with the same value.'),
    headers: z
      .record(
        z
          .string()
          .regex(HEADER_NAME, 'not a valid header name')
          .refine((h) => !RESERVED_HEADERS.test(h), 'set by Faultline'),
        z.string().refine((v) => !/[\r\n]/.test(v), 'must be one line'),
      )
      .optional()
      .describe('Extra request headers, e.g. an Authorization header the receiver expects.'),
  })
  .strict();
export type WebhookConfig = z.infer<typeof WebhookConfig>;
