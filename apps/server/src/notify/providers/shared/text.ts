/**
 * Plain-text pieces every chat provider renders a page from, so "what a page says" is the same in each
 * vendor's markup: the headline, the facts, and the first alerts. Vendors only choose the markup.
 */
import type { PageMessage } from '../../provider.ts';
import { statusWord, stepWord, translatorOf } from '../../words.ts';

/** At most this many alerts are listed in a chat message (the page carries up to five). */
export const MAX_ALERTS = 5;

/** `[P1] #42 Payment API errors`: level, incident number and title, the line a phone notification shows. */
export function headline(m: PageMessage): string {
  return `[${m.levelText}] #${m.incidentId} ${m.title}`;
}

/** The incident's service, or `unrouted` (in the reader's words) when none owns it. */
export const serviceOf = (m: PageMessage): string => m.service ?? translatorOf(m).t('page.service.unrouted');

/** The incident's status in the reader's words (`acknowledged`, `已确认`). */
export const statusOf = (m: PageMessage): string => statusWord(translatorOf(m), m.status);

/** The labelled facts of a page in the reader's language, in display order: level, status, service, why sent. */
export function pageFacts(m: PageMessage): Array<{ name: string; value: string }> {
  const t = translatorOf(m);
  return [
    { name: t.t('page.fact.level'), value: m.levelText },
    { name: t.t('page.fact.status'), value: statusOf(m) },
    { name: t.t('page.fact.service'), value: serviceOf(m) },
    { name: t.t('page.fact.step'), value: stepWord(t, m.step) },
  ];
}

/**
 * The words of a page's buttons and alert list in the reader's language: `acknowledge`, `resolve`, `open`
 * ("Open in Faultline"), `alerts` (the list's heading), `more(n)` ("and 3 more"), `footer` ("Faultline · incident #42").
 */
export function pageWords(m: PageMessage): {
  acknowledge: string;
  resolve: string;
  /** "Resolve this incident?", the question before a resolve button acts. */
  resolveConfirm: string;
  cancel: string;
  /** Check-in buttons of a response group's page: join it, or decline. */
  join: string;
  decline: string;
  open: string;
  /** "Open incident": the shorter link title where a vendor limits it (WeCom's template card). */
  openShort: string;
  alerts: string;
  more: (count: number) => string;
  footer: string;
} {
  const t = translatorOf(m);
  return {
    acknowledge: t.t('page.action.acknowledge'),
    resolve: t.t('page.action.resolve'),
    resolveConfirm: t.t('page.action.resolveConfirm'),
    cancel: t.t('page.action.cancel'),
    join: t.t('page.action.join'),
    decline: t.t('page.action.decline'),
    open: t.t('page.action.open'),
    openShort: t.t('page.action.openShort'),
    alerts: t.t('page.alerts'),
    more: (count) => t.t('page.alerts.more', { count }),
    footer: t.t('page.footer', { id: m.incidentId }),
  };
}

/** The first alerts' summaries, and how many more there were beyond `max`. */
export function firstAlerts(m: PageMessage, max = MAX_ALERTS): { summaries: string[]; more: number } {
  return { summaries: m.alerts.slice(0, max).map((a) => a.summary), more: Math.max(0, m.alerts.length - max) };
}

/** Cuts `s` to at most `max` characters (code points), ending with `…` when cut. */
export function truncate(s: string, max: number): string {
  const chars = Array.from(s);
  return chars.length <= max ? s : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Cuts `s` to at most `maxBytes` UTF-8 bytes without splitting a character, ending with `…` when cut. */
export function truncateBytes(s: string, maxBytes: number): string {
  if (Buffer.byteLength(s, 'utf8') <= maxBytes) return s;
  const budget = maxBytes - Buffer.byteLength('…', 'utf8');
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (used + n > budget) break;
    out += ch;
    used += n;
  }
  return `${out}…`;
}

/** How loud a page is, for vendors that colour messages: from the most severe `P<n>` in the level text. */
export type Tone = 'critical' | 'high' | 'medium' | 'low';

/**
 * `P1` → critical, `P2` → high, `P3` and `risk` → medium, anything else (P4+, `ungraded`) → low. Pass the page's
 * `levelCode` when it has one (the level text may be a display name in another language).
 */
export function toneOf(levelText: string): Tone {
  const levels = [...levelText.matchAll(/\bP(\d+)\b/g)].map((m) => Number(m[1]));
  const top = levels.length ? Math.min(...levels) : null;
  if (top === 1) return 'critical';
  if (top === 2) return 'high';
  if (top === 3 || /\brisk\b/.test(levelText)) return 'medium';
  return 'low';
}
