/**
 * Config as code: the YAML file named by `FAULTLINE_CONFIG` (default `examples/quickstart.yaml`).
 *
 * Parsed once with zod (`strict`: unknown keys are errors, so a typo never silently drops a setting).
 * Cross-references (a service's team, an integration's service, a rule's sequence) are checked by
 * `lint.ts`, which returns every problem with its path; the server refuses a file with errors.
 * The reference is docs/configuration.md.
 */
import { z } from 'zod';
import { deriveVolumeClass } from '../levels/volume.ts';
import { Schedule } from '../oncall/schema.ts';
import { CHANNEL_TYPES, providerFactories } from '../notify/factories.ts';
import { NotifyConfig } from '../notify/config.ts';
import { PhoneRouting } from '../notify/phone/routing.ts';
import { allowEntryProblem } from '../lib/outbound/index.ts';

const id = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'use lowercase letters, digits, ".", "_" or "-"');

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

export const ModuleConfig = z
  .strictObject({
    id,
    name: z.string().optional(),
    tier: Tier,
    /** Declared volume class; or derived from `peakTps` / `dailyVolume` when omitted. */
    volume: VolumeClass.optional(),
    peakTps: z.number().nonnegative().optional().describe('peak transactions per second'),
    dailyVolume: z.number().nonnegative().optional().describe('average transactions per day'),
    /** The module's technical owner: approves changes to its level rules (DESIGN §4). */
    owner: z.email().optional(),
    services: z.array(ServiceConfig).default([]),
  })
  .refine((m) => m.volume !== undefined || m.peakTps !== undefined || m.dailyVolume !== undefined, {
    message: 'set volume, or peakTps and/or dailyVolume to derive it',
    path: ['volume'],
  })
  .transform((m) => ({ ...m, volume: m.volume ?? deriveVolumeClass(m.peakTps, m.dailyVolume)! }));
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
  role: z
    .enum(['manager', 'responder', 'viewer', 'stakeholder'])
    .optional()
    .describe("the member's role in this team, default responder (docs/identity.md)"),
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
  escalationPolicy: id
    .optional()
    .describe('page the team through this escalation policy instead of its oncall list (DESIGN §7)'),
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

/**
 * Prometheus HTTP API used by KPI watches (`/api/v1/query`, `/api/v1/query_range`). Credentials are separate
 * secret fields, as in Prometheus's own `basic_auth` / `authorization` settings — never in the URL, which is shown
 * in the watches' errors (lint refuses a URL with `user:password@`). A `…File` field names a file read at each query,
 * so a mounted secret can rotate without a reload.
 */
export const PrometheusConfig = z
  .strictObject({
    url: z.url(),
    /** Per-request timeout, ms. */
    timeoutMs: z.number().int().positive().default(10_000),
    basicAuth: z
      .strictObject({
        username: z.string().min(1),
        password: z.string().min(1).optional().describe('secret'),
        passwordFile: z.string().min(1).optional().describe('a file holding the password'),
      })
      .refine((b) => (b.password === undefined) !== (b.passwordFile === undefined), {
        message: 'set one of password or passwordFile',
      })
      .optional()
      .describe('HTTP Basic authentication'),
    bearerToken: z.string().min(1).optional().describe('secret: sent as Authorization: Bearer'),
    bearerTokenFile: z.string().min(1).optional().describe('a file holding the bearer token'),
  })
  .refine((p) => [p.basicAuth, p.bearerToken, p.bearerTokenFile].filter((x) => x !== undefined).length <= 1, {
    message: 'set at most one of basicAuth, bearerToken and bearerTokenFile',
  });
export type PrometheusConfig = z.infer<typeof PrometheusConfig>;

/**
 * Outbound calls (docs/security.md, "Secrets and outbound calls"): which non-public hosts and addresses HTTP calls
 * may reach. Everything public is reachable; loopback, private, link-local, unique-local and metadata addresses
 * only when listed here, by host name (`prometheus.internal`, `*.corp.example`), address or CIDR range.
 */
export const OutboundConfig = z.strictObject({
  allow: z
    .array(
      z.string().superRefine((entry, ctx) => {
        const problem = allowEntryProblem(entry);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    )
    .default([])
    .describe('host names, IP addresses or CIDR ranges that outbound calls may reach although not public'),
});

/**
 * The baseline a KPI is compared with: the same window one week or one day earlier (`offset`), the median of
 * the last `windows` same-time windows `period` apart, or a fixed value.
 */
const promDuration = z.string().regex(/^\d+[smhdw]$/, 'a Prometheus duration such as 5m, 1d or 1w');
export const KpiBaseline = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('offset'), offset: promDuration.describe('usually 1d or 1w') }),
  z.strictObject({
    kind: z.literal('median'),
    period: promDuration.describe('usually 1d or 1w'),
    windows: z.number().int().min(2).max(12),
  }),
  z.strictObject({ kind: z.literal('static'), value: z.number().positive() }),
]);
export type KpiBaseline = z.infer<typeof KpiBaseline>;

/**
 * A KPI watch (DESIGN §2 "KPI watch"): Faultline evaluates a module's business metric against its baseline
 * every `everySeconds`, and grades the module's incident from the drop with the module's KPI-drop rules.
 * `source: prometheus` runs `query` (PromQL, an instant vector of one series) against `prometheus.url`;
 * `source: push` takes samples posted to the API.
 */
