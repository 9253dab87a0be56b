/**
 * Zod building blocks shared by the provider config schemas (CONVENTIONS §5: the schema validates settings
 * on write and drives the settings form, so every field carries a description).
 */
import { z } from 'zod';

/** An absolute http(s) URL; other schemes (file:, javascript:, ftp:) are refused on write. */
export const httpUrl = () => z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** An http(s) base URL without query or fragment, stored without a trailing slash (no default). */
export const baseUrl = () =>
  httpUrl()
    .refine((u) => !/[?#]/.test(u), 'must not carry a query or fragment')
    .transform((u) => u.replace(/\/+$/, ''));

/**
 * A vendor API base URL (`https://oapi.dingtalk.com`), overridable so tests and egress proxies can point a
 * provider elsewhere. Stored without a trailing slash; a query or fragment is refused.
 */
export const apiBase = (defaultBase: string) =>
  baseUrl()
    .default(defaultBase)
    .describe(`Vendor API base URL (default ${defaultBase}); change only for a proxy or a private deployment.`);

/**
 * A token copied from a vendor's webhook URL. Operators usually paste the whole URL, so when the value is
 * a URL the token is taken from query parameter `param` (or, with `param` null, the last path segment).
 */
export function tokenFromUrl(param: string | null, pattern: RegExp, what: string) {
  return z.preprocess(
    (v) => {
      if (typeof v !== 'string') return v;
      const s = v.trim();
      if (!/^https?:\/\//i.test(s)) return s;
      try {
        const u = new URL(s);
        return (param ? u.searchParams.get(param) : u.pathname.split('/').filter(Boolean).pop()) ?? s;
      } catch {
        return s;
      }
    },
    z.string().regex(pattern, `must be ${what}`),
  );
}
