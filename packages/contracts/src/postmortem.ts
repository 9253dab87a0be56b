/**
 * Postmortems, improvement actions and the board (DESIGN §8: the closed loop). Free-text fields are
 * Markdown, stored as written and rendered safely by the console; structured fields stay structured so
 * analytics can read them. Times are ISO 8601 in UTC.
 */
import { z } from 'zod';

const md = (max: number) => z.string().max(max);
const minutes = z.number().nonnegative().nullable().describe('minutes; null when not known');

/** How a fault was discovered (DESIGN §8, discovery focus point). */
export const DetectionSource = z.enum(['monitoring', 'customer', 'internal', 'public-opinion']);
export type DetectionSource = z.infer<typeof DetectionSource>;

/** One line of the curated postmortem timeline. */
export const PostmortemTimelineLine = z.object({
  at: z.string().datetime({ offset: true }),
  text: md(2000),
  /** `milestone:<code>` or `timeline:<id>` when prefilled, `person` when written by hand. */
  source: z.string().max(100).default('person'),
});
export type PostmortemTimelineLine = z.infer<typeof PostmortemTimelineLine>;

/** The template's sections (seed 000 and DESIGN §8). */
export const PostmortemSections = z.object({
  summary: md(20_000).default(''),
  impact: z
    .object({
      periods: md(5000).default(''),
      declinePercent: z.number().min(0).max(100).nullable().default(null),
      financialLoss: z.number().nonnegative().nullable().default(null),
      usersAffected: z.number().int().nonnegative().nullable().default(null),
      merchantsAffected: z.number().int().nonnegative().nullable().default(null),
      calls: z.number().int().nonnegative().nullable().default(null),
      complaints: z.number().int().nonnegative().nullable().default(null),
      notes: md(20_000).default(''),
      declineSource: z
        .string()
        .max(1000)
        .nullable()
        .default(null)
        .describe('where declinePercent came from: the KPI evidence it was prefilled from, or who set it'),
      periodsSource: z
        .string()
        .max(1000)
        .nullable()
        .default(null)
        .describe('where periods came from: the key times or KPI entries it was prefilled from, or who set it'),
    })
    .default({
      periods: '',
      declinePercent: null,
      financialLoss: null,
      usersAffected: null,
      merchantsAffected: null,
      calls: null,
      complaints: null,
      notes: '',
      declineSource: null,
      periodsSource: null,
    }),
  timeline: z.array(PostmortemTimelineLine).max(500).default([]),
  rootCause: md(20_000).default(''),
  prevention: z
    .object({
      changeTriggered: z.boolean().nullable().default(null),
      linkedChanges: z.array(z.string().max(200)).max(50).default([]),
      notes: md(20_000).default(''),
    })
    .default({ changeTriggered: null, linkedChanges: [], notes: '' }),
  discovery: z
    .object({ detectionMinutes: minutes.default(null), monitoringGaps: md(20_000).default('') })
    .default({ detectionMinutes: null, monitoringGaps: '' }),
  response: z
    .object({
      acknowledgeMinutes: minutes.default(null),
      gatherMinutes: minutes.default(null),
      notes: md(20_000).default(''),
    })
    .default({ acknowledgeMinutes: null, gatherMinutes: null, notes: '' }),
  recovery: z
    .object({
      recoveryMinutes: minutes.default(null),
      method: z.string().max(100).nullable().default(null),
      documentation: md(20_000).default(''),
    })
    .default({ recoveryMinutes: null, method: null, documentation: '' }),
  improvement: md(20_000).default(''),
  wentWell: md(20_000).default(''),
  wentBadly: md(20_000).default(''),
  lucky: md(20_000).default(''),
});
export type PostmortemSections = z.infer<typeof PostmortemSections>;

/**
 * The template's section ids, in the order of the full template (seed 000): what `postmortem.templates` lists
 * and what a postmortem's `template` holds.
 */
export const POSTMORTEM_SECTION_IDS = [
  'summary',
  'impact',
  'timeline',
  'rootCause',
  'prevention',
  'discovery',
  'response',
  'recovery',
  'improvement',
  'wentWell',
  'wentBadly',
  'lucky',
] as const satisfies ReadonlyArray<keyof PostmortemSections>;
export const PostmortemSectionId = z.enum(POSTMORTEM_SECTION_IDS);
export type PostmortemSectionId = z.infer<typeof PostmortemSectionId>;

