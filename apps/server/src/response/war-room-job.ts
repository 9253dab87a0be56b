/**
 * The war room's job (issue 17 point 8): `response.war-room` makes the Slack calls outside any transaction of
 * the room, so a slow or failing Slack never blocks a verb or the watcher.
 *
 * - `open` (enqueued once by the watcher when the incident's level has `warRoom`): creates the channel
 *   (`name_taken` → the next suffixed name), records it, posts the incident card (once), and invites the
 *   response group;
 * - `post` (every status update): invites group members not yet invited, and posts the update;
 * - `invite` (queued by the watcher when people join the group after the chat opened): invites them;
 * - `archive` (close or cancel): archives the channel.
 *
 * The same four actions run for each configured group chat: Feishu/Lark (war-room-feishu.ts), DingTalk and
 * WeCom (war-room-appchat.ts); neither of the last two can disband a chat, so `archive` posts a last message.
 *
 * A Slack refusal is on the incident's timeline (`war_room`, with Slack's error code) and the job is done; a
 * transient failure (rate limit, Slack's own error, no answer) is retried a few times first.
 */
import { z } from 'zod';
import { enqueueJob, type JobOutcome } from '../engine/index.ts';
import type { Db } from '../db/index.ts';
import type { FaultlineConfig, Runtime } from '../kernel/index.ts';
import { addTimeline, formatLevels, incidentRow } from '../incident/index.ts';
import { replayGroup } from './group.ts';
import { appendEvent, emittedKeys, listUpdates, loadEvents, recordEmission } from './store.ts';
import {
  bridgeLink,
  feishuChatName,
  incidentCardText,
  plainText,
  replayAppChat,
  replayFeishuChat,
  replayWarRoom,
  slackChannelName,
  statusUpdateText,
  warRoomPeople,
} from './war-room.ts';
import { FeishuCallError, feishuApi, feishuText, feishuUsers } from './war-room-feishu.ts';
import { SlackCallError, createChannel, lookupUsers, slackApi, type SlackApi } from './war-room-slack.ts';
import {
  APP_CHAT_LABEL,
  AppChatCallError,
  addAppChatMembers,
  appChatApi,
  createAppChat,
  sendAppChatText,
  type AppChatApi,
  type AppChatCreds,
} from './war-room-appchat.ts';
import { chatHandles, checkInButtons } from '../notify/index.ts';

export const WarRoomPayload = z.object({
  incidentId: z.number().int().positive(),
  action: z.enum(['open', 'post', 'invite', 'archive']),
  /** Which chat: the Slack channel (default, also for jobs queued before the others existed) or a group chat. */
  chat: z.enum(['slack', 'feishu', 'dingtalk', 'wecom']).default('slack'),
  updateId: z.number().int().positive().optional(),
});
export type WarRoomPayload = z.infer<typeof WarRoomPayload>;

/** Attempts of a job whose Slack call failed transiently, before the failure goes on the timeline. */
const MAX_ATTEMPTS = 3;
const RETRY_MS = 60_000;

/**
 * Queues the archiving of incident `incidentId`'s Slack channel, in the caller's transaction (close, cancel);
 * nothing when Slack is not configured. The job archives only a channel that was opened.
 */
export async function archiveWarRoom(tx: Db, config: FaultlineConfig, incidentId: number, now: Date): Promise<void> {
  await queueWarRoom(tx, config, { incidentId, action: 'archive' }, now);
}

const CHATS = ['slack', 'feishu', 'dingtalk', 'wecom'] as const;

/** The war-room chats `config` sets up (Slack, Feishu, DingTalk, WeCom), in that order. */
export function warRoomChats(config: FaultlineConfig): Array<WarRoomPayload['chat']> {
  const w = config.response.warRoom;
  return CHATS.filter((c) => w[c] !== undefined);
}

/** Whether `config` sets up any war-room chat (a bridge link alone needs no job). */
export function hasWarRoomChat(config: FaultlineConfig): boolean {
  return warRoomChats(config).length > 0;
}

/** Queues `job` once per configured chat, in the caller's transaction. */
export async function queueWarRoom(
  tx: Db,
  config: FaultlineConfig,
  job: Omit<WarRoomPayload, 'chat'>,
  now: Date,
): Promise<void> {
  for (const chat of warRoomChats(config)) await enqueueJob(tx, 'response.war-room', { ...job, chat }, now, now);
}

