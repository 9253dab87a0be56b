/**
 * Text PostgreSQL can store. Two kinds of JavaScript string cannot be written faithfully:
 *
 * - **NUL** (U+0000): `text` refuses it outright (SQLSTATE 22021), and `jsonb` refuses the escape `\u0000`
 *   (22P05, "unsupported Unicode escape sequence");
 * - an **unpaired surrogate** (U+D800–U+DFFF without its partner, e.g. from the JSON escape `\ud800`):
 *   `jsonb` refuses the escape (22P02, "Unicode low surrogate must follow a high surrogate"), and a text
 *   parameter is silently changed to U+FFFD on its way to UTF-8.
 *
 * The API refuses such text with the field named (docs/errors.md); intake keeps the alert and replaces each
 * such character with U+FFFD (docs/intake.md), so that one alert never stops paging.
 */

/** U+FFFD REPLACEMENT CHARACTER: what intake stores instead of a character PostgreSQL cannot store. */
export const REPLACEMENT_CHARACTER = '\uFFFD';

/** Whether PostgreSQL can store `s` as text and inside jsonb unchanged: no NUL, no unpaired surrogate. */
export function isStorableText(s: string): boolean {
  return !s.includes('\0') && s.isWellFormed();
}

/**
 * `s` with every NUL and every unpaired surrogate replaced by U+FFFD. Each replaced character is one UTF-16
 * code unit and so is U+FFFD: the length (what intake's limits count) does not change.
 */
export function toStorableText(s: string): string {
  return isStorableText(s) ? s : s.toWellFormed().replaceAll('\0', REPLACEMENT_CHARACTER);
}

/** Why `s` cannot be stored, naming the first character at fault and its position (0-based, UTF-16); null when it can. */
export function unstorableReason(s: string): string | null {
  const nul = s.indexOf('\0');
  const lone = s.isWellFormed() ? -1 : firstUnpairedSurrogate(s);
  if (nul < 0 && lone < 0) return null;
  if (nul >= 0 && (lone < 0 || nul < lone)) {
    return `contains NUL (U+0000) at character ${nul}, which cannot be stored; remove it`;
  }
  const code = s.charCodeAt(lone).toString(16).toUpperCase();
  return `contains an unpaired surrogate (U+${code}) at character ${lone}, which is not valid Unicode text; remove it`;
}

function firstUnpairedSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else return i;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/** One string PostgreSQL cannot store inside a JSON value: its dotted path and why. */
export interface UnstorableField {
  /** Dotted path (`rules.0.note`); a bad object key is reported at the key's own path. */
  path: string;
  message: string;
}

/**
 * Every string (object keys included) of a JSON value that PostgreSQL cannot store, in document order, at
 * most `limit`. Iterative, so a deeply nested body cannot exhaust the stack; non-strings other than arrays
 * and objects (numbers, booleans, null) are skipped. A bad key is named with U+FFFD in its place.
 * @param prefix the path of `value` itself (`''` for a request body, `querystring` for a query)
 */
export function findUnstorableText(value: unknown, prefix = '', limit = 20): UnstorableField[] {
  const found: UnstorableField[] = [];
  const at = (path: string, key: string) => (path ? `${path}.${toStorableText(key)}` : toStorableText(key));
  // Depth-first; children are pushed in reverse so they come off in document order. A bad key is pushed
  // as a finding of its own, above its value, so it is reported before anything inside the value.
  type Item = { v: unknown; path: string; keyProblem?: string };
  const stack: Item[] = [{ v: value, path: prefix }];
  while (stack.length > 0 && found.length < limit) {
    const { v, path, keyProblem } = stack.pop()!;
    if (keyProblem !== undefined) found.push({ path, message: keyProblem });
    else if (typeof v === 'string') {
      const message = unstorableReason(v);
      if (message) found.push({ path: path || 'body', message });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: at(path, String(i)) });
    } else if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, item] = entries[i]!;
        stack.push({ v: item, path: at(path, key) });
        const reason = unstorableReason(key);
        if (reason) stack.push({ v: null, path: at(path, key), keyProblem: `name ${reason}` });
      }
    }
  }
  return found;
}
