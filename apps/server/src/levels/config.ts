/**
 * Levels' part of the config file (DESIGN §4): the sequences and their levels, the level rules (generic or
 * business, each with one condition) and whether the seeds' KPI-drop template rules are generated.
 */
import { z } from 'zod';
import { LOCALES } from '@faultline/i18n';
import { configId as id } from '../kernel/index.ts';
import { Tier, VolumeClass } from '../catalog/index.ts';
import type { CompiledRules } from './rules.ts';
import type { ApprovedRules } from './approved.ts';

/**
 * A sequence's words in one language (issue 14; docs/i18n.md): its display `name`, and a display name per level
 * number (`"1": "P1 故障"`) used wherever a reader of that language sees the level — pages, chat cards, digests.
 * A level without one shows its label (`P1`).
 */
export const SequenceTranslation = z.strictObject({
  name: z.string().min(1).optional(),
  levels: z
    .record(z.string().regex(/^[1-9]$/, 'a level number, 1–9'), z.string().min(1).max(40))
    .optional()
    .describe('level number → display name, e.g. "1": "P1 故障"'),
});
export type SequenceTranslation = z.infer<typeof SequenceTranslation>;

export const SequenceConfig = z
  .strictObject({
    id: z.string().regex(/^[A-Z]$/, 'a sequence id is one capital letter'),
    name: z.string(),
    levels: z.number().int().min(1).max(9).describe('number of levels; 1 = most severe'),
    translations: z
      .partialRecord(z.enum(LOCALES), SequenceTranslation)
      .optional()
      .describe('per shipped language (en, zh-CN): the display name of the sequence and of its levels'),
  })
  .superRefine((s, ctx) => {
    for (const [locale, tr] of Object.entries(s.translations ?? {}))
      for (const n of Object.keys(tr?.levels ?? {}))
        if (Number(n) > s.levels)
          ctx.addIssue({
            code: 'custom',
            path: ['translations', locale, 'levels', n],
            message: `sequence ${s.id} has ${s.levels} levels`,
          });
  });
export type SequenceConfig = z.infer<typeof SequenceConfig>;

/** Where a rule applies; every given field must match (empty = everywhere). */
export const RuleScope = z.strictObject({
  businessLine: id.optional(),
  module: id.optional(),
  service: id.optional(),
  tier: Tier.optional(),
  volume: VolumeClass.optional(),
});
export type RuleScope = z.infer<typeof RuleScope>;

/**
 * Label matchers in Alertmanager syntax: `name="value"`, `name!="value"`, `name=~"regex"`, `name!~"regex"`.
 * All must match one alert of the incident.
 */
export const AlertCondition = z.strictObject({ matchers: z.array(z.string()).min(1) });

/**
 * Impact facts (entered by people or carried by KPI watches): the rule matches when every given threshold
 * holds — numbers are minimums (`affectedUsers: 10000` means ≥ 10,000), except `dataAssetLevel`, a maximum
 * (asset level 1 is the most critical data), and `publicOpinion`, a minimum on low < medium < high.
 */
export const FactsCondition = z
  .strictObject({
    affectedUsers: z.number().nonnegative().optional(),
    affectedUsersPct: z.number().min(0).max(100).optional().describe('% of active users'),
    merchants: z.number().nonnegative().optional(),
    complaintIncreasePct: z.number().nonnegative().optional(),
    financialLoss: z.number().nonnegative().optional().describe('in the business line currency'),
    dataAssetLevel: z.number().int().min(1).max(9).optional(),
    publicOpinion: z.enum(['low', 'medium', 'high']).optional(),
    slaBreachMinutes: z.number().nonnegative().optional(),
  })
  .refine((f) => Object.values(f).some((v) => v !== undefined), { message: 'name at least one fact' });

/** The incident has been at `atLevel` (or more severe) of the rule's sequence for at least `minutes`. */
export const DurationCondition = z.strictObject({
  minutes: z.number().positive(),
  atLevel: z.number().int().min(1).max(9),
});

/** A module's KPI (successful transactions) drops by at least `percent` against its baseline, over `windowMinutes`. */
export const KpiDropCondition = z.strictObject({
  percent: z.number().gt(0).max(100),
  windowMinutes: z.number().int().positive(),
  measure: z.enum(['success-rate-per-minute', 'total-successful']).default('total-successful'),
});

export const LevelRuleConfig = z
  .strictObject({
    id,
    sequence: z.string(),
    level: z.number().int().min(1),
    kind: z.enum(['generic', 'business']).default('generic'),
    scope: RuleScope.default({}),
    description: z.string().optional(),
    alert: AlertCondition.optional(),
    kpiDrop: KpiDropCondition.optional(),
    facts: FactsCondition.optional(),
    duration: DurationCondition.optional(),
  })
  .refine((r) => [r.alert, r.kpiDrop, r.facts, r.duration].filter(Boolean).length === 1, {
    message: 'a rule has exactly one condition: alert, kpiDrop, facts or duration',
  });
export type LevelRuleConfig = z.infer<typeof LevelRuleConfig>;

export const DEFAULT_SEQUENCES: SequenceConfig[] = [
  { id: 'P', name: 'Technical priority', levels: 4 },
  { id: 'D', name: 'Data quality', levels: 4 },
  { id: 'R', name: 'Public-opinion risk', levels: 4 },
  { id: 'S', name: 'SLA', levels: 4 },
];

export const LevelsConfig = z.strictObject({
  sequences: z.array(SequenceConfig).min(1).default(DEFAULT_SEQUENCES),
  /** Generate the seeds' default KPI-drop rules for every module from its tier and volume class. */
  templates: z.boolean().default(true),
  rules: z.array(LevelRuleConfig).default([]),
});
export type LevelsConfig = z.infer<typeof LevelsConfig>;

/** Levels' top-level config keys. */
export const levelsConfig = {
  levels: LevelsConfig.default({ sequences: DEFAULT_SEQUENCES, templates: true, rules: [] }),
};
export type LevelsConfigPart = z.output<z.ZodObject<typeof levelsConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends LevelsConfigPart {}
  interface LoadedConfig {
    /** The level rules compiled once per load (templates, config rules, approved versions). */
    rules: CompiledRules;
    /** Approved level-rule versions per module (they replace the module's template and module-scoped rules). */
    approved: ApprovedRules;
  }
}
