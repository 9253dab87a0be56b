/**
 * The response room (DESIGN §6–7, issue 17): declaring an incident, its lifecycle beyond acknowledge and
 * resolve, key times and the 1-5-10 clock, roles and hand-over, the response group and check-in, notes and
 * status updates. Times are ISO 8601 instants in UTC; durations in milliseconds unless a name says minutes.
 */
import { z } from 'zod';
import { ComponentId, ComponentStatus, PublicIncidentState, RoomStatusPageView } from './status-page.ts';

/** The key-time codes (DESIGN §6), in their natural order. */
export const KEY_TIME_CODES = [
  'change_introduced_at',
  'impact_started_at',
  'detected_at',
  'acknowledged_at',
  'cause_located_at',
  'recovery_started_at',
  'mitigated_at',
  'root_cause_identified_at',
  'resolved_at',
  'closed_at',
] as const;
export const KeyTimeCode = z.enum(KEY_TIME_CODES);
export type KeyTimeCode = z.infer<typeof KeyTimeCode>;

/** Incident role ids, in the order the room shows them; their display names are configurable. */
export const ROLE_IDS = ['coordinator', 'responder', 'investigator', 'communicator'] as const;
export const ResponseRoleId = z.enum(ROLE_IDS);
export type ResponseRoleId = z.infer<typeof ResponseRoleId>;

/** Where a declared incident was reported from (DESIGN §5: people report faults too). */
export const ReportSource = z.enum(['customer', 'internal', 'public-opinion', 'monitoring']);
export type ReportSource = z.infer<typeof ReportSource>;

const text = (max: number) => z.string().trim().max(max);
const reason = z.string().trim().min(1, 'say why').max(1000);

/** `POST /api/v1/incidents`: a person declares (reports) an incident. */
export const DeclareIncidentInput = z.strictObject({
  title: text(200).min(1, 'a title is required'),
  service: z.string().min(1).max(200).nullable().optional().describe('a catalog service id; owns the incident'),
  sequence: z
    .string()
    .regex(/^[A-Z]$/, 'a sequence id such as P')
    .default('P'),
  level: z.number().int().min(1).max(9).nullable().optional().describe('the level in `sequence`; omit for a risk'),
  description: text(5000).default(''),
  source: ReportSource,
  reporter: text(200).optional().describe('who reported it (a customer, a colleague); default: the caller'),
  impactStartedAt: z.iso.datetime({ offset: true }).optional().describe('when the impact began, if known'),
});
export type DeclareIncidentInput = z.input<typeof DeclareIncidentInput>;

/** Cancel (a false alarm), reopen: who acts is the caller; why is required. */
export const LifecycleReasonInput = z.strictObject({ reason });
/** Close: until the postmortem gate exists, a waiver with a reason closes a resolved incident. */
export const CloseIncidentInput = z
  .strictObject({
    waiver: reason
      .optional()
      .describe('why the postmortem is waived; without it the postmortem checkpoints must pass (or none is needed)'),
  })
  .default({});

/** One key time as the room shows it. */
export const KeyTimeView = z.object({
  code: KeyTimeCode,
  label: z.string(),
  at: z.string().nullable(),
  /** `system` when set automatically, else the person who last set it. */
  setBy: z.string(),
  reason: z.string().nullable(),
  editing: z.enum(['free', 'lifecycle', 'anchor']),
});
export type KeyTimeView = z.infer<typeof KeyTimeView>;

/** `PATCH /api/v1/incidents/{id}/key-times`: set, move or clear key times, with a reason (audited). */
export const KeyTimesEditInput = z.strictObject({
  milestones: z
    .partialRecord(KeyTimeCode, z.iso.datetime({ offset: true }).nullable())
    .refine((m) => Object.keys(m).length > 0, { message: 'name at least one key time' }),
  reason,
});
export type KeyTimesEditInput = z.infer<typeof KeyTimesEditInput>;

export const ClockStageView = z.object({
  stage: z.enum(['detect', 'locate', 'recover']),
  state: z.enum(['met', 'breached', 'running', 'not-applicable']),
  reason: z.string().nullable(),
  targetMs: z.number().nullable(),
  dueAt: z.string().nullable(),
  elapsedMs: z.number().nullable(),
  endedAt: z.string().nullable(),
  endedBy: z.string().nullable(),
});
export const ClockView = z.object({
  at: z.string(),
  anchor: z.object({ milestone: z.string(), at: z.string(), fallback: z.boolean() }).nullable(),
  stages: z.array(ClockStageView),
});
export type ClockView = z.infer<typeof ClockView>;

export const RoleSlotView = z.object({
  role: ResponseRoleId,
  name: z.string(),
  duty: z.string(),
  required: z.boolean(),
  holder: z.string().nullable(),
  heldSince: z.string().nullable(),
  pending: z.object({ to: z.string(), by: z.string(), at: z.string() }).nullable(),
  /** When an empty required slot escalates. */
  fillBy: z.string().nullable(),
});
export const RoleTenureView = z.object({
  role: ResponseRoleId,
  holder: z.string(),
  assumedAt: z.string(),
  renouncedAt: z.string().nullable(),
  via: z.string(),
  by: z.string(),
});

/** `POST /api/v1/incidents/{id}/roles`: one action on a role slot. */
export const RoleActionInput = z.strictObject({
  action: z.enum(['claim', 'assign', 'request', 'confirm', 'decline', 'cancel', 'force', 'release']),
  role: ResponseRoleId,
  to: z.email().max(320).optional().describe('the person (email) for assign, request and force'),
  reason: text(1000).optional(),
});
export type RoleActionInput = z.infer<typeof RoleActionInput>;

