/**
 * The `response` section of the config (config as code, CONVENTIONS §4): how the room behaves per level.
 *
 * ```yaml
 * response:
 *   roleNames: { coordinator: Incident commander }
 *   defaults: { recoverMinutes: 15 }          # every level, unless a level says otherwise
 *   levels:
 *     P1: { updateEveryMinutes: 20, roleFillMinutes: 3 }
 *     "4": { detectMinutes: null, locateMinutes: null, recoverMinutes: null }   # no 1-5-10 clock at level 4
 * ```
 *
 * A level key is a sequence and a level (`P1`: level 1 of sequence P) or a level alone (`1`: level 1 of
 * every sequence). Each setting is looked up on its own, first found wins (`level-policy.ts`):
 * `levels.P1` → `levels.1` → `defaults` → the built-in table `BUILTIN_LEVELS` → `BUILTIN_DEFAULTS`.
 * `null` switches a target off at that level. Durations are in minutes here and in milliseconds once
 * resolved. Strict objects: an unknown key is an error.
 */
import { z } from 'zod';
import { RoleId } from './roles.ts';
import { StakeholdersConfig } from './stakeholders.ts';
import { DrillScenario } from '@faultline/contracts';
import { IANAZone } from 'luxon';

/** A scheduled fault drill (issue 17 point 10): its scenario and when it runs (`drill-schedule.ts`). */
export const DrillConfig = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, e.g. checkout-p1')
    .describe('stable id: a due drill is declared once per id and instant'),
  scenario: DrillScenario,
  schedule: z
    .strictObject({
      start: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'local date and time without offset, e.g. 2026-12-08T10:00')
        .describe('the first drill, wall-clock time in `zone`'),
      zone: z
        .string()
        .refine((zone) => IANAZone.isValidZone(zone), { message: 'unknown IANA time zone' })
        .describe('IANA zone of start and of every later drill, e.g. Europe/Berlin'),
      everyDays: z.number().int().min(1).max(366).describe('days between drills (7: weekly)'),
    })
    .describe('first drill, then every everyDays days at the same wall-clock time'),
  enabled: z.boolean().default(true).describe('false: kept in the config, not run'),
});
export type DrillConfig = z.infer<typeof DrillConfig>;

/** A level key: `P1` (sequence P, level 1) or `1` (level 1 of every sequence). */
export const LEVEL_KEY = /^([A-Z])?([1-9])$/;

const minutes = z
  .number()
  .positive()
  .max(7 * 24 * 60, 'at most a week (10080 minutes)');

/** The settings of one level; each is optional and falls back as described above. */
export const LevelResponsePolicy = z.strictObject({
  detectMinutes: minutes
    .nullable()
    .optional()
    .describe('1-5-10 clock: detect within this many minutes of impact start (default 1); null: no target'),
  locateMinutes: minutes
    .nullable()
    .optional()
    .describe('1-5-10 clock: cause located within this many minutes of impact start (default 5); null: no target'),
  recoverMinutes: minutes
    .nullable()
    .optional()
    .describe('1-5-10 clock: service restored within this many minutes of impact start (default 10); null: no target'),
  responseGroup: z
    .boolean()
    .optional()
    .describe('form a response group with check-in at this level (default: levels 1 and 2)'),
  checkInMinutes: minutes.optional().describe('a pending member is escalated after this many minutes (default 5)'),
  requiredRoles: z
    .array(RoleId)
    .refine((roles) => new Set(roles).size === roles.length, { message: 'a role is listed twice' })
    .optional()
    .describe('roles that must be held (default: all four at level 1; coordinator, responder, communicator at 2)'),
  roleFillMinutes: minutes
    .optional()
    .describe('an empty required role is escalated after this many minutes (default 5)'),
  updateEveryMinutes: minutes
    .nullable()
    .optional()
    .describe('status updates are due this often (default: 30 at level 1, 60 at level 2, none below); null: none'),
  warRoom: z
    .boolean()
    .optional()
    .describe(
      'open a war room at this level: a Slack channel and a bridge link, as `response.warRoom` configures (default false)',
    ),
});
export type LevelResponsePolicy = z.infer<typeof LevelResponsePolicy>;

/**
 * Where the war room (issue 17 point 8) is held: a Slack channel opened through the Web API with the app's bot
 * token (scopes `channels:manage`, `chat:write`, `users:read.email`), and a conference bridge whose link is
 * built from `bridgeUrl` (`{incident}` is replaced by the incident number, `{channel}` by the Slack channel
 * name), and a Feishu/Lark group chat through the app API. Which levels get one is `warRoom` per level.
 */