/** A checkpoint and its state (DESIGN §8). */
export const CheckpointView = z.object({
  id: z.string(),
  state: z.enum(['passed', 'waived', 'missing']),
  detail: z.string().nullable(),
});
export type CheckpointView = z.infer<typeof CheckpointView>;

export const ActionState = z.enum(['open', 'in_progress', 'done', 'verified']);
export type ActionState = z.infer<typeof ActionState>;
export const ActionType = z.enum(['prevent', 'detect', 'mitigate', 'process']);
export const ActionPriority = z.enum(['high', 'medium', 'low']);

/**
 * A machine check of an action's acceptance criteria, re-run on a schedule: a Prometheus alerting or recording
 * rule exists (`/api/v1/rules`), a PromQL expression holds (a non-empty result, every value non-zero), or an
 * HTTP check answers as expected.
 */
export const ActionCheck = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('prometheus-rule'),
    rule: z.string().trim().min(1).max(200),
    firedWithin: z
      .string()
      .regex(/^[1-9][0-9]{0,4}[smhdwy]$/, 'a Prometheus duration such as 7d')
      .optional()
      .describe('the alert must also have fired within this window (e.g. in a game day): ALERTS{alertstate="firing"}'),
  }),
  z.strictObject({ kind: z.literal('promql'), query: z.string().trim().min(1).max(2000) }),
  z.strictObject({
    kind: z.literal('http'),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    status: z.number().int().min(100).max(599).default(200),
    contains: z.string().max(500).optional(),
  }),
]);
export type ActionCheck = z.infer<typeof ActionCheck>;

/** The last result of an action's machine check. */
export const ActionCheckResult = z.object({ at: z.string(), ok: z.boolean(), detail: z.string() });

