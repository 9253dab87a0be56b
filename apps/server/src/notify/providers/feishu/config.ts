/** Settings of the Feishu / Lark custom bot provider (`feishu`). */
import { z } from 'zod';
import { baseUrl, tokenFromUrl } from '../shared/schema.ts';

/** Open-platform hosts of the two editions: Feishu (mainland China) and Lark (international). */
export const FEISHU_DOMAINS = { feishu: 'https://open.feishu.cn', lark: 'https://open.larksuite.com' } as const;

const FeishuFields = z
  .object({
    hookId: tokenFromUrl(null, /^[A-Za-z0-9-]{8,128}$/, 'the id at the end of the bot’s webhook URL').describe(
      'The id at the end of the bot’s webhook URL …/open-apis/bot/v2/hook/<id> (pasting the whole URL works too).',
    ),
    domain: z
      .enum(['feishu', 'lark'])
      .default('feishu')
      .describe('Feishu (open.feishu.cn) or Lark (open.larksuite.com), whichever the group lives in.'),
    secret: z
      .string()
      .trim()
      .min(1)
      .optional()
      .describe('Signing secret when the bot’s security setting "Signature verification" (签名校验) is on.'),
    apiBase: baseUrl().optional().describe('Overrides the domain’s base URL (a proxy or a private deployment).'),
  })
  .strict();

/**
 * A pasted Lark webhook URL (open.larksuite.com) selects the Lark edition when `domain` is not given, so
 * pasting the URL is enough for either edition.
 */
export const FeishuConfig = z.preprocess((v) => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
  const c = v as Record<string, unknown>;
  if (c.domain !== undefined || typeof c.hookId !== 'string') return v;
  return /^https?:\/\/open\.larksuite\.com\//i.test(c.hookId.trim()) ? { ...c, domain: 'lark' } : v;
}, FeishuFields);
export type FeishuConfig = z.infer<typeof FeishuFields>;

/** The base URL a config posts to: `apiBase` when set, else the chosen edition's host. */
export const baseOf = (c: FeishuConfig): string => c.apiBase ?? FEISHU_DOMAINS[c.domain];
