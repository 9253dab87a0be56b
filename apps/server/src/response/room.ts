/**
 * The room of one incident as the verbs, the watcher job and the API see it: the incident row, its key
 * times, the policy of its levels, the replayed roles and group, its status updates, and the 1-5-10 clock
 * and update cadence read at `now`. `roomView` turns it into the API's `ResponseRoom`.
 *
 * These are the queries other domains (postmortem, recovery, analytics) read key times and roles through:
 * `incidentKeyTimes` and `incidentRoles` (exported from response/index.ts).
 */
import type { ResponseRoom, RoomStatusPageView } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { incidentRow, type IncidentRow } from '../incident/index.ts';
import { roomStatusPage } from '../statuspage/index.ts';
import { readCadence, type CadenceReading } from './cadence.ts';
import { clockTargets, readClock, type ClockReading } from './clock.ts';
import { replayGroup, type GroupState } from './group.ts';
import { responsePolicy, type ResponsePolicy } from './level-policy.ts';
import { MILESTONES, type Milestones } from './milestones.ts';
import { replayRoles, type RolesState } from './role-handover.ts';
import { roleGaps } from './role-gaps.ts';
import { ROLE_DUTIES, ROLE_IDS, roleName } from './roles.ts';
import {
  bridgeLink,
  replayAppChat,
  replayFeishuChat,
  replayWarRoom,
  type WarRoomAppChat,
  type WarRoomFeishu,
  type WarRoomSlack,
} from './war-room.ts';

import {
  declarationOf,
  effectiveMilestones,
  keyTimeRows,
  listUpdates,
  loadEvents,
  type DeclarationRow,
  type KeyTimeRow,
  type StatusUpdateRow,
} from './store.ts';

/** Statuses after which the room is over: no clock breach, no role gap, no cadence. */
export const ENDED_STATUSES = new Set(['resolved', 'closed', 'cancelled']);

export interface Room {
  row: IncidentRow;
  keyTimeRows: KeyTimeRow[];
  milestones: Milestones;
  policy: ResponsePolicy;
  roles: RolesState;
  group: GroupState;
  updates: StatusUpdateRow[];
  declaration: DeclarationRow | undefined;
  clock: ClockReading;
  cadence: CadenceReading;
  /** The public status page's components and this incident's public incident. */
  statusPage: RoomStatusPageView;
  /** The war room's Slack channel, once opened. */
  slack: WarRoomSlack | null;
  /** The war room's Feishu/Lark group chat, once created. */
  feishu: WarRoomFeishu | null;
  /** The war room's DingTalk and WeCom group chats, once created. */
  dingtalk: WarRoomAppChat | null;
  wecom: WarRoomAppChat | null;
  now: Date;
}

/** When the room's story ended (resolved, closed or cancelled), or null while it runs. */
export function endedAt(row: IncidentRow): Date | null {
  if (!ENDED_STATUSES.has(row.status)) return null;
  return row.resolvedAt ?? row.closedAt ?? row.updatedAt;
}