/** Runs one war-room job (see the module comment). */
export async function runWarRoom(rt: Runtime, p: WarRoomPayload, attempts: number): Promise<JobOutcome> {
  const cfg = rt.config().config.response.warRoom;
  if (!cfg[p.chat]) return { kind: 'done' };
  try {
    if (p.chat === 'feishu') {
      await runFeishu(rt, p, cfg.feishu!);
      return { kind: 'done', incidentIds: [p.incidentId] };
    }
    if (p.chat === 'dingtalk' || p.chat === 'wecom') {
      const c = p.chat === 'dingtalk' ? cfg.dingtalk! : cfg.wecom!;
      const creds: AppChatCreds =
        p.chat === 'dingtalk'
          ? {
              vendor: 'dingtalk',
              apiBase: cfg.dingtalk!.apiBase,
              id: cfg.dingtalk!.appKey,
              secret: cfg.dingtalk!.appSecret,
            }
          : { vendor: 'wecom', apiBase: cfg.wecom!.apiBase, id: cfg.wecom!.corpId, secret: cfg.wecom!.corpSecret };
      await runAppChat(rt, p, appChatApi(rt.outbound.fetch, rt.clock, creds), c.owner);
      return { kind: 'done', incidentIds: [p.incidentId] };
    }
    const slack = slackApi(rt.outbound.fetch, cfg.slack!.apiBase, cfg.slack!.token);
    if (p.action === 'open') await open(rt, slack, p.incidentId, cfg.slack!.channelPrefix, cfg.bridgeUrl);
    else if (p.action === 'post') await post(rt, slack, p.incidentId, p.updateId);
    else if (p.action === 'invite') {
      const channel = replayWarRoom(await loadEvents(rt.db, p.incidentId, 'warroom'));
      if (channel && !channel.archivedAt) await inviteGroup(rt, slack, p.incidentId, channel.channelId);
    } else await archive(rt, slack, p.incidentId);
    return { kind: 'done', incidentIds: [p.incidentId] };
  } catch (e) {
    if (!(e instanceof SlackCallError)) throw e;
    const now = rt.clock.now();
    if (e.transient && attempts < MAX_ATTEMPTS)
      return { kind: 'retry', at: new Date(now.getTime() + RETRY_MS * attempts), error: e.message };
    await addTimeline(rt.db, {
      incidentId: p.incidentId,
      at: now,
      kind: 'war_room',
      actor: 'system',
      message: `war room: ${FAIL_LABEL[p.chat][p.action]} failed (${e.message})`,
      data: { action: p.action, chat: p.chat, failed: true, error: e.code },
    });
    rt.bus.publish({ type: 'incident.updated', incidentId: p.incidentId });
    return { kind: 'done', incidentIds: [p.incidentId] };
  }
}

const groupChatLabels = (vendor: string, end: string) => ({
  open: `creating the ${vendor} group chat`,
  post: `posting the status update to ${vendor}`,
  invite: `adding people to the ${vendor} group chat`,
  archive: `${end} the ${vendor} group chat`,
});

/** What failed, per chat and action, as the timeline says it. */
const FAIL_LABEL: Record<WarRoomPayload['chat'], Record<WarRoomPayload['action'], string>> = {
  slack: {
    open: 'opening the Slack channel',
    post: 'posting the status update to Slack',
    invite: 'inviting people to the Slack channel',
    archive: 'archiving the Slack channel',
  },
  feishu: groupChatLabels('Feishu', 'disbanding'),
  dingtalk: groupChatLabels('DingTalk', 'closing'),
  wecom: groupChatLabels('WeCom', 'closing'),
};

async function open(
  rt: Runtime,
  slack: SlackApi,
  incidentId: number,
  prefix: string,
  bridgeTemplate: string | undefined,
): Promise<void> {
  const db = rt.db;
  const row = await incidentRow({ tx: db }, incidentId);
  let channel = replayWarRoom(await loadEvents(db, incidentId, 'warroom'));
  if (!channel) {
    const made = await createChannel(slack, (attempt) => slackChannelName(prefix, incidentId, row.title, attempt));
    const at = rt.clock.now();
    await appendEvent(db, incidentId, 'warroom', { type: 'slack-opened', channelId: made.id, name: made.name, at });
    await addTimeline(db, {
      incidentId,
      at,
      kind: 'war_room',
      actor: 'system',
      message: `war room: Slack channel #${made.name} opened`,
      data: { action: 'open', channelId: made.id, name: made.name },
    });
    rt.bus.publish({ type: 'incident.updated', incidentId });
    channel = { channelId: made.id, name: made.name, openedAt: at, archivedAt: null };
  }
  if (!(await emittedKeys(db, incidentId)).has('war-room.card')) {
    const text = incidentCardText({
      id: incidentId,
      title: row.title,
      levels: row.risk ? '' : formatLevels(row.levels),
      service: row.service,
      status: row.status,
      url: `${rt.publicUrl.replace(/\/+$/, '')}/incidents/${incidentId}`,
      bridge: bridgeLink(bridgeTemplate, incidentId, channel.name),
    });
    // The card, and the response group's Check in / Decline buttons (slack-check-in.ts handles the clicks).
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text } }, checkInButtons(incidentId)];
    await slack.call('chat.postMessage', { channel: channel.channelId, text, blocks: JSON.stringify(blocks) });
    await recordEmission(db, incidentId, 'war-room.card', rt.clock.now());
  }
  await inviteGroup(rt, slack, incidentId, channel.channelId);
}