export const KpiWatchConfig = z
  .strictObject({
    id,
    module: id,
    /** The service the incident is opened on; default: the module's first service. */
    service: id.optional(),
    source: z.enum(['prometheus', 'push']).default('prometheus'),
    query: z.string().min(1).optional(),
    baseline: KpiBaseline,
    everySeconds: z.number().int().min(1).max(3600).default(60),
    /** A drop of at least this % that matches no level rule is recorded as a risk. */
    riskPercent: z.number().gt(0).max(100).default(3),
    description: z.string().optional(),
  })
  .refine((w) => w.source === 'push' || Boolean(w.query), {
    message: 'a prometheus watch needs a query',
    path: ['query'],
  });
export type KpiWatchConfig = z.infer<typeof KpiWatchConfig>;

export const SmtpConfig = z.strictObject({
  url: z.string().regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL'),
  from: z.string().default('Faultline <faultline@localhost>'),
});

/**
 * A channel (DESIGN §7): one configured instance of a provider, e.g. the payments team's DingTalk robot.
 * `config` is checked against the provider's own zod schema (notify/providers/<type>/config.ts); its
 * problems are reported at `channels.N.config.<field>`, and the parsed value (defaults applied) replaces it.
 */
export const ChannelConfig = z
  .strictObject({
    id,
    name: z.string().optional(),
    type: z.enum(CHANNEL_TYPES).describe('provider id (email is configured under smtp, not as a channel)'),
    config: z.record(z.string(), z.unknown()).default({}).describe("the provider's settings (docs/channels.md)"),
  })
  .superRefine((c, ctx) => {
    const parsed = providerFactories[c.type].configSchema.safeParse(c.config);
    if (parsed.success) return;
    for (const issue of parsed.error.issues) {
      const path = ['config', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys)
          ctx.addIssue({ code: 'custom', path: [...path, key], message: `unknown key "${key}"` });
      } else ctx.addIssue({ code: 'custom', path, message: issue.message });
    }
  })
  .transform((c) => {
    const parsed = providerFactories[c.type].configSchema.safeParse(c.config);
    return { ...c, config: (parsed.success ? parsed.data : c.config) as Record<string, unknown> };
  });
export type ChannelConfig = z.infer<typeof ChannelConfig>;

/**
 * Who a step pages: a user (a team member's email), whoever is on call for a schedule at that moment, a
 * team's members (all, or one in turn: the step's `teamMode`), or a channel.
 */
export const EscalationTarget = z.union(
  [
    z.strictObject({ user: z.email() }),
    z.strictObject({ schedule: id }),
    z.strictObject({ team: id }),
    z.strictObject({ channel: id }),
  ],
  { error: 'a target is one of {user: <email>}, {schedule: <id>}, {team: <id>} or {channel: <id>}' },
);
export type EscalationTarget = z.infer<typeof EscalationTarget>;

/** One step of an escalation policy: wait `delayMinutes` after the previous step, then page `targets`. */
export const EscalationStepConfig = z.strictObject({
  delayMinutes: z
    .number()
    .nonnegative()
    .default(0)
    .describe('minutes to wait after the previous step; a new escalation runs step 0 at once'),
  targets: z.array(EscalationTarget).min(1, 'a step pages at least one target'),
  teamMode: z
    .enum(['all', 'round-robin'])
    .default('all')
    .describe('team targets: page every member, or one member in turn'),
  minLevel: z
    .string()
    .regex(/^[A-Z][1-9]$/, 'a level such as P1')
    .optional()
    .describe(
      'run this step only while the incident is at this level or more severe in that sequence (e.g. P1: a leadership step); otherwise it is passed over',
    ),
});
export type EscalationStepConfig = z.infer<typeof EscalationStepConfig>;

/**
 * An escalation policy (DESIGN §7): steps run in order until someone acknowledges; then the whole list runs
 * `repeat` more times; then, with `handoffTo`, that policy takes over. docs/escalation.md.
 */
export const EscalationPolicyConfig = z.strictObject({
  id,
  name: z.string().optional(),
  repeat: z.number().int().min(0).default(0).describe('run the steps this many more times after the last'),
  steps: z.array(EscalationStepConfig).min(1, 'a policy has at least one step'),
  handoffTo: id.optional().describe('after the last step and repeats, continue with this policy'),
});
export type EscalationPolicyConfig = z.infer<typeof EscalationPolicyConfig>;

export const FaultlineConfig = z.strictObject({
  version: z.literal(1),
  catalog: z.strictObject({ businessLines: z.array(BusinessLineConfig).default([]) }).default({ businessLines: [] }),
  teams: z.array(TeamConfig).default([]),
  levels: LevelsConfig.default({ sequences: DEFAULT_SEQUENCES, templates: true, rules: [] }),
  convergence: z
    .strictObject({
      groupBy: z.array(z.string()).default(['alertname']).describe('labels that, with the service, make the group key'),
    })
    .default({ groupBy: ['alertname'] }),
  integrations: z.array(IntegrationConfig).default([]),
  smtp: SmtpConfig.optional(),
  prometheus: PrometheusConfig.optional(),
  kpiWatches: z.array(KpiWatchConfig).default([]),
  /** On-call schedules (oncall/schema.ts, docs/schedules.md). */
  schedules: z.array(Schedule).default([]),
  channels: z.array(ChannelConfig).default([]),
  escalationPolicies: z.array(EscalationPolicyConfig).default([]),
  /** Personal notifications: urgency, budget (storm control), SMS/voice routing (docs/notifications.md). */
  notify: NotifyConfig.prefault({}),
  /** SMS and voice routing per number prefix with failover; without a table, every channel of the medium. */
  phoneRouting: PhoneRouting.optional(),
  /** Non-public hosts and addresses that outbound HTTP calls may reach (docs/security.md). */
  outbound: OutboundConfig.default({ allow: [] }),
});
export type FaultlineConfig = z.infer<typeof FaultlineConfig>;
