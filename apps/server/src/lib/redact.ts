/**
 * The one redaction of credentials inside URLs (docs/security.md, "Secrets and outbound calls"). Every place
 * that shows a URL, or text that may hold one — API answers, timeline entries, delivery errors, KPI watch
 * errors, the log, `config check` output — passes it through here, so a webhook or Prometheus URL with a
 * password or a token in it is shown with `***` instead.
 *
 * What counts as a credential:
 * - the userinfo (`https://user:password@host` → `https://***@host`);
 * - the value of a query parameter whose name contains `token`, `key`, `secret`, `sig` (also `sign`,
 *   `signature`), `pass`, `pwd`, `auth`, `credential`, `session` or `code` — DingTalk's `access_token` and
 *   `sign`, WeCom's `key`, a Teams workflow's `sig`, an AWS or Google signed URL;
 * - the secret path segments of robot and webhook URLs: Slack's `/services/T…/B…/<secret>`, Feishu/Lark's
 *   `/open-apis/bot/v2/hook/<id>`, Mattermost's and others' `/hooks/<id>`, Discord's `/api/webhooks/<id>/<token>`,
 *   Office 365 connectors' `/IncomingWebhook/<id>/<id>`, and Faultline's own `/sms-up/<secret>`.
 *
 * Only those parts change; the rest of the text stays as it was, so messages keep their meaning.
 */

const MASK = '***';

/** Query parameter names that carry secrets (matched anywhere in the lower-cased name). */
const SECRET_PARAM = /token|key|secret|sig|pass|pwd|auth|credential|session|code/;

/** Path shapes whose captured segment(s) are secrets: `$1` is kept, each later group is masked. */
const SECRET_PATHS: ReadonlyArray<RegExp> = [
  /(\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/)([^/?#\s]+)/g,
  /(\/open-apis\/bot\/v2\/hook\/)([^/?#\s]+)/g,
  /(\/api\/webhooks\/[^/?#\s]+\/)([^/?#\s]+)/g,
  /(\/IncomingWebhook\/)([^/?#\s]+)(\/)([^/?#\s]+)/g,
  /(\/hooks\/)([^/?#\s]+)/g,
  /(\/sms-up\/)([^/?#\s]+)/g,
];

/** A URL-looking run of text: a scheme, `://`, then anything up to whitespace, a quote or a bracket. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>()[\]{}`]+/gi;

function decoded(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * `url` with its credentials masked (see the module comment). Accepts anything (a malformed URL too): the
 * masking works on the text, not on a parsed URL, and returns the input unchanged when there is nothing to mask.
 */
export function redactUrl(url: string | URL): string {
  let out = String(url);
  // Userinfo: everything between `scheme://` and the last `@` before the path.
  out = out.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#\s]*@/i, `$1${MASK}@`);
  // Query (and fragment) parameters with secret names.
  out = out.replace(/([?&#])([^=&#\s]+)=([^&#\s]*)/g, (m, sep: string, name: string, value: string) =>
    value && SECRET_PARAM.test(decoded(name).toLowerCase()) ? `${sep}${name}=${MASK}` : m,
  );
  for (const shape of SECRET_PATHS) {
    out = out.replace(shape, (...groups: unknown[]) => {
      const parts = groups.slice(1, -2) as string[];
      return parts.map((p, i) => (i % 2 === 1 ? MASK : p)).join('');
    });
  }
  return out;
}

/**
 * A piece of someone else's text — an error code or message field of a vendor's or Prometheus's documented answer —
 * made safe to store and show: one line, control characters replaced by spaces, URLs redacted, at most `max`
 * characters (then `…`). Anything that is not a string or a number gives `""`.
 */
export function shortReason(text: unknown, max: number): string {
  if (typeof text !== 'string' && typeof text !== 'number') return '';
  const oneLine = Array.from(String(text), (ch) => (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f ? ' ' : ch))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  const t = redactText(oneLine);
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/** `value` (JSON: a timeline entry's data) with `redactText` applied to every string in it. */
export function redactJson<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactJson(v)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactJson(v)])) as T;
  }
  return value;
}

/**
 * `text` with every URL in it redacted by `redactUrl` (a message, a log line, a config problem). Trailing
 * sentence punctuation after a URL is left outside it.
 */
export function redactText(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (m) => {
    const tail = /[.,;:!?]+$/.exec(m)?.[0] ?? '';
    return redactUrl(m.slice(0, m.length - tail.length)) + tail;
  });
}