export const WarRoomConfig = z.strictObject({
  bridgeUrl: z
    .string()
    .trim()
    .regex(/^https:\/\/[^\s]+$/, 'an https:// URL template, e.g. https://meet.example.com/faultline-{incident}')
    .optional()
    .describe('conference-bridge link template; {incident} → incident number, {channel} → Slack channel name'),
  slack: z
    .strictObject({
      token: z
        .string()
        .trim()
        .regex(/^xox[bp]-[A-Za-z0-9-]+$/, 'must be a Slack bot token (xoxb-…)')
        .describe('Bot User OAuth Token (xoxb-…) with channels:manage, chat:write and users:read.email'),
      channelPrefix: z
        .string()
        .regex(/^[a-z0-9_-]{1,20}$/, 'lower-case letters, digits, - and _, at most 20')
        .default('inc')
        .describe('channel names are <prefix>-<incident number>-<title words>'),
      apiBase: z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s]+[^/\s]$/, 'an http(s) URL without a trailing slash')
        .default('https://slack.com/api')
        .describe('Slack Web API base URL (tests point it at a local server)'),
    })
    .optional(),
  feishu: z
    .strictObject({
      appId: z.string().trim().min(1).describe('App ID of a Feishu/Lark custom app (cli_…)'),
      appSecret: z.string().trim().min(1).describe('App Secret of that app'),
      apiBase: z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s]+[^/\s]$/, 'an http(s) URL without a trailing slash')
        .default('https://open.feishu.cn')
        .describe('https://open.feishu.cn (Feishu) or https://open.larksuite.com (Lark)'),
    })
    .optional()
    .describe('a Feishu/Lark group chat through the app API (scopes im:chat, im:message, contact:user.id:readonly)'),
  dingtalk: z
    .strictObject({
      appKey: z.string().trim().min(1).describe('AppKey of a DingTalk internal app (with the chat management scope)'),
      appSecret: z.string().trim().min(1).describe('AppSecret of that app'),
      owner: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('DingTalk userid that owns every war-room chat (default: the first group member DingTalk knows)'),
      apiBase: z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s]+[^/\s]$/, 'an http(s) URL without a trailing slash')
        .default('https://oapi.dingtalk.com')
        .describe('DingTalk server API base URL (tests point it at a local server)'),
    })
    .optional()
    .describe(
      "a DingTalk group chat through the app API; members are found by their verified chat contact method on a channel of type dingtalk (its address is the person's DingTalk userid)",
    ),
  wecom: z
    .strictObject({
      corpId: z.string().trim().min(1).describe('the WeCom corpid'),
      corpSecret: z.string().trim().min(1).describe('the Secret of a self-built app whose visible range is the root'),
      owner: z
        .string()
        .trim()
        .min(1)
        .optional()
        .describe('WeCom userid that owns every war-room chat (default: the first group member WeCom knows)'),
      apiBase: z
        .string()
        .trim()
        .regex(/^https?:\/\/[^\s]+[^/\s]$/, 'an http(s) URL without a trailing slash')
        .default('https://qyapi.weixin.qq.com')
        .describe('WeCom server API base URL (tests point it at a local server)'),
    })
    .optional()
    .describe(
      "a WeCom group chat through the app API (appchat); members are found by their verified chat contact method on a channel of type wecom (its address is the person's WeCom userid)",
    ),
});
export type WarRoomConfig = z.infer<typeof WarRoomConfig>;

export const ResponseConfig = z.strictObject({
  roleNames: z
    .strictObject({
      coordinator: z.string().min(1).optional(),
      responder: z.string().min(1).optional(),
      investigator: z.string().min(1).optional(),
      communicator: z.string().min(1).optional(),
    })
    .default({})
    .describe('display names of the roles, e.g. coordinator: Incident commander'),
  defaults: LevelResponsePolicy.default({}).describe('settings for every level unless the level sets its own'),
  levels: z
    .record(
      z.string().regex(LEVEL_KEY, 'a level key such as P1, or 1 for level 1 of every sequence'),
      LevelResponsePolicy,
    )
    .default({}),
  stakeholders: StakeholdersConfig.describe(
    'business line id (or * for every line) → lists of people (emailed) and chat channels (posted) told every update to the internal audience',
  ),
  warRoom: WarRoomConfig.default({}).describe(
    'the war room of levels with warRoom: true (bridge link, Slack channel, Feishu/DingTalk/WeCom group chats)',
  ),
  drills: z
    .array(DrillConfig)
    .refine((d) => new Set(d.map((x) => x.id)).size === d.length, { message: 'a drill id is listed twice' })
    .default([])
    .describe('fault drills run on a schedule (docs/response.md#fault-drills)'),
});
export type ResponseConfig = z.infer<typeof ResponseConfig>;

/**
 * Built-in settings for every level: the 1-5-10 rule (seed 000, Alibaba: detect in 1 minute, locate in 5,
 * recover in 10, all measured from impact start), check-in and role-fill deadlines of 5 minutes (as long as
 * the locate target: a role filled later cannot help meet it), no response group, no required role and no
 * status-update cadence.
 */
export const BUILTIN_DEFAULTS: Readonly<Required<LevelResponsePolicy>> = {
  detectMinutes: 1,
  locateMinutes: 5,
  recoverMinutes: 10,
  responseGroup: false,
  checkInMinutes: 5,
  requiredRoles: [],
  roleFillMinutes: 5,
  updateEveryMinutes: null,
  warRoom: false,
};

/**
 * Built-in settings of levels 1 and 2 of every sequence. Level 1 requires all four roles (issue 17, from the
 * research note: "P1 needs responder, investigator and communicator", plus the coordinator who owns every
 * incident); level 2 drops the investigator. Status updates every 30 minutes at level 1 (seed 003, Youzan:
 * "progress updates to business stakeholders every half hour") and 60 at level 2. P1/P2 are the levels
 * whose leadership is told at once (DESIGN §7), so the room forms for them.
 */
export const BUILTIN_LEVELS: Readonly<Record<string, LevelResponsePolicy>> = {
  '1': {
    responseGroup: true,
    requiredRoles: ['coordinator', 'responder', 'investigator', 'communicator'],
    updateEveryMinutes: 30,
  },
  '2': {
    responseGroup: true,
    requiredRoles: ['coordinator', 'responder', 'communicator'],
    updateEveryMinutes: 60,
  },
};

/** Response's top-level config key. */
export const responseConfig = {
  response: ResponseConfig.default({
    roleNames: {},
    defaults: {},
    levels: {},
    stakeholders: {},
    warRoom: {},
    drills: [],
  }),
};
export type ResponseConfigPart = z.output<z.ZodObject<typeof responseConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends ResponseConfigPart {}
}