/** Loads the room of incident `id` at `now` (no lock; inside a verb's transaction, after its lock). */
export async function loadRoom(db: Db, config: LoadedConfig, id: number, now: Date): Promise<Room> {
  const row = await incidentRow({ tx: db }, id);
  const [kt, roleEvents, groupEvents, updates, declaration, statusPage, warEvents] = await Promise.all([
    keyTimeRows(db, id),
    loadEvents(db, id, 'roles'),
    loadEvents(db, id, 'group'),
    listUpdates(db, id),
    declarationOf(db, id),
    roomStatusPage(db, config.config, id, row.service),
    loadEvents(db, id, 'warroom'),
  ]);
  const milestones = effectiveMilestones(row, kt);
  const policy = responsePolicy(config.config.response, row.risk ? {} : row.levels);
  const roles = replayRoles(row.createdAt, roleEvents);
  const group = replayGroup(row.createdAt, groupEvents);
  const clock = readClock(
    {
      milestones,
      targets: clockTargets(policy),
      cancelledAt: row.status === 'cancelled' ? (row.closedAt ?? row.updatedAt) : null,
    },
    now,
  );
  const last = updates.at(-1);
  const cadence = readCadence(
    {
      everyMs: policy.updateEveryMs,
      since: row.createdAt,
      lastUpdate: last ? { at: last.at, nextUpdateBy: last.nextUpdateBy } : null,
      endedAt: endedAt(row),
    },
    now,
  );
  return {
    row,
    keyTimeRows: kt,
    milestones,
    policy,
    roles,
    group,
    updates,
    declaration,
    clock,
    cadence,
    statusPage,
    slack: replayWarRoom(warEvents),
    feishu: replayFeishuChat(warEvents),
    dingtalk: replayAppChat(warEvents, 'dingtalk'),
    wecom: replayAppChat(warEvents, 'wecom'),
    now,
  };
}

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The API's view of a room. */
export function roomView(room: Room, config: LoadedConfig): ResponseRoom {
  const names = config.config.response.roleNames;
  const byCode = new Map(room.keyTimeRows.map((r) => [r.code, r]));
  const gaps = new Map(roleGaps(room.roles, room.policy.roleFillMs, room.now).map((g) => [g.role, g]));
  return {
    incidentId: room.row.id,
    declaration: room.declaration
      ? {
          source: room.declaration.source as 'customer',
          reporter: room.declaration.reporter,
          description: room.declaration.description,
          declaredBy: room.declaration.declaredBy,
        }
      : null,
    keyTimes: MILESTONES.map((m) => {
      const r = byCode.get(m.code);
      return {
        code: m.code,
        label: m.label,
        at: iso(room.milestones[m.code]),
        setBy: r?.setBy ?? 'system',
        reason: r?.reason ?? null,
        editing: m.editing,
      };
    }),
    clock: {
      at: room.clock.at.toISOString(),
      anchor: room.clock.anchor ? { ...room.clock.anchor, at: room.clock.anchor.at.toISOString() } : null,
      stages: room.clock.stages.map((s) => ({
        ...s,
        dueAt: iso(s.dueAt),
        endedAt: iso(s.endedAt),
      })),
    },
    policy: {
      responseGroup: room.policy.responseGroup,
      requiredRoles: room.policy.requiredRoles,
      updateEveryMinutes: room.policy.updateEveryMs === null ? null : room.policy.updateEveryMs / 60_000,
      warRoom: room.policy.warRoom,
    },
    roles: ROLE_IDS.map((role) => {
      const slot = room.roles.slots[role];
      return {
        role,
        name: roleName(role, names),
        duty: ROLE_DUTIES[role],
        required: room.policy.requiredRoles.includes(role),
        holder: slot.holder,
        heldSince: iso(slot.heldSince),
        pending: slot.pending ? { ...slot.pending, at: slot.pending.at.toISOString() } : null,
        fillBy: iso(gaps.get(role)?.deadline),
      };
    }),
    roleHistory: room.roles.tenures.map((t) => ({
      ...t,
      assumedAt: t.assumedAt.toISOString(),
      renouncedAt: iso(t.renouncedAt),
    })),
    group: room.group.members.map((m) => ({
      person: m.person,
      state: m.state,
      invitedVia: m.invitations.map((i) => i.kind),
      pendingSince: iso(m.pendingSince),
      answeredAt: iso(m.answeredAt),
      note: m.note,
    })),
    updates: room.updates.map((u) => ({
      id: u.id,
      at: u.at.toISOString(),
      by: u.by,
      phase: u.phase as 'investigating',
      impact: u.impact,
      actions: u.actions,
      nextUpdateBy: iso(u.nextUpdateBy),
      audiences: u.audiences as Array<'group'>,
    })),
    cadence: {
      state: room.cadence.state,
      dueAt: iso(room.cadence.dueAt),
      everyMs: room.cadence.everyMs,
    },
    statusPage: room.statusPage,
    warRoom:
      room.policy.warRoom || room.slack || room.feishu || room.dingtalk || room.wecom
        ? {
            bridgeUrl: bridgeLink(config.config.response.warRoom.bridgeUrl, room.row.id, room.slack?.name ?? null),
            slack: room.slack
              ? {
                  channelId: room.slack.channelId,
                  name: room.slack.name,
                  openedAt: room.slack.openedAt.toISOString(),
                  archivedAt: iso(room.slack.archivedAt),
                }
              : null,
            feishu: room.feishu
              ? {
                  chatId: room.feishu.chatId,
                  name: room.feishu.name,
                  openedAt: room.feishu.openedAt.toISOString(),
                  disbandedAt: iso(room.feishu.disbandedAt),
                }
              : null,
            dingtalk: appChatView(room.dingtalk),
            wecom: appChatView(room.wecom),
          }
        : null,
  };
}

/**
 * Incident `id`'s key times (code → instant, UTC) as the room holds them: the lifecycle columns overlaid by
 * recorded and edited key times. For the postmortem and analytics.
 * @throws AppError NOT_FOUND
 */
export async function incidentKeyTimes(db: Db, id: number): Promise<Milestones> {
  const row = await incidentRow({ tx: db }, id);
  return effectiveMilestones(row, await keyTimeRows(db, id));
}

/**
 * Incident `id`'s roles: current holders and the whole history (tenures, hand-overs). For the postmortem
 * ("who was the coordinator") and analytics.
 * @throws AppError NOT_FOUND
 */
export async function incidentRoles(db: Db, id: number): Promise<RolesState> {
  const row = await incidentRow({ tx: db }, id);
  return replayRoles(row.createdAt, await loadEvents(db, id, 'roles'));
}

/** A DingTalk or WeCom chat as the room API shows it. */
function appChatView(c: WarRoomAppChat | null) {
  return c
    ? {
        chatId: c.chatId,
        name: c.name,
        openedAt: c.openedAt.toISOString(),
        closedAt: c.closedAt?.toISOString() ?? null,
      }
    : null;
}
