/**
 * The approved (active) level-rule version of each module, as grading uses them. Only approved versions
 * grade (DESIGN §4); drafts, pending and rejected versions never do.
 */
import { eq } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { levelRuleVersions } from './tables.ts';
import type { LevelRuleConfig } from './config.ts';
import type { ApprovedRules } from './rules.ts';

export type { ApprovedRules };

export async function loadApprovedRules(db: Db): Promise<ApprovedRules> {
  const rowsApproved = await db
    .select({ module: levelRuleVersions.module, rules: levelRuleVersions.rules })
    .from(levelRuleVersions)
    .where(eq(levelRuleVersions.status, 'approved'));
  return new Map(rowsApproved.map((r) => [r.module, r.rules as LevelRuleConfig[]]));
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** Re-reads the approved level-rule versions and recompiles the rules (after an approval). */
    refreshRules(): Promise<void>;
  }
}
