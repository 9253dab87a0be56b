/**
 * Config as code: the YAML file named by `FAULTLINE_CONFIG` (default `examples/quickstart.yaml`).
 *
 * Each domain owns its part of the file (its `config.ts`); this file only composes them. Parsed once with
 * zod (`strict`: unknown keys are errors, so a typo never silently drops a setting). Cross-references are
 * checked by the domains' lints (config/lint.ts runs them). The reference is docs/configuration.md.
 */
import { z } from 'zod';
import type { FaultlineConfig as MergedConfig } from '../kernel/config.ts';
import { catalogConfig } from '../catalog/config.ts';
import { peopleConfig } from '../people/config.ts';
import { levelsConfig } from '../levels/config.ts';
import { convergenceConfig } from '../convergence/config.ts';
import { intakeConfig } from '../intake/config.ts';
import { kpiConfig } from '../kpi/config.ts';
import { oncallConfig } from '../oncall/config.ts';
import { escalationConfig } from '../escalation/config.ts';
import { notifyConfig } from '../notify/config.ts';

export const FaultlineConfig = z.strictObject({
  version: z.literal(1),
  ...catalogConfig,
  ...peopleConfig,
  ...levelsConfig,
  ...convergenceConfig,
  ...intakeConfig,
  ...kpiConfig,
  ...oncallConfig,
  ...escalationConfig,
  ...notifyConfig,
});
export type FaultlineConfig = MergedConfig;

// The composed schema and the interface the domains merged must agree: a part missing here, or a key a
// domain declared but did not add, does not compile.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const agree: Same<z.output<typeof FaultlineConfig>, MergedConfig> = true;
void agree;
