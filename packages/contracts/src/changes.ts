/**
 * Changes and suspect changes (docs/changes.md; DESIGN §7 "Changes"): deploys, config changes, flag flips,
 * migrations and infrastructure changes on services, ranked as suspects of an incident with their reasons.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';

export const ChangeKind = z.enum(['deploy', 'config', 'flag', 'migration', 'infra']);
export type ChangeKind = z.infer<typeof ChangeKind>;

export const ChangeSource = z.enum(['api', 'cli', 'pagerduty', 'webhook']);
export type ChangeSource = z.infer<typeof ChangeSource>;

export const ChangeStatus = z.enum(['running', 'succeeded', 'failed']);
export type ChangeStatus = z.infer<typeof ChangeStatus>;

const instant = z.iso.datetime({ offset: true });
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name: letters, digits and _');
const shortText = (max: number) => z.string().trim().min(1).max(max);

/** `POST /api/v1/changes`: one change. */
export const ChangeInput = z.strictObject({
  kind: ChangeKind.default('deploy'),
  summary: shortText(1024),
  services: z.array(shortText(200)).min(1).max(50).describe('service ids (or aliases) the change landed on'),
  environment: shortText(100).optional(),
  labels: z.record(labelName, z.string().max(1024)).optional().describe('where it landed: region, cluster…'),
  startedAt: instant.optional().describe('ISO 8601; default: now'),
  endedAt: instant.nullable().optional().describe('ISO 8601; absent or null while it is rolling out'),
  status: ChangeStatus.optional().describe('default: running without endedAt, succeeded with it'),
  exitCode: z.number().int().min(-1000).max(1000).optional(),
  author: shortText(200).optional(),
  externalId: shortText(255).optional().describe("the sender's id; a repeat with the same id updates the change"),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2048)
    .optional(),
  rollbackOf: z.number().int().positive().optional().describe('the id of the change this one rolls back'),
  source: z.enum(['api', 'cli']).default('api').describe('how it was recorded: `faultline change run` sends cli'),
});
export type ChangeInput = z.input<typeof ChangeInput>;

/** `PATCH /api/v1/changes/{id}`: finish a change (what `faultline change run` sends when the command exits). */
export const ChangeFinish = z.strictObject({
  endedAt: instant.optional().describe('ISO 8601; default: now'),
  status: z.enum(['succeeded', 'failed']),
  exitCode: z.number().int().min(-1000).max(1000).optional(),
});
export type ChangeFinish = z.infer<typeof ChangeFinish>;

export const ChangeView = z.object({
  id: z.number().int(),
  kind: ChangeKind,
  summary: z.string(),
  services: z.array(z.string()),
  environment: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  status: ChangeStatus,
  exitCode: z.number().int().nullable(),
  author: z.string().nullable(),
  source: ChangeSource,
  sourceKey: z.string().nullable().describe('the integration or webhook key it came through (never a token)'),
  externalId: z.string().nullable(),
  url: z.string().nullable(),
  rollbackOf: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.string(),
});
export type ChangeView = z.infer<typeof ChangeView>;

/** Changes, newest start first, a page at a time. */
export const ChangeList = pageOf('changes', ChangeView);
export type ChangeList = z.infer<typeof ChangeList>;

/** Filters of `GET /api/v1/changes`. */
export const ChangeFilter = z.object({
  service: z.string().min(1).max(200).optional().describe('changes that landed on this service'),
  kind: ChangeKind.optional(),
  source: ChangeSource.optional(),
  status: ChangeStatus.optional(),
  from: instant.optional().describe('started at or after (ISO 8601)'),
  to: instant.optional().describe('started before (ISO 8601)'),
});
export type ChangeFilter = z.infer<typeof ChangeFilter>;

export const Verdict = z.enum(['caused', 'fixed', 'suspect', 'dismissed']);
export type Verdict = z.infer<typeof Verdict>;

/** `POST /api/v1/incidents/{id}/suspect-changes/{changeId}/verdict`. */
export const VerdictInput = z.strictObject({
  verdict: Verdict,
  why: z.string().trim().min(1, 'say why (verdicts are kept for the ranking and for analytics)').max(2000),
});
export type VerdictInput = z.infer<typeof VerdictInput>;

export const SuspectReason = z.object({
  signal: z.enum(['time', 'topology', 'labels', 'rollout', 'history']),
  factor: z.number().describe("this signal's factor in the score (the score is 100 × the product)"),
  text: z.string(),
});
export type SuspectReason = z.infer<typeof SuspectReason>;

export const SuspectChange = z.object({
  rank: z.number().int().describe('1 = most suspect'),
  score: z.number(),
  reasons: z.array(SuspectReason),
  change: ChangeView,
  verdict: z
    .object({ verdict: Verdict, why: z.string(), actor: z.string(), at: z.string() })
    .nullable()
    .describe('the newest verdict a person gave on this change for this incident'),
});
export type SuspectChange = z.infer<typeof SuspectChange>;

export const SuspectChanges = z.object({
  incidentId: z.number().int(),
  impactStartedAt: z.string().describe('the instant the ranking measured from'),
  changeIntroducedAt: z
    .string()
    .nullable()
    .describe("the incident's change_introduced_at key time: the start of the change labelled `caused`"),
  suspects: z.array(SuspectChange),
});
export type SuspectChanges = z.infer<typeof SuspectChanges>;

/** PagerDuty's answer to an accepted change event (HTTP 202; PagerDuty Events API v2 schema "Success"). */
export const PagerDutyChangeAccepted = z.object({ status: z.literal('success'), message: z.string() });

/** One method's score in the ranking's evaluation (docs/changes.md "Evaluating the ranking"). */
export const MethodScore = z.object({
  top1: z.number().int().describe('incidents whose caused change ranked first'),
  top3: z.number().int().describe('incidents whose caused change ranked in the first three'),
  notRanked: z.number().int().describe('incidents whose caused change was not a candidate at all'),
  mrr: z.number().nullable().describe('mean reciprocal rank, 0..1 (0 for a change not ranked); null without incidents'),
});

/** `GET /api/v1/changes/ranking-evaluation`: how the suspect ranking did on incidents with a caused change. */
export const RankingEvaluation = z.object({
  from: z.string().nullable(),
  to: z.string().nullable(),
  incidents: z.number().int().describe('incidents in the period with a change labelled caused'),
  ranking: MethodScore.describe("the suspect ranking, with the source history as it stood at each incident's impact"),
  recency: MethodScore.describe('the bare time window: the most recent change first'),
  rows: z.array(
    z.object({
      incidentId: z.number().int(),
      title: z.string(),
      causedChangeIds: z.array(z.number().int()),
      candidates: z.number().int().describe('changes ranked for it'),
      rank: z.number().int().nullable(),
      recencyRank: z.number().int().nullable(),
    }),
  ),
});
export type RankingEvaluation = z.infer<typeof RankingEvaluation>;

export const RankingEvaluationQuery = z.object({
  from: instant.optional().describe('incidents whose impact started at or after (ISO 8601)'),
  to: instant.optional().describe('incidents whose impact started before (ISO 8601)'),
});
