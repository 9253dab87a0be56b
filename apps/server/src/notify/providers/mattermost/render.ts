/**
 * Renders messages for a Mattermost incoming webhook (https://developers.mattermost.com/integrate/webhooks/incoming/):
 * Markdown `text` with the headline and links (incoming webhooks cannot receive button clicks, so
 * Acknowledge/Resolve are the signed links), and one message attachment
 * (https://developers.mattermost.com/integrate/reference/message-attachments/) coloured by level, with
 * the facts as short fields and the first alerts as its text. `props.faultline` tags the post for other
 * integrations reading it through the REST API.
 */
import type { Message, PageMessage } from '../../provider.ts';
import { firstAlerts, headline, pageFacts, toneOf, truncate, type Tone, pageWords } from '../shared/text.ts';

/** Attachment side-bar colour per tone. */
const COLOURS: Record<Tone, string> = { critical: '#C92A2A', high: '#E8590C', medium: '#F59F00', low: '#868E96' };

/** Mattermost's post limit is 16,383 characters; stay well below it. */
const MAX_TEXT = 4000;

/** Escapes Markdown control characters in text taken from alerts and titles. */
const escapeMd = (s: string): string => s.replace(/([\\`*_[\]<>#|~])/g, '\\$1');

export interface MattermostPost {
  text: string;
  attachments?: Array<Record<string, unknown>>;
  props: { faultline: { event: 'incident.page' | 'notice'; incidentId?: number } };
}

/** Renders a page or a notice as the webhook's JSON body (channel/username overrides are added by the sender). */
export function renderMattermost(message: Message): MattermostPost {
  if (message.kind !== 'page') {
    return {
      text: truncate(`#### ${escapeMd(message.subject)}\n${message.text}`, MAX_TEXT),
      props: { faultline: { event: 'notice' } },
    };
  }
  return {
    text: truncate(`#### :rotating_light: ${escapeMd(headline(message))}\n${links(message)}`, MAX_TEXT),
    attachments: [attachment(message)],
    props: { faultline: { event: 'incident.page', incidentId: message.incidentId } },
  };
}

function links(m: PageMessage): string {
  const words = pageWords(m);
  const parts = [`[${words.acknowledge}](${m.ackUrl})`];
  if (m.resolveUrl) parts.push(`[${words.resolve}](${m.resolveUrl})`);
  parts.push(`[${words.open}](${m.incidentUrl})`);
  return parts.join(' · ');
}

function attachment(m: PageMessage): Record<string, unknown> {
  const words = pageWords(m);
  const { summaries, more } = firstAlerts(m);
  const lines = summaries.map((s) => `- ${escapeMd(s)}`);
  if (more) lines.push(`- ${words.more(more)}`);
  return {
    fallback: headline(m),
    color: COLOURS[toneOf(m.levelCode ?? m.levelText)],
    title: truncate(`#${m.incidentId} ${m.title}`, 300),
    title_link: m.incidentUrl,
    fields: pageFacts(m).map((f) => ({ short: true, title: f.name, value: escapeMd(f.value) })),
    ...(lines.length ? { text: truncate(lines.join('\n'), MAX_TEXT) } : {}),
    footer: words.footer,
  };
}
