/**
 * Renders messages for a Feishu/Lark custom bot (https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot):
 * a page is an interactive message card (`msg_type: 'interactive'`, `card` with a coloured header, the facts
 * as short fields, the first alerts, and URL buttons for the signed acknowledge/resolve links and the
 * incident, and Join / Decline for the response group when the page has `checkIn`); a notice is a `text`
 * message. Custom bots cannot receive card callbacks, so buttons are links.
 * Alert text goes in `plain_text` elements, so Markdown in an alert cannot restyle the card.
 *
 * Every message contains the word "Faultline", so a bot secured with the custom keyword "Faultline" accepts it.
 */
import type { Message, PageMessage } from '../../provider.ts';
import { firstAlerts, headline, pageFacts, toneOf, truncate, type Tone, pageWords } from '../shared/text.ts';

/** Card header colour per tone (Feishu's header `template` names). */
const TEMPLATES: Record<Tone, string> = { critical: 'red', high: 'orange', medium: 'yellow', low: 'blue' };

export type FeishuMessage =
  { msg_type: 'text'; content: { text: string } } | { msg_type: 'interactive'; card: Record<string, unknown> };

const plain = (content: string) => ({ tag: 'plain_text', content });

/** Renders a page or a notice. */
export function renderFeishu(message: Message): FeishuMessage {
  if (message.kind !== 'page') {
    return { msg_type: 'text', content: { text: truncate(`Faultline: ${message.subject}\n\n${message.text}`, 4000) } };
  }
  return { msg_type: 'interactive', card: pageCard(message) };
}

function pageCard(m: PageMessage): Record<string, unknown> {
  const elements: unknown[] = [
    {
      tag: 'div',
      fields: pageFacts(m).map((f) => ({ is_short: true, text: plain(`${f.name}\n${f.value}`) })),
    },
  ];
  const words = pageWords(m);
  const { summaries, more } = firstAlerts(m);
  if (summaries.length) {
    const lines = summaries.map((s) => `• ${s}`);
    if (more) lines.push(words.more(more));
    elements.push({ tag: 'div', text: plain(truncate(`${words.alerts}\n${lines.join('\n')}`, 2000)) });
  }
  const actions: unknown[] = [{ tag: 'button', text: plain(words.acknowledge), type: 'primary', url: m.ackUrl }];
  if (m.resolveUrl) actions.push({ tag: 'button', text: plain(words.resolve), type: 'danger', url: m.resolveUrl });
  actions.push({ tag: 'button', text: plain(words.open), type: 'default', url: m.incidentUrl });
  elements.push({ tag: 'action', actions });
  if (m.checkIn) {
    // Join / Decline on a line of their own (notify/links.ts: the person's check-in page, or the room).
    const checkIn: unknown[] = [{ tag: 'button', text: plain(words.join), type: 'primary', url: m.checkIn.joinUrl }];
    if (m.checkIn.declineUrl)
      checkIn.push({ tag: 'button', text: plain(words.decline), type: 'default', url: m.checkIn.declineUrl });
    elements.push({ tag: 'action', actions: checkIn });
  }
  elements.push({ tag: 'note', elements: [plain(words.footer)] });
  return {
    config: { wide_screen_mode: true },
    header: { template: TEMPLATES[toneOf(m.levelCode ?? m.levelText)], title: plain(truncate(headline(m), 200)) },
    elements,
  };
}
