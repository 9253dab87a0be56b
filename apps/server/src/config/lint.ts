/**
 * Config lint: the checks zod cannot make because they cross-reference parts of the file (DESIGN §3, §4;
 * CONVENTIONS §4). Each domain owns its checks (its `lint.ts`); this is the one list that runs them.
 * Errors make the server refuse the file; warnings are printed and the file is used. Every problem carries
 * the dotted path of the value it is about; `checkConfigText` adds the YAML line. The list of checks is in
 * docs/configuration.md ("Lint checks").
 */
import type { ConfigLint, ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { lintPeople } from '../people/index.ts';
import { lintCatalog } from '../catalog/index.ts';
import { lintIntake } from '../intake/index.ts';
import { lintKpi } from '../kpi/index.ts';
import { lintLevels } from '../levels/index.ts';
import { lintEscalation } from '../escalation/index.ts';
import { lintPhoneRouting } from '../notify/index.ts';
import { lintOutbound } from './lint-outbound.ts';
import { lintSuppression } from '../suppression/index.ts';
import { lintResponseConfig } from '../response/index.ts';
import { lintPostmortem } from '../postmortem/index.ts';
import { lintChanges } from '../changes/index.ts';
import { lintRecovery } from '../recovery/index.ts';
import { lintStatusPage } from '../statuspage/index.ts';

/** Every domain's config lint (the catalog first: what a service needs reads best before the team details). */
export const LINTS: readonly ConfigLint[] = [
  lintCatalog,
  lintPeople,
  lintIntake,
  lintKpi,
  lintLevels,
  lintEscalation,
  lintPhoneRouting,
  lintOutbound,
  lintSuppression,
  lintResponseConfig,
  lintPostmortem,
  lintChanges,
  lintRecovery,
  lintStatusPage,
];

/** Lints a config that passed the schema with every domain's checks. Never throws. */
export function lintConfig(config: FaultlineConfig, now: Date): ConfigProblem[] {
  return LINTS.flatMap((lint) => lint(config, now));
}
