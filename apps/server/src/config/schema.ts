/**
 * Config as code: the YAML file named by `FAULTLINE_CONFIG` (default `examples/quickstart.yaml`).
 *
 * Parsed once with zod (`strict`: unknown keys are errors, so a typo never silently drops a setting).
 * Cross-references (a service's team, an integration's service, a rule's sequence) are checked by
 * `lint.ts`, which returns every problem with its path; the server refuses a file with errors.
 * The reference is docs/configuration.md.
 */
import { z } from 'zod';

const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

/** Module tier (DESIGN §2): sub-core grades one level lower than core, non-core two. */
export const Tier = z.enum(['core', 'sub-core', 'non-core']);
export type Tier = z.infer<typeof Tier>;

/**
 * Volume class (DESIGN §2, from the fault-level template of seed 000):
 * high (>1000 TPS peak or >1M/day), medium (100–1000 TPS, 100k–1M/day), low (10–100 TPS, 10k–100k/day),
 * very-low (<10k/day).
 */
export const VolumeClass = z.enum(['high', 'medium', 'low', 'very-low']);
export type VolumeClass = z.infer<typeof VolumeClass>;

export const ServiceConfig = z.strictObject({
  id,
  name: z.string().optional(),
  team: id.describe('owning team id'),
  aliases: z.array(z.string()).default([]).describe('other label values that route to this service'),
  dependsOn: z.array(id).default([]).describe('services this one calls (its upstream dependencies)'),
});
export type ServiceConfig = z.infer<typeof ServiceConfig>;

export const ModuleConfig = z.strictObject({
  id,
  name: z.string().optional(),
  tier: Tier,
  volume: VolumeClass,
  services: z.array(ServiceConfig).default([]),
});
export type ModuleConfig = z.infer<typeof ModuleConfig>;

export const BusinessLineConfig = z.strictObject({
  id,
  name: z.string().optional(),
  leadership: z.array(z.email()).default([]).describe('notified at once for P1/P2 (later issue)'),
  modules: z.array(ModuleConfig).default([]),
});
export type BusinessLineConfig = z.infer<typeof BusinessLineConfig>;

export const MemberConfig = z.strictObject({
  name: z.string().min(1),
  email: z.email(),
  timeZone: z.string().default('UTC').describe('IANA time zone, e.g. Europe/Berlin'),
});
export type MemberConfig = z.infer<typeof MemberConfig>;

export const TeamConfig = z.strictObject({
  id,
  name: z.string().optional(),
  members: z.array(MemberConfig).default([]),
  oncall: z
    .array(z.email())
    .default([])
    .describe("the team's current responders (first on-call form); each must be a member"),
});
export type TeamConfig = z.infer<typeof TeamConfig>;

export const SequenceConfig = z.strictObject({
  id: z.string().regex(/^[A-Z]$/, 'a sequence id is one capital letter'),
  name: z.string(),
  levels: z.number().int().min(1).max(9).describe('number of levels; 1 = most severe'),
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
  })
  .refine((r) => [r.alert, r.kpiDrop].filter(Boolean).length === 1, {
    message: 'a rule has exactly one condition: alert or kpiDrop',
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

export const IntegrationConfig = z
  .strictObject({
    key: z.string().min(8, 'an integration key has at least 8 characters'),
    name: z.string().optional(),
    source: z.enum(['alertmanager', 'pagerduty', 'generic']),
    service: id.optional().describe('every alert of this integration belongs to this service'),
    routeByLabel: z.string().optional().describe('route each alert by this label (value = service id or alias)'),
    fallbackService: id.optional().describe('service for alerts whose label matches no service'),
  })
  .refine((i) => Boolean(i.service) !== Boolean(i.routeByLabel), {
    message: 'set exactly one of service or routeByLabel',
  });
export type IntegrationConfig = z.infer<typeof IntegrationConfig>;

export const SmtpConfig = z.strictObject({
  url: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL'),
  from: z.string().default('Faultline <faultline@localhost>'),
});

export const FaultlineConfig = z.strictObject({
  version: z.literal(1),
  catalog: z.strictObject({ businessLines: z.array(BusinessLineConfig).default([]) }).default({ businessLines: [] }),
  teams: z.array(TeamConfig).default([]),
  levels: LevelsConfig.default({ sequences: DEFAULT_SEQUENCES, templates: true, rules: [] }),
  convergence: z
    .strictObject({
      groupBy: z
        .array(z.string())
        .default(['alertname'])
        .describe('labels that, with the service, make the group key'),
    })
    .default({ groupBy: ['alertname'] }),
  integrations: z.array(IntegrationConfig).default([]),
  smtp: SmtpConfig.optional(),
});
export type FaultlineConfig = z.infer<typeof FaultlineConfig>;
