/**
 * The page's Atom feed (RFC 4287): one entry per scheduled or in-progress maintenance, then one per public
 * update, newest first, so a feed reader shows each update as it is published. Built from the page's view: nothing the page does not show.
 */
import type { StatusPageView } from '@faultline/contracts';

/** Entries in the feed at most. */
export const FEED_ENTRIES = 50;

const STATE_LABEL = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
} as const;

/**
 * Escapes text for XML element content and attribute values; a character XML 1.0 cannot carry (a control
 * character other than tab, line feed and carriage return) becomes U+FFFD.
 */
export function xmlEscape(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- these are the characters XML 1.0 forbids
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
      .replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
  );
}

/**
 * The Atom document for `page`, served at `${baseUrl}/status/feed.atom`.
 * @param baseUrl the server's public URL, without a trailing slash (ids and links are made from it)
 */
export function atomFeed(page: StatusPageView, baseUrl: string): string {
  const entries = page.incidents
    .flatMap((i) => i.updates.map((u, k) => ({ i, u, n: i.updates.length - k })))
    .sort((a, b) => Date.parse(b.u.at) - Date.parse(a.u.at))
    .slice(0, FEED_ENTRIES);
  const updated = entries[0]?.u.at ?? page.generatedAt;
  const link = `${baseUrl}/status`;
  // Scheduled and in-progress maintenance first: a reader sees what is planned at the top.
  const names = new Map(page.components.map((c) => [c.id, c.name]));
  const maintenance = page.maintenance.map((m) =>
    [
      '  <entry>',
      `    <id>${xmlEscape(`${link}#maintenance-${m.id}`)}</id>`,
      `    <title>${xmlEscape(`[${m.status === 'in-progress' ? 'Maintenance in progress' : 'Scheduled maintenance'}] ${m.title}`)}</title>`,
      `    <updated>${m.startsAt ?? page.generatedAt}</updated>`,
      `    <link rel="alternate" href="${xmlEscape(`${link}#maintenance-${m.id}`)}"/>`,
      `    <content type="text">${xmlEscape(
        [
          `${m.startsAt ? `From ${m.startsAt}` : 'In progress'}${m.endsAt ? ` until ${m.endsAt}` : ''} (UTC).`,
          ...(m.components.length ? [`Affected: ${m.components.map((c) => names.get(c) ?? c).join(', ')}.`] : []),
        ].join(' '),
      )}</content>`,
      '  </entry>',
    ].join('\n'),
  );
  const body = entries
    .map(({ i, u, n }) =>
      [
        '  <entry>',
        `    <id>${xmlEscape(`${link}#incident-${i.id}-update-${n}`)}</id>`,
        `    <title>${xmlEscape(`[${STATE_LABEL[u.state]}] ${i.title}`)}</title>`,
        `    <updated>${u.at}</updated>`,
        `    <published>${u.at}</published>`,
        `    <link rel="alternate" href="${xmlEscape(`${link}#incident-${i.id}`)}"/>`,
        `    <content type="text">${xmlEscape(u.message)}</content>`,
        '  </entry>',
      ].join('\n'),
    )
    .join('\n');
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${xmlEscape(link)}</id>`,
    `  <title>${xmlEscape(page.title)}</title>`,
    `  <updated>${updated}</updated>`,
    `  <link rel="alternate" href="${xmlEscape(link)}"/>`,
    `  <link rel="self" href="${xmlEscape(`${link}/feed.atom`)}"/>`,
    `  <author><name>${xmlEscape(page.title)}</name></author>`,
    ...maintenance,
    body,
    '</feed>',
  ]
    .filter((l) => l !== '')
    .join('\n')
    .concat('\n');
}
