/**
 * Renders messages as DingTalk robot messages, per "Message types"
 * (https://open.dingtalk.com/document/development/robot-message-type): a page is an `actionCard` with
 * independent buttons (`btns`, each a `title` and an `actionURL`) for the signed acknowledge/resolve links
 * and the incident, plus Join / Decline for the response group when the page has `checkIn`; a notice is a `markdown` message. `title` is what the chat list and the notification
 * show. Robots cannot receive button clicks, so every button is a link.
 *
 * Every message contains the word "Faultline", so a robot secured with the custom keyword "Faultline"
 * accepts it.
 */
import type { Message, PageMessage } from '../../provider.ts';
import { firstAlerts, headline, pageFacts, pageWords, truncateBytes } from '../shared/text.ts';

/** DingTalk refuses messages over 20,000 bytes ("message too long, exceed 20000 bytes"); keep well below. */
const MAX_TEXT_BYTES = 15_000;

/** Escapes Markdown control characters in text taken from alerts and titles. */
const escapeMd = (s: string): string => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');

export type DingtalkMessage =
  | { msgtype: 'markdown'; markdown: { title: string; text: string } }
  | {
      msgtype: 'actionCard';
      actionCard: {
        title: string;
        text: string;
        btnOrientation: '0' | '1';
        btns: Array<{ title: string; actionURL: string }>;
      };
    };

/** Renders a page or a notice. */
export function renderDingtalk(message: Message): DingtalkMessage {
  if (message.kind !== 'page') {
    return {
      msgtype: 'markdown',
      markdown: {
        title: `Faultline: ${message.subject}`,
        text: truncateBytes(`### ${escapeMd(message.subject)}\n\n${message.text}\n\n###### Faultline`, MAX_TEXT_BYTES),
      },
    };
  }
  return {
    msgtype: 'actionCard',
    actionCard: {
      title: `Faultline ${headline(message)}`,
      text: truncateBytes(pageMarkdown(message), MAX_TEXT_BYTES),
      // "1": buttons side by side; "0" stacks them (five, with Join and Decline, do not fit side by side).
      btnOrientation: message.checkIn ? '0' : '1',
      btns: buttons(message),
    },
  };
}

function pageMarkdown(m: PageMessage): string {
  const lines = [
    `### ${escapeMd(headline(m))}`,
    '',
    ...pageFacts(m).map((f) => `- **${f.name}**: ${escapeMd(f.value)}`),
  ];
  const words = pageWords(m);
  const { summaries, more } = firstAlerts(m);
  if (summaries.length) {
    lines.push('', `**${words.alerts}**`, '', ...summaries.map((s) => `- ${escapeMd(s)}`));
    if (more) lines.push(`- ${words.more(more)}`);
  }
  lines.push('', `###### ${words.footer}`);
  return lines.join('\n');
}

function buttons(m: PageMessage): Array<{ title: string; actionURL: string }> {
  const words = pageWords(m);
  const btns = [{ title: words.acknowledge, actionURL: m.ackUrl }];
  if (m.resolveUrl) btns.push({ title: words.resolve, actionURL: m.resolveUrl });
  if (m.checkIn) {
    btns.push({ title: words.join, actionURL: m.checkIn.joinUrl });
    if (m.checkIn.declineUrl) btns.push({ title: words.decline, actionURL: m.checkIn.declineUrl });
  }
  btns.push({ title: words.open, actionURL: m.incidentUrl });
  return btns;
}