/** An improvement action. */
export const ActionView = z.object({
  id: z.number().int(),
  postmortemId: z.number().int(),
  incidentId: z.number().int(),
  title: z.string(),
  owner: z.string(),
  team: z.string().nullable(),
  acceptanceCriteria: z.string(),
  dueAt: z.string(),
  priority: ActionPriority,
  type: ActionType,
  verifier: z.string(),
  tracker: z.string().nullable(),
  state: ActionState,
  rejectReason: z.string().nullable(),
  check: ActionCheck.nullable(),
  lastCheck: ActionCheckResult.nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  doneAt: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  /** The action's mirror in a tracker: the tracker id, the issue there once created, and the last sync error. */
  sync: z
    .object({
      tracker: z.string(),
      ref: z.string().nullable(),
      url: z.string().nullable(),
      state: z.enum(['open', 'closed']).nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
});
export type ActionView = z.infer<typeof ActionView>;

/** A postmortem as the API shows it. */
export const PostmortemView = z.object({
  id: z.number().int(),
  incidentId: z.number().int(),
  incidentTitle: z.string(),
  incidentStatus: z.string(),
  status: z.enum(['draft', 'published']),
  level: z.string().nullable(),
  owner: z.string().nullable(),
  team: z.string().nullable(),
  classification: z.string().nullable(),
  detectionSource: DetectionSource.nullable(),
  changesReviewedBy: z.string().nullable(),
  monitoringReviewedBy: z.string().nullable(),
  clockExplanation: z.string().nullable(),
  sections: PostmortemSections,
  /**
   * The sections of this postmortem's template, in order (`postmortem.templates`, chosen by its level when it was
   * opened): the console shows, the API accepts and the exports print only these.
   */
  template: z.array(PostmortemSectionId),
  /** The `postmortem.templates` key that chose the template (`P4`, `4`), or `default`. */
  templateSource: z.string(),
  calendar: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  reviewMeetingAt: z.string().nullable(),
  openedBy: z.string(),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  checkpoints: z.array(CheckpointView),
  actions: z.array(ActionView),
  /** The root-cause classes the config allows (for the form). */
  classifications: z.array(z.string()),
  /** The trackers actions can be mirrored to (postmortem.trackers ids, for the form). */
  trackers: z.array(z.string()),
});
export type PostmortemView = z.infer<typeof PostmortemView>;

/** Opening a postmortem by hand (for an incident whose level does not open one automatically). */
export const PostmortemOpen = z.strictObject({ incidentId: z.number().int().positive() });

const S = PostmortemSections.shape;
/** A patch of the sections: only the sections given are replaced (no defaults fill the others). */
export const PostmortemSectionsPatch = z.strictObject({
  summary: S.summary.unwrap().optional(),
  impact: S.impact.unwrap().optional(),
  timeline: S.timeline.unwrap().optional(),
  rootCause: S.rootCause.unwrap().optional(),
  prevention: S.prevention.unwrap().optional(),
  discovery: S.discovery.unwrap().optional(),
  response: S.response.unwrap().optional(),
  recovery: S.recovery.unwrap().optional(),
  improvement: S.improvement.unwrap().optional(),
  wentWell: S.wentWell.unwrap().optional(),
  wentBadly: S.wentBadly.unwrap().optional(),
  lucky: S.lucky.unwrap().optional(),
});

/** Editing a draft: every field optional; `sections` replaces the sections given. */
export const PostmortemUpdate = z.strictObject({
  owner: z.string().min(1).max(320).nullable().optional(),
  team: z.string().min(1).max(100).nullable().optional(),
  classification: z.string().min(1).max(60).nullable().optional(),
  detectionSource: DetectionSource.nullable().optional(),
  changesReviewed: z.boolean().optional().describe('true: the caller reviewed the related changes'),
  monitoringReviewed: z.boolean().optional().describe('true: the caller reviewed the monitoring'),
  clockExplanation: z.string().max(5000).nullable().optional(),
  sections: PostmortemSectionsPatch.optional(),
});
export type PostmortemUpdate = z.infer<typeof PostmortemUpdate>;

/** Waiving a checkpoint (a reviewer, with a reason; audited). */
export const CheckpointWaiver = z.strictObject({
  checkpoint: z.string().min(1).max(60),
  reason: z.string().trim().min(1, 'a reason is required').max(2000),
});

/** Adding an improvement action. */
export const ActionCreate = z.strictObject({
  title: z.string().trim().min(1).max(300),
  owner: z.string().trim().min(1).max(320),
  team: z.string().min(1).max(100).nullable().optional(),
  acceptanceCriteria: z.string().trim().min(1, 'acceptance criteria are required').max(5000),
  dueAt: z.string().datetime({ offset: true }).optional().describe('default: by level, in working days'),
  priority: ActionPriority.default('medium'),
  type: ActionType,
  verifier: z.string().trim().min(1).max(320),
  tracker: z.string().trim().min(1).max(320).nullable().optional(),
  check: ActionCheck.optional(),
  sync: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/)
    .optional()
    .describe('mirror the action to this configured tracker (postmortem.trackers[].id), e.g. a GitHub repository'),
});
export type ActionCreate = z.infer<typeof ActionCreate>;

/** Moving an action (a button, or a drag on the board). */
export const ActionMoveBody = z.strictObject({
  to: ActionState,
  reason: z.string().trim().max(2000).optional(),
});

/** The board's lanes (seed 000): faults whose postmortem is not published, overdue and pending actions. */
export const BoardView = z.object({
  faults: z.array(
    z.object({
      postmortemId: z.number().int(),
      incidentId: z.number().int(),
      title: z.string(),
      level: z.string().nullable(),
      team: z.string().nullable(),
      owner: z.string().nullable(),
      dueAt: z.string(),
      overdue: z.boolean(),
      missing: z.array(z.string()).describe('checkpoints still missing'),
    }),
  ),
  overdue: z.array(ActionView),
  pending: z.array(ActionView),
});
export type BoardView = z.infer<typeof BoardView>;

/** Board filters (all optional). */
export const BoardQuery = z.object({
  team: z.string().max(100).optional(),
  businessLine: z.string().max(100).optional().describe("a business line of the catalog: its services' incidents"),
  level: z.string().max(10).optional(),
  owner: z.string().max(320).optional(),
});
