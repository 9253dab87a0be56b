/**
 * Fills the request template of a generic HTTP SMS gateway. `{{to}}` (the E.164 number) and `{{text}}` (the
 * SMS text, phone/sms-text.ts) are replaced in the URL, always percent-encoded, and in the body, escaped for
 * its content type: inside a JSON string for `json`, percent-encoded for `form`, as is for `text`.
 */

export type HttpSmsContentType = 'json' | 'form' | 'text';

export const CONTENT_TYPE_HEADER: Record<HttpSmsContentType, string> = {
  json: 'application/json',
  form: 'application/x-www-form-urlencoded',
  text: 'text/plain; charset=utf-8',
};

const PLACEHOLDER = /\{\{\s*(to|text)\s*\}\}/g;

/** Escapes `value` to sit inside a template of `contentType` (for JSON: inside the quotes of a string). */
export function escapeFor(contentType: HttpSmsContentType | 'url', value: string): string {
  switch (contentType) {
    case 'json':
      return JSON.stringify(value).slice(1, -1);
    case 'form':
    case 'url':
      return encodeURIComponent(value);
    case 'text':
      return value;
  }
}

/** Replaces `{{to}}` and `{{text}}` in `template`, each escaped for `contentType`. */
export function fillTemplate(
  template: string,
  contentType: HttpSmsContentType | 'url',
  values: { to: string; text: string },
): string {
  return template.replace(PLACEHOLDER, (_, key: 'to' | 'text') => escapeFor(contentType, values[key]));
}

/** True when `template` uses the placeholder `name`. */
export function usesPlaceholder(template: string, name: 'to' | 'text'): boolean {
  return new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`).test(template);
}

/** Reads a dotted path (`data.messages.0.id`) from a parsed JSON answer; a string or number, else null. */
export function readPath(json: unknown, path: string): string | null {
  let v: unknown = json;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return null;
    v = (v as Record<string, unknown>)[key];
  }
  return typeof v === 'string' || typeof v === 'number' ? String(v) : null;
}
