/**
 * The war room's pure core (issue 17 point 8): the Slack channel's name, the bridge link, the incident card
 * and status-update text posted to the channel, and the channel's state replayed from the room's `warroom`
 * event stream. The Slack calls are `war-room-slack.ts`; the job that makes them is `war-room-job.ts`.
 */

/** What the war room recorded, in order: the channel opened, and archived on close. Instants are UTC. */
export type WarRoomEvent =
  | { type: 'slack-opened'; channelId: string; name: string; at: Date }
  | { type: 'slack-archived'; channelId: string; at: Date }
  | { type: 'feishu-opened'; chatId: string; name: string; at: Date }
  | { type: 'feishu-disbanded'; chatId: string; at: Date }
  | { type: 'appchat-opened'; chat: 'dingtalk' | 'wecom'; chatId: string; name: string; at: Date }
  | { type: 'appchat-closed'; chat: 'dingtalk' | 'wecom'; chatId: string; at: Date };

/** A DingTalk or WeCom group chat of an incident's war room; `closedAt` when its last message was posted. */
export interface WarRoomAppChat {
  chatId: string;
  name: string;
  openedAt: Date;
  closedAt: Date | null;
}

/** Replays the `warroom` stream for the DingTalk (or WeCom) chat. */
export function replayAppChat(events: readonly WarRoomEvent[], chat: 'dingtalk' | 'wecom'): WarRoomAppChat | null {
  return events.reduce<WarRoomAppChat | null>((c, e) => {
    if (e.type === 'appchat-opened' && e.chat === chat)
      return { chatId: e.chatId, name: e.name, openedAt: e.at, closedAt: null };
    if (e.type !== 'appchat-closed' || e.chat !== chat) return c;
    return c && c.chatId === e.chatId ? { ...c, closedAt: e.at } : c;
  }, null);
}

/**
 * The people a war-room chat invites: the response group's members who have not declined, by email (members
 * named otherwise, e.g. a policy, are not people a chat can invite).
 */
export function warRoomPeople(group: { members: ReadonlyArray<{ person: string; state: string }> }): string[] {
  return group.members.filter((m) => m.state !== 'declined' && m.person.includes('@')).map((m) => m.person);
}

/** The Slack channel of an incident's war room, or null when none was opened. */
export interface WarRoomSlack {
  channelId: string;
  name: string;
  openedAt: Date;
  archivedAt: Date | null;
}

/** Replays the `warroom` stream: the last channel opened, and whether it was archived. */
export function replayWarRoom(events: readonly WarRoomEvent[]): WarRoomSlack | null {
  return events.reduce<WarRoomSlack | null>((slack, e) => {
    if (e.type === 'slack-opened') return { channelId: e.channelId, name: e.name, openedAt: e.at, archivedAt: null };
    if (e.type !== 'slack-archived') return slack;
    return slack && slack.channelId === e.channelId ? { ...slack, archivedAt: e.at } : slack;
  }, null);
}

/** The Feishu/Lark group chat of an incident's war room, or null when none was created. */
export interface WarRoomFeishu {
  chatId: string;
  name: string;
  openedAt: Date;
  disbandedAt: Date | null;
}

/** Replays the `warroom` stream for the Feishu chat. */
export function replayFeishuChat(events: readonly WarRoomEvent[]): WarRoomFeishu | null {
  return events.reduce<WarRoomFeishu | null>((chat, e) => {
    if (e.type === 'feishu-opened') return { chatId: e.chatId, name: e.name, openedAt: e.at, disbandedAt: null };
    if (e.type !== 'feishu-disbanded') return chat;
    return chat && chat.chatId === e.chatId ? { ...chat, disbandedAt: e.at } : chat;
  }, null);
}

/** Slack's limit on a channel name (characters; https://docs.slack.dev/reference/methods/conversations.create). */
export const SLACK_CHANNEL_NAME_MAX = 80;

/**
 * The channel name for incident `id` titled `title`: `<prefix>-<id>-<title words>`, and `-<attempt>` from the
 * second attempt on (after Slack answered `name_taken`). Slack's rule: lower-case letters, digits, hyphens and
 * underscores, at most 80 characters; other characters become hyphens (accents are dropped first), runs of
 * hyphens collapse, and the title part is cut to fit.
 * @param attempt 1 for the first try, 2… after `name_taken`
 */
export function slackChannelName(prefix: string, id: number, title: string, attempt = 1): string {
  const head = `${prefix}-${id}`;
  const tail = attempt > 1 ? `-${attempt}` : '';
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const room = SLACK_CHANNEL_NAME_MAX - head.length - tail.length - 1;
  const cut = words.slice(0, Math.max(0, room)).replace(/-+$/, '');
  return `${head}${cut ? `-${cut}` : ''}${tail}`;
}

/**
 * The conference-bridge link from `template`: `{incident}` becomes the incident number and `{channel}` the Slack
 * channel name (URL-encoded; empty when no channel is open). Null when no template is configured.
 */
export function bridgeLink(template: string | undefined, id: number, channel: string | null): string | null {
  if (!template) return null;
  return template.replaceAll('{incident}', String(id)).replaceAll('{channel}', encodeURIComponent(channel ?? ''));
}

/** The Feishu group chat's name: `[P1] #42 title`, cut to 60 characters. */
export function feishuChatName(id: number, title: string, levels: string): string {
  const name = `${levels ? `[${levels}] ` : ''}#${id} ${title}`;
  return [...name].length > 60 ? `${[...name].slice(0, 59).join('')}…` : name;
}

/** The incident card posted when the channel opens (Slack `mrkdwn` text; `<url|label>` is Slack's link). */
export function incidentCardText(v: {
  id: number;
  title: string;
  levels: string;
  service: string | null;
  status: string;
  url: string;
  bridge: string | null;
}): string {
  const lines = [
    `*${v.levels ? `[${v.levels}] ` : ''}#${v.id} ${v.title}*`,
    `Service: ${v.service ?? '—'} · Status: ${v.status}`,
    `Room: <${v.url}|open the incident in Faultline>`,
  ];
  if (v.bridge) lines.push(`Bridge: <${v.bridge}|join the call>`);
  return lines.join('\n');
}

/** A status update as posted to the channel. */
export function statusUpdateText(u: {
  phase: string;
  impact: string;
  actions: string;
  by: string;
  nextUpdateBy: Date | null;
}): string {
  const lines = [`*Status update (${u.phase})* by ${u.by}`, `Impact: ${u.impact}`];
  if (u.actions) lines.push(`Actions: ${u.actions}`);
  if (u.nextUpdateBy) lines.push(`Next update by ${u.nextUpdateBy.toISOString().slice(0, 16).replace('T', ' ')} UTC`);
  return lines.join('\n');
}

/** Slack `mrkdwn` as plain text (Feishu `text` messages): `<url|label>` → `label: url`, `*bold*` → `bold`. */
export function plainText(mrkdwn: string): string {
  return mrkdwn.replace(/<([^|>]+)\|([^>]+)>/g, '$2: $1').replace(/\*([^*\n]+)\*/g, '$1');
}
