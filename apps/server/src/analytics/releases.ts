/**
 * Releases against faults (dictionary `releases_vs_faults`, `change_induced_share`, `change_failure_rate`,
 * `rollback_share`). Seed 000: "months with many releases have more faults" — both counts are shown side by
 * side per bucket, never divided into each other. The change failure rate is read from people's `caused`
 * verdicts on changes, not from incidents ÷ deployments.
 */
import type { ReleasesView } from '@faultline/contracts';
import { bucketOf, type Period } from './buckets.ts';
import type { Selection } from './counts.ts';
import type { ChangeFacts } from './facts.ts';
import { rate } from './stats.ts';

/** Which changes a query covers: those that landed on one of `services` (null: every change). */
export interface ChangeScope {
  services: ReadonlySet<string> | null;
}

export function releasesVsFaults(
  selection: Selection,
  changes: readonly ChangeFacts[],
  period: Period,
  scope: ChangeScope,
): ReleasesView {
  const rows = new Map(
    period.buckets.map((b) => [b.key, { bucket: b.key, deploys: 0, changes: 0, incidents: 0, changeInduced: 0 }]),
  );
  let inPeriod = 0;
  let failed = 0;
  for (const c of changes) {
    const bucket = bucketOf(period, c.startedAt);
    if (bucket === null) continue;
    if (scope.services && !c.services.some((s) => scope.services!.has(s))) continue;
    const row = rows.get(bucket)!;
    row.changes += 1;
    if (c.kind === 'deploy') row.deploys += 1;
    inPeriod += 1;
    if (c.caused.length > 0) failed += 1;
  }
  let induced = 0;
  let mitigated = 0;
  let rolledBack = 0;
  for (const { f, bucket } of selection.counted) {
    const row = rows.get(bucket)!;
    row.incidents += 1;
    if (f.causedBy.length > 0) {
      row.changeInduced += 1;
      induced += 1;
    }
    if (f.milestones.mitigated_at || f.milestones.resolved_at) {
      mitigated += 1;
      if (f.recoveryMethods.includes('rollback')) rolledBack += 1;
    }
  }
  const n = selection.counted.length;
  return {
    metric: 'releases_vs_faults',
    rows: [...rows.values()],
    changeInducedShare: { metric: 'change_induced_share', count: induced, n, rate: rate(induced, n) },
    changeFailureRate: { metric: 'change_failure_rate', count: failed, n: inPeriod, rate: rate(failed, inPeriod) },
    rollbackShare: { metric: 'rollback_share', count: rolledBack, n: mitigated, rate: rate(rolledBack, mitigated) },
  };
}
