/**
 * Past incidents recorded after the fact (issue 11 "import history"; docs/analytics.md#importing-history):
 * written as resolved, with their key times, marked `imported_from`, and nothing else — no page, no
 * escalation, no timer, no postmortem job — so analytics has real history from day one. Only the incident
 * domain writes incidents; analytics' importers parse files into this shape.
 */
import type { z } from 'zod';
import type { ImportedIncident, ImportResult } from '@faultline/contracts';
import { authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { incidents, timeline } from './tables.ts';

type Row = z.output<typeof ImportedIncident>;

const at = (s: string | null) => (s === null ? null : new Date(s));

/**
 * Imports a batch in one transaction; an incident whose `externalId` was imported before is skipped.
 * @throws AppError FORBIDDEN unless server:admin; VALIDATION naming `incidents.<i>.<field>` when a key time
 *   comes before detection's predecessor (resolved before detected, mitigated after resolved)
 */
export async function importIncidents({ ctx, input }: Verb<{ incidents: Row[] }>): Promise<ImportResult> {
  authorize(ctx, 'server:admin');
  const problems = input.incidents.flatMap((r, i) => {
    const out: Array<{ path: string; message: string }> = [];
    const t = (s: string | null) => (s === null ? null : Date.parse(s));
    if (t(r.resolvedAt)! < t(r.detectedAt)!)
      out.push({ path: `incidents.${i}.resolvedAt`, message: 'before detectedAt' });
    if (r.mitigatedAt !== null && t(r.mitigatedAt)! > t(r.resolvedAt)!)
      out.push({ path: `incidents.${i}.mitigatedAt`, message: 'after resolvedAt' });
    return out;
  });
  if (problems.length)
    throw new AppError('VALIDATION', problems.map((p) => `${p.path} ${p.message}`).join('; '), problems);
  const now = ctx.clock.now();
  return ctx.tx.transaction(async (tx) => {
    let imported = 0;
    for (const r of input.incidents) {
      const detected = new Date(r.detectedAt);
      const [row] = await tx
        .insert(incidents)
        .values({
          title: r.title,
          status: 'resolved',
          groupKey: `import:${r.externalId}`,
          service: r.service,
          team: r.team,
          levels: r.level === null ? {} : { [r.sequence]: r.level },
          risk: false,
          createdAt: detected,
          updatedAt: now,
          impactStartedAt: at(r.impactStartedAt),
          detectedAt: detected,
          acknowledgedAt: at(r.acknowledgedAt),
          mitigatedAt: at(r.mitigatedAt),
          resolvedAt: new Date(r.resolvedAt),
          importedFrom: r.externalId,
        })
        .onConflictDoNothing()
        .returning({ id: incidents.id });
      if (!row) continue;
      imported += 1;
      await tx.insert(timeline).values({
        incidentId: row.id,
        at: now,
        kind: 'imported',
        actor: ctx.principal.name,
        message: `imported from ${r.externalId} by ${ctx.principal.name}: recorded after the fact, paged nobody`,
        data: { externalId: r.externalId },
      });
    }
    return { imported, skipped: input.incidents.length - imported };
  });
}
