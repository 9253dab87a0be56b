/**
 * Contracts of grading as data (DESIGN §4): impact facts, manual level changes, risks, versioned level
 * rules per module, KPI watches.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';

/** Impact facts of an incident; every field optional, a PATCH merges. */
export const ImpactFacts = z.strictObject({
  affectedUsers: z.number().nonnegative().optional(),
  affectedUsersPct: z.number().min(0).max(100).optional().describe('% of active users'),
  merchants: z.number().nonnegative().optional(),
  complaintIncreasePct: z.number().nonnegative().optional(),
  financialLoss: z.number().nonnegative().optional(),
  dataAssetLevel: z.number().int().min(1).max(9).optional().describe('1 = most critical data asset'),
  publicOpinion: z.enum(['none', 'low', 'medium', 'high']).optional(),
  slaBreachMinutes: z.number().nonnegative().optional(),
  kpiDrop: z
    .strictObject({ percent: z.number().min(0).max(100), windowMinutes: z.number().nonnegative() })
    .optional()
    .describe('set by KPI watches'),
});
export type ImpactFacts = z.infer<typeof ImpactFacts>;

/** `POST /api/v1/incidents/{id}/facts`: the facts to merge, and optionally why. */
export const FactsUpdate = z.strictObject({ facts: ImpactFacts, note: z.string().max(2000).optional() });

/**
 * `POST /api/v1/incidents/{id}/level`: a person sets a sequence's level. A downgrade needs a reason
 * (automatic grading only upgrades). `level: null` clears the sequence.
 */
export const LevelChange = z.strictObject({
  sequence: z.string().regex(/^[A-Z]$/),
  level: z.number().int().min(1).nullable(),
  reason: z.string().min(3).max(2000),
});
export type LevelChange = z.infer<typeof LevelChange>;

/** One change of a sequence's level, from the timeline. */
export const LevelHistoryEntry = z.object({
  at: z.string(),
  sequence: z.string(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  actor: z.string().describe('"rule" or the person'),
  ruleId: z.string().nullable(),
  reason: z.string().nullable(),
  evidence: z.array(z.string()),
});
export type LevelHistoryEntry = z.infer<typeof LevelHistoryEntry>;

/** `POST /api/v1/risks/{id}/promote`: make a risk an incident at a level (pages). */
export const RiskPromotion = z.strictObject({
  sequence: z
    .string()
    .regex(/^[A-Z]$/)
    .default('P'),
  level: z.number().int().min(1),
  reason: z.string().min(3).max(2000),
});
/** `POST /api/v1/risks/{id}/dismiss`. */
export const RiskDismissal = z.strictObject({ reason: z.string().min(3).max(2000) });

/** A module of the catalog with what grading needs. */
export const ModuleView = z.object({
  id: z.string(),
  name: z.string(),
  businessLine: z.string(),
  tier: z.enum(['core', 'sub-core', 'non-core']),
  volume: z.enum(['high', 'medium', 'low', 'very-low']),
  owner: z.string().nullable().describe('technical owner: approves level rule changes'),
  services: z.array(z.string()),
  activeVersion: z.number().int().nullable().describe('approved level-rule version, null = config/template rules'),
});
export type ModuleView = z.infer<typeof ModuleView>;

/** `GET /api/v1/modules`. */
export const ModuleList = pageOf('modules', ModuleView);
export type ModuleList = z.infer<typeof ModuleList>;

/** A level rule as stored in a version (same shape as the YAML `levels.rules` entries). */
export const LevelRule = z.record(z.string(), z.unknown()).describe('LevelRuleConfig, see docs/levels.md');

export const RuleVersionStatus = z.enum(['draft', 'pending', 'approved', 'rejected', 'superseded']);
export const LevelRuleVersion = z.object({
  module: z.string(),
  version: z.number().int(),
  status: RuleVersionStatus,
  rules: z.array(LevelRule),
  author: z.string(),
  note: z.string().nullable(),
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
});
export type LevelRuleVersion = z.infer<typeof LevelRuleVersion>;

/** A lint finding about a set of rules. */
export const RuleProblem = z.object({
  path: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
});
export type RuleProblem = z.infer<typeof RuleProblem>;

/** `GET /api/v1/modules/{id}/level-rules`. */
export const ModuleLevelRules = z.object({
  module: ModuleView,
  /** The rules grading uses now for this module (approved version, else config + template). */
  effective: z.array(LevelRule),
  effectiveSource: z.enum(['version', 'config']),
  versions: z.array(LevelRuleVersion).describe('newest first'),
  problems: z.array(RuleProblem).describe('lint of the effective rules'),
});
export type ModuleLevelRules = z.infer<typeof ModuleLevelRules>;

/** `PUT /api/v1/modules/{id}/level-rules/draft`. */
export const DraftUpdate = z.strictObject({ rules: z.array(LevelRule), note: z.string().max(2000).optional() });
/** `POST .../versions/{v}/approve` and `/reject`. */
export const Decision = z.strictObject({ reason: z.string().max(2000).optional() });

export const KpiWatchView = z.object({
  id: z.string(),
  module: z.string(),
  service: z.string().nullable(),
  source: z.enum(['prometheus', 'push']),
  query: z.string().nullable(),
  baseline: z.record(z.string(), z.unknown()),
  everySeconds: z.number().int(),
  status: z.enum(['ok', 'breach', 'error', 'no-data', 'pending']),
  lastEvaluatedAt: z.string().nullable(),
  lastValue: z.number().nullable(),
  lastBaseline: z.number().nullable(),
  lastDropPct: z.number().nullable(),
  lastError: z.string().nullable(),
  breachStartedAt: z.string().nullable(),
  incidentId: z.number().int().nullable(),
});
export type KpiWatchView = z.infer<typeof KpiWatchView>;

/** `GET /api/v1/kpi-watches`. */
export const KpiWatchList = pageOf('watches', KpiWatchView);
export type KpiWatchList = z.infer<typeof KpiWatchList>;

export const KpiSample = z.object({ at: z.string(), value: z.number(), baseline: z.number().nullable() });
export type KpiSample = z.infer<typeof KpiSample>;

/** `POST /api/v1/kpi-watches/{id}/samples` for `source: push` watches. */
export const KpiPush = z.strictObject({
  samples: z
    .array(z.strictObject({ at: z.iso.datetime({ offset: true }).optional(), value: z.number().finite() }))
    .min(1)
    .max(1000),
});