/**
 * Invites the response group's members (joined or pending) not invited before: each is looked up by email;
 * people Slack does not know are named on the timeline, once.
 */
async function inviteGroup(rt: Runtime, slack: SlackApi, incidentId: number, channelId: string): Promise<void> {
  const db = rt.db;
  const row = await incidentRow({ tx: db }, incidentId);
  const group = replayGroup(row.createdAt, await loadEvents(db, incidentId, 'group'));
  const done = await emittedKeys(db, incidentId);
  const wanted = warRoomPeople(group).filter((p) => !done.has(`war-room.invited:${p}`));
  if (wanted.length === 0) return;
  const { ids, unknown } = await lookupUsers(slack, wanted);
  if (ids.length) {
    try {
      await slack.call('conversations.invite', { channel: channelId, users: ids.join(',') });
    } catch (e) {
      // Everyone asked for is already in the channel: nothing to do.
      if (!(e instanceof SlackCallError && e.code === 'already_in_channel')) throw e;
    }
  }
  const at = rt.clock.now();
  for (const p of wanted) await recordEmission(db, incidentId, `war-room.invited:${p}`, at);
  if (unknown.length)
    await addTimeline(db, {
      incidentId,
      at,
      kind: 'war_room',
      actor: 'system',
      message: `war room: not invited to Slack (no Slack user with this email): ${unknown.join(', ')}`,
      data: { action: 'invite', unknown },
    });
}

async function post(rt: Runtime, slack: SlackApi, incidentId: number, updateId: number | undefined): Promise<void> {
  const channel = replayWarRoom(await loadEvents(rt.db, incidentId, 'warroom'));
  if (!channel || channel.archivedAt) return;
  const update = (await listUpdates(rt.db, incidentId)).find((u) => u.id === updateId);
  if (!update) return;
  await inviteGroup(rt, slack, incidentId, channel.channelId);
  await slack.call('chat.postMessage', { channel: channel.channelId, text: statusUpdateText(update) });
}

async function archive(rt: Runtime, slack: SlackApi, incidentId: number): Promise<void> {
  const channel = replayWarRoom(await loadEvents(rt.db, incidentId, 'warroom'));
  if (!channel || channel.archivedAt) return;
  try {
    await slack.call('conversations.archive', { channel: channel.channelId });
  } catch (e) {
    if (!(e instanceof SlackCallError && e.code === 'already_archived')) throw e;
  }
  const at = rt.clock.now();
  await appendEvent(rt.db, incidentId, 'warroom', { type: 'slack-archived', channelId: channel.channelId, at });
  await addTimeline(rt.db, {
    incidentId,
    at,
    kind: 'war_room',
    actor: 'system',
    message: `war room: Slack channel #${channel.name} archived`,
    data: { action: 'archive', channelId: channel.channelId },
  });
  rt.bus.publish({ type: 'incident.updated', incidentId });
}

/**
 * The Feishu/Lark group chat: `open` creates it with the response group's members (looked up by email) and posts
 * the incident card; `post` sends a status update; `archive` disbands it.
 */