export const GroupMemberView = z.object({
  person: z.string(),
  state: z.enum(['pending', 'joined', 'declined']),
  invitedVia: z.array(z.string()),
  pendingSince: z.string().nullable(),
  answeredAt: z.string().nullable(),
  note: z.string().nullable(),
});

/** `POST /api/v1/incidents/{id}/group/check-in`: the caller answers. */
export const CheckInInput = z.strictObject({
  state: z.enum(['joined', 'declined']),
  note: text(500).optional(),
});
/** `POST /api/v1/incidents/{id}/group/invite`: invite a person or every member of a team. */
export const InviteInput = z
  .strictObject({ person: z.email().max(320).optional(), team: z.string().min(1).max(200).optional() })
  .refine((v) => (v.person === undefined) !== (v.team === undefined), {
    message: 'name a person or a team',
    path: ['person'],
  });

/** Audiences of a status update. */
export const UpdateAudience = z.enum(['group', 'internal', 'public']);
/** Public state words of a status update (the status page's). */
export const UpdatePhase = PublicIncidentState;

/** `POST /api/v1/incidents/{id}/updates`: a structured status update. */
export const StatusUpdateInput = z.strictObject({
  phase: UpdatePhase,
  impact: text(2000).min(1, 'say what users see'),
  actions: text(2000).default(''),
  nextUpdateInMinutes: z.number().int().min(1).max(1440).optional(),
  audiences: z.array(UpdateAudience).min(1).default(['group', 'internal']),
  publicTitle: text(200)
    .min(1)
    .optional()
    .describe("the status page's title of the incident: required on its first public update, then renames it"),
  publicMessage: text(2000)
    .min(1)
    .optional()
    .describe('what the status page says; default `impact` (never `actions`, which stay internal)'),
  components: z
    .record(ComponentId, ComponentStatus)
    .optional()
    .describe('status page components and the status this update gives each; unnamed ones keep theirs'),
});
export type StatusUpdateInput = z.input<typeof StatusUpdateInput>;

export const StatusUpdateView = z.object({
  id: z.number().int(),
  at: z.string(),
  by: z.string(),
  phase: UpdatePhase,
  impact: z.string(),
  actions: z.string(),
  nextUpdateBy: z.string().nullable(),
  audiences: z.array(UpdateAudience),
});
export type StatusUpdateView = z.infer<typeof StatusUpdateView>;

/** `POST /api/v1/incidents/{id}/notes`: a timeline note, optionally tagged with a key time (which it sets). */
export const NoteInput = z.strictObject({
  text: text(5000).min(1, 'write the note'),
  keyTime: KeyTimeCode.optional(),
  at: z.iso.datetime({ offset: true }).optional().describe('when it happened; default now'),
});
/** `POST /api/v1/incidents/{id}/timeline/paste`: lines `"2026-12-01 18:01, who did what"`. */
export const TimelinePasteInput = z.strictObject({
  text: z.string().min(1, 'paste at least one line').max(100_000),
  timeZone: z.string().min(1).max(64).default('UTC'),
});

/** A DingTalk or WeCom group chat of the war room; `closedAt` once its last message was posted (close, cancel). */
const AppChatView = z.object({
  chatId: z.string(),
  name: z.string(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});

/**
 * The war room (issue 17 point 8): the conference-bridge link, the Slack channel and the group chats (Feishu,
 * DingTalk, WeCom), when the level has one.
 */
export const WarRoomView = z.object({
  bridgeUrl: z.string().nullable().describe('the conference-bridge link (response.warRoom.bridgeUrl filled in)'),
  slack: z
    .object({
      channelId: z.string(),
      name: z.string(),
      openedAt: z.string(),
      archivedAt: z.string().nullable(),
    })
    .nullable()
    .describe('the Slack channel once opened'),
  feishu: z
    .object({
      chatId: z.string(),
      name: z.string(),
      openedAt: z.string(),
      disbandedAt: z.string().nullable(),
    })
    .nullable()
    .describe('the Feishu/Lark group chat once created'),
  dingtalk: AppChatView.nullable().describe('the DingTalk group chat once created'),
  wecom: AppChatView.nullable().describe('the WeCom group chat once created'),
});
export type WarRoomView = z.infer<typeof WarRoomView>;

/** The room: everything the incident page shows beyond the incident itself. */
export const ResponseRoom = z.object({
  incidentId: z.number().int(),
  declaration: z
    .object({ source: ReportSource, reporter: z.string(), description: z.string(), declaredBy: z.string() })
    .nullable(),
  keyTimes: z.array(KeyTimeView),
  clock: ClockView,
  policy: z.object({
    responseGroup: z.boolean(),
    requiredRoles: z.array(ResponseRoleId),
    updateEveryMinutes: z.number().nullable(),
    warRoom: z.boolean(),
  }),
  roles: z.array(RoleSlotView),
  roleHistory: z.array(RoleTenureView),
  group: z.array(GroupMemberView),
  updates: z.array(StatusUpdateView),
  cadence: z.object({
    state: z.enum(['none', 'ended', 'on-time', 'overdue']),
    dueAt: z.string().nullable(),
    everyMs: z.number().nullable(),
  }),
  statusPage: RoomStatusPageView,
  warRoom: WarRoomView.nullable().describe('null when the level opens no war room'),
});
export type ResponseRoom = z.infer<typeof ResponseRoom>;
