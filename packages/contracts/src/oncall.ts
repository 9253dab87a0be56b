/**
 * On-call at runtime (DESIGN §7): schedules and escalation policies edited through the API, overrides and
 * swaps, the rendered final schedule, who is on call, the escalation simulator, the on-call lint and iCal
 * feed links. Bodies of schedules and policies are validated on the server with the config's own zod
 * schemas (docs/schedules.md, docs/escalation.md); here they are open records.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';
import { MuteView } from './suppression.ts';

/** Where a schedule or policy is defined: the config file (read-only through the API) or the database. */
export const OncallSource = z.enum(['config', 'api']);
export type OncallSource = z.infer<typeof OncallSource>;

/** A schedule as the API returns it: its body (the config shape), owning team and where it lives. */
export const ScheduleView = z.object({
  id: z.string(),
  name: z.string(),
  timeZone: z.string(),
  /** Owning team (permissions): the body's `team`, or the team whose policy pages it; null = server-wide. */
  team: z.string().nullable(),
  source: OncallSource,
  /** The schedule as written (config shape: layers, overrides), plus `team` for stored ones. */
  body: z.record(z.string(), z.unknown()),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type ScheduleView = z.infer<typeof ScheduleView>;

export const ScheduleList = pageOf('schedules', ScheduleView);
export type ScheduleList = z.infer<typeof ScheduleList>;

/** A stored escalation policy or a config one (read-only). */
export const PolicyView = z.object({
  id: z.string(),
  name: z.string(),
  team: z.string().nullable(),
  source: OncallSource,
  body: z.record(z.string(), z.unknown()),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});
export type PolicyView = z.infer<typeof PolicyView>;

/** One piece of the final schedule: `user` on call over `[start, end)`, from a layer or an override. */
export const FinalShiftView = z.object({
  user: z.string().describe('email'),
  start: z.string(),
  end: z.string(),
  /** The winning layer's id, or null for an override. */
  layer: z.string().nullable(),
  override: z.boolean(),
});
export type FinalShiftView = z.infer<typeof FinalShiftView>;

export const FinalScheduleView = z.object({
  schedule: z.string(),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  shifts: z.array(FinalShiftView),
  /** Where nobody is on call within the window. */
  gaps: z.array(z.object({ start: z.string(), end: z.string() })),
});
export type FinalScheduleView = z.infer<typeof FinalScheduleView>;

export const ScheduleOncallView = z.object({
  schedule: z.string(),
  at: z.string(),
  onCall: z.array(z.string()).describe('emails; empty in a gap'),
});
export type ScheduleOncallView = z.infer<typeof ScheduleOncallView>;

/** Body of `POST /api/v1/schedules/{id}/overrides`. */
export const OverrideInput = z.object({
  user: z.email().describe('who is on call'),
  replaces: z.email().optional().describe('whose time they take over (a swap); absent = on call over everyone'),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
});
export type OverrideInput = z.infer<typeof OverrideInput>;

export const OverrideView = z.object({
  id: z.number().int(),
  schedule: z.string(),
  user: z.string(),
  replaces: z.string().nullable(),
  start: z.string(),
  end: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type OverrideView = z.infer<typeof OverrideView>;

export const OverrideList = pageOf('overrides', OverrideView);
export type OverrideList = z.infer<typeof OverrideList>;

/** Body of `POST /api/v1/escalation/simulate`. */
export const SimulateRequest = z.object({
  service: z.string().min(1).describe('service id or alias'),
  level: z
    .string()
    .regex(/^[A-Z][1-9]$/, 'a level is a sequence letter and a number, e.g. P1')
    .describe('e.g. P1'),
  at: z.iso.datetime({ offset: true }).optional().describe('ISO 8601 instant; default now'),
  labels: z
    .record(z.string().max(256), z.string().max(1024))
    .refine((l) => Object.keys(l).length <= 100, 'at most 100 labels')
    .optional()
    .describe(
      "the alert's labels: the silences, maintenance windows and inhibition rules that would mute it at `at` are applied",
    ),
});
export type SimulateRequest = z.infer<typeof SimulateRequest>;

/** How one contact method of a person would be used: `delayMinutes` after the page, i.e. at `at`. */
export const SimulatedContact = z.object({
  kind: z.string().describe('email, sms, voice or chat'),
  address: z.string(),
  delayMinutes: z.number(),
  at: z.string(),
});
export type SimulatedContact = z.infer<typeof SimulatedContact>;

/** A person a step would page, with how they would be reached; `reachable` false says why not. */
export const SimulatedPerson = z.object({
  email: z.string(),
  name: z.string().nullable(),
  timeZone: z.string().nullable(),
  contacts: z.array(SimulatedContact),
  reachable: z.boolean(),
  /** Why the person would not be reached (no account, no verified method, no rule for the urgency). */
  why: z.string().nullable(),
});
export type SimulatedPerson = z.infer<typeof SimulatedPerson>;

export const SimulatedStep = z.object({
  policy: z.string(),
  /** 1-based, as people count steps. */
  step: z.number().int(),
  /** 0 = first pass, 1 = first repeat … */
  round: z.number().int(),
  /** Minutes after `at` when the step runs. */
  offsetMinutes: z.number(),
  at: z.string(),
  passedOver: z.boolean().describe("the step is for a more severe level (its minLevel) than the incident's: not run"),
  skipped: z.boolean().describe('nobody to page: the next step runs at once'),
  /** A round-robin team step pages one of the listed members, depending on the incident. */
  roundRobin: z.boolean(),
  people: z.array(SimulatedPerson),
  channels: z.array(z.string()),
  nobody: z.array(z.string()).describe('why a target gives nobody, e.g. a schedule gap'),
});
export type SimulatedStep = z.infer<typeof SimulatedStep>;

export const SimulationView = z.object({
  service: z.string(),
  module: z.string(),
  businessLine: z.string(),
  team: z.string(),
  level: z.string(),
  urgency: z.enum(['high', 'low']),
  at: z.string(),
  /** The service's escalation policy, else the team's, or null (then the team's `oncall` list is paged at once). */
  policy: z
    .object({
      id: z.string(),
      name: z.string(),
      via: z.enum(['service', 'team']).describe("linked to the service, or the owning team's"),
    })
    .nullable(),
  /** P1/P2: the business line's leadership, told at once. */
  leadership: z.array(SimulatedPerson),
  /** Without a policy: the team's `oncall` list, paged at once. */
  oncallList: z.array(SimulatedPerson),
  steps: z.array(SimulatedStep),
  mutedBy: z
    .array(MuteView)
    .describe(
      'what would mute an alert with the given labels at `at` (silences, maintenance, inhibition): no page then',
    ),
  heldUntil: z
    .string()
    .nullable()
    .describe(
      'muted: when the last mute ends and the held page goes out, if the alert still fires (the steps start then); null when not muted or when only an event (a source alert resolving) ends it',
    ),
  /** How the escalation ends (`finished`, `policy-missing`, `step limit`). */
  end: z.string(),
  /** Everyone who would be paged but not reached, and why. */
  unreachable: z.array(z.object({ email: z.string(), why: z.string() })),
});
export type SimulationView = z.infer<typeof SimulationView>;

/** One finding of the on-call lint (`GET /api/v1/oncall/lint`). */
export const OncallLintFinding = z.object({
  severity: z.enum(['error', 'warning']),
  /** e.g. `empty-step`, `no-contact-method`, `schedule-gap`, `schedule-overlap`, `unused-policy`, `unknown-user`. */
  code: z.string(),
  /** What it is about: `schedule:<id>…`, `policy:<id>…`, `team:<id>`, `override:<id>`, `user:<email>`. */
  path: z.string(),
  message: z.string(),
});
export type OncallLintFinding = z.infer<typeof OncallLintFinding>;

export const OncallLintReport = z.object({
  at: z.string(),
  horizonDays: z.number().int(),
  findings: z.array(OncallLintFinding),
});
export type OncallLintReport = z.infer<typeof OncallLintReport>;

/** What an iCalendar feed link opens: a schedule's shifts, or one person's shifts on every schedule. */
export const FeedLinkKind = z.enum(['schedule', 'user']);
export type FeedLinkKind = z.infer<typeof FeedLinkKind>;

/**
 * A calendar subscription link (`webcal` clients accept the `https` form too). Whoever has the URL can read
 * the feed, so each link has an id and is revoked on its own.
 */
export const FeedLinkView = z.object({
  id: z.number().int(),
  kind: FeedLinkKind,
  target: z.string().describe('the schedule id, or the user id as text'),
  label: z.string().nullable(),
  url: z.string().describe('the subscription URL (a secret: whoever has it reads the feed)'),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type FeedLinkView = z.infer<typeof FeedLinkView>;

export const FeedLinkList = z.object({ links: z.array(FeedLinkView) });
export type FeedLinkList = z.infer<typeof FeedLinkList>;

export const FeedLinkCreate = z.strictObject({
  label: z.string().trim().min(1).max(100).optional().describe('what the link is for, e.g. "phone calendar"'),
});
export type FeedLinkCreate = z.infer<typeof FeedLinkCreate>;
