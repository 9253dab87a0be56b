/**
 * Renders messages as Slack Block Kit, shared by the Web API provider (`slack`) and the incoming-webhook
 * provider (`slack-webhook`). Limits from the Block Kit reference (https://docs.slack.dev/reference/block-kit/blocks):
 * header text 150 characters, section text 3,000, each field 2,000, a button's `value` 2,000 and `url` 3,000.
 *
 * With `interactive` (the Slack app), Acknowledge and Resolve are action buttons whose `action_id` is
 * `faultline_ack` / `faultline_resolve` and whose `value` is the incident id; Slack POSTs the click to the
 * app's interactivity URL (see interaction.ts). Without it (incoming webhooks, which usually have no
 * interactivity URL), the buttons are links to the signed ack/resolve URLs.
 *
 * A page of an incident that forms a response group (`checkIn`) has a second `actions` block: with
 * `interactive` the war room card's Check in / Decline (`faultline_check_in` / `faultline_decline`, same
 * interactivity URL), else Join / Decline links to the person's signed check-in page (Join to the room on a
 * channel's page).
 */
import type { Message, PageCheckIn, PageMessage } from '../../provider.ts';
import { firstAlerts, headline, pageFacts, truncate, pageWords, serviceOf, statusOf } from '../shared/text.ts';

/** `action_id` of the Acknowledge button. */
export const ACK_ACTION_ID = 'faultline_ack';
/** `action_id` of the Resolve button. */
export const RESOLVE_ACTION_ID = 'faultline_resolve';
/** `action_id` of the war room's Check in button (joins the response group; value: the incident id). */
export const CHECK_IN_ACTION_ID = 'faultline_check_in';
/** `action_id` of the war room's Decline button (declines to join the response group). */
export const DECLINE_ACTION_ID = 'faultline_decline';

/**
 * The Check in / Decline buttons for incident `incidentId`'s response group, as one `actions` block (the war
 * room's incident card carries it; a click comes to the interactivity URL like Acknowledge does).
 */
export function checkInButtons(incidentId: number): Record<string, unknown> {
  const value = String(incidentId);
  return {
    type: 'actions',
    block_id: `faultline_check_in_${incidentId}`,
    elements: [
      { type: 'button', action_id: CHECK_IN_ACTION_ID, text: plain('Check in'), style: 'primary', value },
      { type: 'button', action_id: DECLINE_ACTION_ID, text: plain('Decline'), value },
    ],
  };
}

/**
 * A page's Join / Decline as link buttons (no interactivity URL): to the person's signed check-in page, or, on
 * a channel's page, Join to the room (no Decline: each reader checks in there as themself).
 */
function checkInLinkButtons(
  incidentId: number,
  links: PageCheckIn,
  words: { join: string; decline: string },
): Record<string, unknown> {
  const elements: Array<Record<string, unknown>> = [
    { type: 'button', action_id: `${CHECK_IN_ACTION_ID}_link`, text: plain(words.join), url: links.joinUrl },
  ];
  if (links.declineUrl)
    elements.push({
      type: 'button',
      action_id: `${DECLINE_ACTION_ID}_link`,
      text: plain(words.decline),
      url: links.declineUrl,
    });
  return { type: 'actions', block_id: `faultline_check_in_${incidentId}`, elements };
}

/** `action_id` of the link button that opens the incident (Slack still reports its clicks). */
export const OPEN_ACTION_ID = 'faultline_open';

/** A Slack message body: notification `text` (also the fallback) and the `blocks` shown. */
export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters (`&`, `<`, `>`). */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });

/** Renders a page or a notice; see the module comment for `interactive`. */
export function renderSlack(message: Message, options: { interactive: boolean }): SlackMessage {
  if (message.kind !== 'page') {
    return {
      text: truncate(message.subject, 3000),
      blocks: [
        // Slack refuses empty header and section text (invalid_blocks).
        { type: 'header', text: plain(truncate(message.subject || 'Faultline notice', 150)) },
        { type: 'section', text: mrkdwn(truncate(escapeMrkdwn(message.text) || ' ', 3000)) },
      ],
    };
  }
  return {
    text: truncate(`${headline(message)} (${serviceOf(message)}, ${statusOf(message)})`, 3000),
    blocks: pageBlocks(message, options.interactive),
  };
}

function pageBlocks(m: PageMessage, interactive: boolean): Array<Record<string, unknown>> {
  const blocks: Array<Record<string, unknown>> = [
    { type: 'header', text: plain(truncate(headline(m), 150)) },
    {
      type: 'section',
      fields: pageFacts(m).map((f) => mrkdwn(truncate(`*${f.name}*\n${escapeMrkdwn(f.value)}`, 2000))),
    },
  ];
  const words = pageWords(m);
  const { summaries, more } = firstAlerts(m);
  if (summaries.length) {
    const lines = summaries.map((s) => `• ${escapeMrkdwn(s)}`);
    if (more) lines.push(`_${words.more(more)}_`);
    blocks.push({ type: 'section', text: mrkdwn(truncate(`*${words.alerts}*\n${lines.join('\n')}`, 3000)) });
  }
  blocks.push({ type: 'actions', block_id: `faultline_incident_${m.incidentId}`, elements: buttons(m, interactive) });
  if (m.checkIn)
    blocks.push(interactive ? checkInButtons(m.incidentId) : checkInLinkButtons(m.incidentId, m.checkIn, words));
  blocks.push({ type: 'context', elements: [mrkdwn(words.footer)] });
  return blocks;
}

function buttons(m: PageMessage, interactive: boolean): Array<Record<string, unknown>> {
  const value = String(m.incidentId);
  const words = pageWords(m);
  const open = { type: 'button', action_id: OPEN_ACTION_ID, text: plain(words.open), url: m.incidentUrl };
  if (interactive) {
    return [
      { type: 'button', action_id: ACK_ACTION_ID, text: plain(words.acknowledge), style: 'primary', value },
      {
        type: 'button',
        action_id: RESOLVE_ACTION_ID,
        text: plain(words.resolve),
        style: 'danger',
        value,
        confirm: {
          title: plain(words.resolveConfirm),
          text: plain(truncate(`#${m.incidentId} ${m.title}`, 300)),
          confirm: plain(words.resolve),
          deny: plain(words.cancel),
        },
      },
      open,
    ];
  }
  const links: Array<Record<string, unknown>> = [
    {
      type: 'button',
      action_id: `${ACK_ACTION_ID}_link`,
      text: plain(words.acknowledge),
      style: 'primary',
      url: m.ackUrl,
    },
  ];
  if (m.resolveUrl)
    links.push({
      type: 'button',
      action_id: `${RESOLVE_ACTION_ID}_link`,
      text: plain(words.resolve),
      style: 'danger',
      url: m.resolveUrl,
    });
  links.push(open);
  return links;
}
