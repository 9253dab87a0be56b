/**
 * Config as code: the YAML file named by `FAULTLINE_CONFIG` (default `examples/quickstart.yaml`).
 *
 * Each domain owns its part of the file (its `config.ts`); this file only composes them. Parsed once with
 * zod (`strict`: unknown keys are errors, so a typo never silently drops a setting). Cross-references are
 * checked by the domains' lints (config/lint.ts runs them). The reference is docs/configuration.md.
 */
import { z } from 'zod';
import type { FaultlineConfig as MergedConfig } from '../kernel/index.ts';
import { allowEntryProblem } from '../lib/index.ts';
import { catalogConfig } from '../catalog/index.ts';
import { peopleConfig } from '../people/index.ts';
import { levelsConfig } from '../levels/index.ts';
import { convergenceConfig } from '../convergence/index.ts';
import { intakeConfig } from '../intake/index.ts';
import { kpiConfig } from '../kpi/index.ts';
import { suppressionConfig } from '../suppression/index.ts';
import { oncallConfig } from '../oncall/index.ts';
import { escalationConfig } from '../escalation/index.ts';
import { notifyConfig } from '../notify/index.ts';
import { responseConfig } from '../response/index.ts';
import { postmortemConfig } from '../postmortem/index.ts';
import { analyticsConfig } from '../analytics/index.ts';
import { changesConfig } from '../changes/index.ts';
import { recoveryConfig } from '../recovery/index.ts';
import { statusPageConfig } from '../statuspage/index.ts';
import { retentionConfig } from '../retention/index.ts';

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

/** The server's own top-level keys (no domain's): which non-public hosts outbound calls may reach. */
const serverConfig = {
  /** Non-public hosts and addresses that outbound HTTP calls may reach (docs/security.md). */
  outbound: OutboundConfig.default({ allow: [] }),
};
export type ServerConfigPart = z.output<z.ZodObject<typeof serverConfig>>;

declare module '../kernel/config.ts' {
  interface FaultlineConfig extends ServerConfigPart {}
}

export const FaultlineConfig = z.strictObject({
  version: z.literal(1),
  ...catalogConfig,
  ...peopleConfig,
  ...levelsConfig,
  ...convergenceConfig,
  ...suppressionConfig,
  ...intakeConfig,
  ...kpiConfig,
  ...oncallConfig,
  ...escalationConfig,
  ...notifyConfig,
  ...responseConfig,
  ...postmortemConfig,
  ...analyticsConfig,
  ...changesConfig,
  ...recoveryConfig,
  ...statusPageConfig,
  ...retentionConfig,
  ...serverConfig,
});
export type FaultlineConfig = MergedConfig;

// The composed schema and the interface the domains merged must agree: a part missing here, or a key a
// domain declared but did not add, does not compile.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const agree: Same<z.output<typeof FaultlineConfig>, MergedConfig> = true;
void agree;