async function runFeishu(
  rt: Runtime,
  p: WarRoomPayload,
  creds: { appId: string; appSecret: string; apiBase: string },
): Promise<void> {
  const db = rt.db;
  const { incidentId } = p;
  const chat = replayFeishuChat(await loadEvents(db, incidentId, 'warroom'));
  if (p.action !== 'open' && (!chat || chat.disbandedAt)) return;
  if (p.action === 'open' && chat) return;
  const row = await incidentRow({ tx: db }, incidentId);
  const group = replayGroup(row.createdAt, await loadEvents(db, incidentId, 'group'));
  const done = await emittedKeys(db, incidentId);
  const wanted = warRoomPeople(group).filter((m) => !done.has(`war-room.feishu.invited:${m}`));
  if (p.action === 'invite' && wanted.length === 0) return;
  const api = await feishuApi(rt.outbound.fetch, creds.apiBase, creds);
  const at = () => rt.clock.now();
  if (p.action === 'invite') {
    const { ids, unknown } = await feishuUsers(api, wanted);
    if (ids.length)
      await api.call(
        'POST',
        `/open-apis/im/v1/chats/${encodeURIComponent(chat!.chatId)}/members?member_id_type=open_id`,
        { id_list: ids },
      );
    await noteInvited(rt, incidentId, 'feishu', 'Feishu', wanted, unknown);
    return;
  }
  if (p.action === 'post') {
    const update = (await listUpdates(db, incidentId)).find((u) => u.id === p.updateId);
    if (update) await feishuText(api, chat!.chatId, plainText(statusUpdateText(update)));
    return;
  }
  if (p.action === 'archive') {
    await api.call('DELETE', `/open-apis/im/v1/chats/${encodeURIComponent(chat!.chatId)}`);
    await appendEvent(db, incidentId, 'warroom', { type: 'feishu-disbanded', chatId: chat!.chatId, at: at() });
    await addTimeline(db, {
      incidentId,
      at: at(),
      kind: 'war_room',
      actor: 'system',
      message: `war room: Feishu group chat "${chat!.name}" disbanded`,
      data: { action: 'archive', chat: 'feishu', chatId: chat!.chatId },
    });
    rt.bus.publish({ type: 'incident.updated', incidentId });
    return;
  }
  const emails = wanted;
  const { ids, unknown } = await feishuUsers(api, emails);
  const levels = row.risk ? '' : formatLevels(row.levels);
  const name = feishuChatName(incidentId, row.title, levels);
  const made = await api.call('POST', '/open-apis/im/v1/chats?user_id_type=open_id', {
    name,
    description: `Faultline war room of incident #${incidentId}`,
    user_id_list: ids,
  });
  const chatId = (made.data as { chat_id?: unknown } | undefined)?.chat_id;
  if (typeof chatId !== 'string') throw new FeishuCallError('Feishu /open-apis/im/v1/chats', 'not_feishu', true);
  await appendEvent(db, incidentId, 'warroom', { type: 'feishu-opened', chatId, name, at: at() });
  await addTimeline(db, {
    incidentId,
    at: at(),
    kind: 'war_room',
    actor: 'system',
    message: `war room: Feishu group chat "${name}" created${
      unknown.length ? `; not in Feishu (no user with this email): ${unknown.join(', ')}` : ''
    }`,
    data: { action: 'open', chat: 'feishu', chatId, members: ids.length, unknown },
  });
  for (const m of emails) await recordEmission(db, incidentId, `war-room.feishu.invited:${m}`, at());
  rt.bus.publish({ type: 'incident.updated', incidentId });
  const slackChannel = replayWarRoom(await loadEvents(db, incidentId, 'warroom'));
  await feishuText(
    api,
    chatId,
    plainText(
      incidentCardText({
        id: incidentId,
        title: row.title,
        levels,
        service: row.service,
        status: row.status,
        url: `${rt.publicUrl.replace(/\/+$/, '')}/incidents/${incidentId}`,
        bridge: bridgeLink(rt.config().config.response.warRoom.bridgeUrl, incidentId, slackChannel?.name ?? null),
      }),
    ),
  );
}

/**
 * Records `people` as invited to chat `chat` (so no later job invites them again) and names on the timeline,
 * once, those the vendor does not know.
 */
async function noteInvited(
  rt: Runtime,
  incidentId: number,
  chat: WarRoomPayload['chat'],
  vendor: string,
  people: readonly string[],
  unknown: readonly string[],
): Promise<void> {
  const at = rt.clock.now();
  for (const m of people) await recordEmission(rt.db, incidentId, `war-room.${chat}.invited:${m}`, at);
  if (unknown.length)
    await addTimeline(rt.db, {
      incidentId,
      at,
      kind: 'war_room',
      actor: 'system',
      message: `war room: not added to the ${vendor} group chat (no ${vendor} user id known): ${unknown.join(', ')}`,
      data: { action: 'invite', chat, unknown: [...unknown] },
    });
}

