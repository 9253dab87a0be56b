/**
 * Renders messages for a WeCom group robot, per "Group robot configuration" (群机器人配置说明,
 * https://developer.work.weixin.qq.com/document/path/91770):
 * - `markdown`: `content` up to 4,096 UTF-8 bytes, in WeCom's Markdown subset (headings, bold, links,
 *   quotes, `<font color="info|comment|warning">`); the signed acknowledge/resolve links are Markdown links.
 * - `template_card` of type `text_notice`: a title (about 26 characters shown), a highlighted level, a
 *   sub-title (112), up to three `jump_list` links (titles up to 13) and a `card_action` opening the incident.
 *   A page with `checkIn` lists Acknowledge, Join and Decline (Resolve in Decline's place on a channel's
 *   page, whose Join opens the room); Markdown pages add `[Join]` / `[Decline]` links.
 * Robots cannot receive clicks, so every action is a link. Notices are always Markdown.
 */
import type { Message, PageMessage } from '../../provider.ts';
import {
  firstAlerts,
  serviceOf,
  toneOf,
  truncate,
  truncateBytes,
  pageFacts,
  pageWords,
  statusOf,
} from '../shared/text.ts';

const MAX_MARKDOWN_BYTES = 4096;

export type WecomMessage =
  | { msgtype: 'markdown'; markdown: { content: string } }
  | { msgtype: 'template_card'; template_card: Record<string, unknown> };

/** WeCom Markdown has no escape character; neutralise the few characters that would restyle a line. */
const flatten = (s: string): string =>
  s
    .replace(/[\r\n]+/g, ' ')
    .replace(/[<>]/g, (c) => (c === '<' ? '‹' : '›'))
    .replace(/[[\]]/g, (c) => (c === '[' ? '［' : '］'));

/** Renders a page in `format`, or a notice as Markdown. */
export function renderWecom(message: Message, format: 'markdown' | 'template_card'): WecomMessage {
  if (message.kind !== 'page') {
    return {
      msgtype: 'markdown',
      markdown: {
        content: truncateBytes(
          `### ${flatten(message.subject)}\n${message.text}\n<font color="comment">Faultline</font>`,
          MAX_MARKDOWN_BYTES,
        ),
      },
    };
  }
  return format === 'template_card' ? templateCard(message) : markdown(message);
}

function markdown(m: PageMessage): WecomMessage {
  const tone = toneOf(m.levelCode ?? m.levelText);
  const colour = tone === 'critical' || tone === 'high' ? 'warning' : 'comment';
  const words = pageWords(m);
  const links = [`[${words.acknowledge}](${m.ackUrl})`];
  if (m.resolveUrl) links.push(`[${words.resolve}](${m.resolveUrl})`);
  if (m.checkIn) {
    links.push(`[${words.join}](${m.checkIn.joinUrl})`);
    if (m.checkIn.declineUrl) links.push(`[${words.decline}](${m.checkIn.declineUrl})`);
  }
  links.push(`[${words.open}](${m.incidentUrl})`);
  const lines = [
    `### <font color="${colour}">[${flatten(m.levelText)}]</font> #${m.incidentId} ${flatten(m.title)}`,
    // Level is in the heading; status, service and why it was paged follow.
    ...pageFacts(m)
      .slice(1)
      .map((f) => `> ${f.name}: <font color="comment">${flatten(f.value)}</font>`),
  ];
  const { summaries, more } = firstAlerts(m);
  if (summaries.length) {
    lines.push('', `**${words.alerts}**`, ...summaries.map((s) => `• ${flatten(s)}`));
    if (more) lines.push(`• ${words.more(more)}`);
  }
  // Links and footer go last but must survive truncation, so only the body above them is cut.
  const tail = `\n\n${links.join('  ')}\n<font color="comment">${words.footer}</font>`;
  const body = truncateBytes(lines.join('\n'), MAX_MARKDOWN_BYTES - Buffer.byteLength(tail, 'utf8'));
  return { msgtype: 'markdown', markdown: { content: body + tail } };
}

function templateCard(m: PageMessage): WecomMessage {
  const { summaries } = firstAlerts(m, 1);
  const words = pageWords(m);
  const [level, ...rest] = pageFacts(m);
  const facts = rest.map((f) => `${f.name}: ${f.value}`).join(' · ');
  const jumps = [{ type: 1, title: words.acknowledge, url: m.ackUrl }];
  if (m.checkIn) {
    // At most three jumps: Acknowledge, Join, Decline (or Resolve on a channel's page); the card opens the incident.
    jumps.push({ type: 1, title: words.join, url: m.checkIn.joinUrl });
    if (m.checkIn.declineUrl) jumps.push({ type: 1, title: words.decline, url: m.checkIn.declineUrl });
    else if (m.resolveUrl) jumps.push({ type: 1, title: words.resolve, url: m.resolveUrl });
  } else {
    if (m.resolveUrl) jumps.push({ type: 1, title: words.resolve, url: m.resolveUrl });
    jumps.push({ type: 1, title: words.openShort, url: m.incidentUrl });
  }
  return {
    msgtype: 'template_card',
    template_card: {
      card_type: 'text_notice',
      // desc_color: 2 is red, 0 grey.
      source: { desc: 'Faultline', desc_color: toneOf(m.levelCode ?? m.levelText) === 'critical' ? 2 : 0 },
      main_title: {
        title: truncate(`#${m.incidentId} ${m.title}`, 26),
        desc: truncate(`${m.levelText} · ${statusOf(m)} · ${serviceOf(m)}`, 30),
      },
      emphasis_content: { title: truncate(m.levelText, 10), desc: level!.name },
      sub_title_text: truncate(summaries.length ? `${facts}\n${summaries[0]}` : facts, 112),
      jump_list: jumps,
      card_action: { type: 1, url: m.incidentUrl },
    },
  };
}