/** The incident card as plain text (Feishu, DingTalk and WeCom text messages). */
async function plainCard(rt: Runtime, incidentId: number): Promise<string> {
  const row = await incidentRow({ tx: rt.db }, incidentId);
  const slackChannel = replayWarRoom(await loadEvents(rt.db, incidentId, 'warroom'));
  return plainText(
    incidentCardText({
      id: incidentId,
      title: row.title,
      levels: row.risk ? '' : formatLevels(row.levels),
      service: row.service,
      status: row.status,
      url: `${rt.publicUrl.replace(/\/+$/, '')}/incidents/${incidentId}`,
      bridge: bridgeLink(rt.config().config.response.warRoom.bridgeUrl, incidentId, slackChannel?.name ?? null),
    }),
  );
}

/**
 * The DingTalk or WeCom group chat. Members are the group's people with a verified chat contact method on a
 * configured channel of the vendor's type (its address is their userid there).
 * - `open`: creates the chat (owner: `owner`, else the first member with a userid) and posts the card;
 * - `invite`: adds people who joined the group since;
 * - `post`: sends a status update;
 * - `archive`: sends a last message (neither vendor lets an app disband its chat) and marks the chat closed.
 */
async function runAppChat(rt: Runtime, p: WarRoomPayload, api: AppChatApi, owner: string | undefined): Promise<void> {
  const db = rt.db;
  const { incidentId } = p;
  const vendor = api.vendor;
  const label = APP_CHAT_LABEL[vendor];
  const chat = replayAppChat(await loadEvents(db, incidentId, 'warroom'), vendor);
  if (p.action === 'open' ? chat !== null : !chat || chat.closedAt) return;
  const at = () => rt.clock.now();
  if (p.action === 'post') {
    const update = (await listUpdates(db, incidentId)).find((u) => u.id === p.updateId);
    if (update) await sendAppChatText(api, chat!.chatId, plainText(statusUpdateText(update)));
    return;
  }
  const row = await incidentRow({ tx: db }, incidentId);
  if (p.action === 'archive') {
    await sendAppChatText(
      api,
      chat!.chatId,
      `#${incidentId} ${row.title} is ${row.status}; this war room is closed. The record stays in Faultline.`,
    );
    await appendEvent(db, incidentId, 'warroom', {
      type: 'appchat-closed',
      chat: vendor,
      chatId: chat!.chatId,
      at: at(),
    });
    await addTimeline(db, {
      incidentId,
      at: at(),
      kind: 'war_room',
      actor: 'system',
      message: `war room: ${label} group chat "${chat!.name}" closed`,
      data: { action: 'archive', chat: vendor, chatId: chat!.chatId },
    });
    rt.bus.publish({ type: 'incident.updated', incidentId });
    return;
  }
  const group = replayGroup(row.createdAt, await loadEvents(db, incidentId, 'group'));
  const done = await emittedKeys(db, incidentId);
  const wanted = warRoomPeople(group).filter((m) => !done.has(`war-room.${vendor}.invited:${m}`));
  const channelIds = rt
    .config()
    .config.channels.filter((c) => c.type === vendor)
    .map((c) => c.id);
  const handles = await chatHandles(db, channelIds, wanted);
  const ids = [...new Set(wanted.flatMap((m) => handles.get(m.toLowerCase()) ?? []))];
  const unknown = wanted.filter((m) => !handles.has(m.toLowerCase()));
  if (p.action === 'invite') {
    if (wanted.length === 0) return;
    await addAppChatMembers(api, chat!.chatId, ids);
    await noteInvited(rt, incidentId, vendor, label, wanted, unknown);
    return;
  }
  const chief = owner ?? ids[0];
  if (!chief) throw new AppChatCallError(`${label} group chat`, `no group member has a ${label} user id`, false);
  const name = feishuChatName(incidentId, row.title, row.risk ? '' : formatLevels(row.levels));
  const chatId = await createAppChat(api, name, chief, [...new Set([chief, ...ids])]);
  await appendEvent(db, incidentId, 'warroom', { type: 'appchat-opened', chat: vendor, chatId, name, at: at() });
  await addTimeline(db, {
    incidentId,
    at: at(),
    kind: 'war_room',
    actor: 'system',
    message: `war room: ${label} group chat "${name}" created`,
    data: { action: 'open', chat: vendor, chatId, members: ids.length },
  });
  await noteInvited(rt, incidentId, vendor, label, wanted, unknown);
  rt.bus.publish({ type: 'incident.updated', incidentId });
  await sendAppChatText(api, chatId, await plainCard(rt, incidentId));
}
