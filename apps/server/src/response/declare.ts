/**
 * Declaring an incident (issue 17 point 1; DESIGN §5 "people report faults too"): a person opens an incident
 * with a title, a service, a level, a description, a source (`customer`, `internal`, `public-opinion`,
 * `monitoring`) and a reporter. It is graded and paged like any other: the level is set through incident's
 * `setLevelByPerson`, which pages the owning team's escalation policy as an upgrade does.
 */
import { randomUUID } from 'node:crypto';
import type { DeclareIncidentInput } from '@faultline/contracts';
import { authorizeCtx as authorize, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { openIncident, setLevelByPerson, type IncidentDrill } from '../incident/index.ts';
import type { Db } from '../db/index.ts';
import { declarations } from './tables.ts';

/** The parsed body of `POST /api/v1/incidents`. */
export type DeclareInput = Omit<DeclareIncidentInput, 'sequence' | 'description'> & {
  sequence: string;
  description: string;
};

/**
 * Opens an incident declared by `ctx.principal`; returns its id.
 * @throws AppError VALIDATION naming `service` (unknown) or `level`/`sequence`; FORBIDDEN without
 *   incident:respond on the service's team
 */
export async function declareIncident({ ctx, input }: Verb<DeclareInput>): Promise<number> {
  return declare({ ctx, input });
}

/** A drill's part of a declaration (`drills.ts`): who it may page, and what runs in its transaction. */
export interface DrillPart {
  drill: IncidentDrill;
  /** Runs in the declaration's transaction after the incident is opened, before it is graded and paged. */
  then: (tx: Db, incidentId: number) => Promise<void>;
}

/** `declareIncident`, or a fault drill's declaration when `drill` is given (issue 17 point 10). */
export async function declare({ ctx, input, drill }: Verb<DeclareInput> & { drill?: DrillPart }): Promise<number> {
  const cfg = ctx.config;
  const service = input.service ?? null;
  const svc = service ? cfg.catalog.service(service) : null;
  if (service && !svc)
    throw new AppError('VALIDATION', `unknown service ${service}`, [
      { path: 'service', message: `no service "${service}" in the catalog` },
    ]);
  const team = svc?.team ?? null;
  authorize(ctx, 'incident:respond', team);
  const now = ctx.clock.now();
  const impact = input.impactStartedAt ? new Date(input.impactStartedAt) : null;
  if (impact && impact.getTime() > now.getTime() + 60_000)
    throw new AppError('VALIDATION', 'impactStartedAt is in the future', [
      { path: 'impactStartedAt', message: 'the impact cannot start in the future' },
    ]);
  const reporter = input.reporter?.trim() || ctx.principal.name;
  return ctx.tx.transaction(async (tx) => {
    const row = await openIncident(tx, {
      title: input.title,
      groupKey: `declared:${randomUUID()}`,
      service,
      team,
      risk: input.level === null || input.level === undefined,
      impactStartedAt: impact,
      now,
      actor: ctx.principal.name,
      message: drill
        ? `DRILL declared by ${ctx.principal.name}: pages only ${drill.drill.participants.join(', ')}`
        : `declared by ${ctx.principal.name} (source: ${input.source}, reported by ${reporter})`,
      data: { source: input.source, reporter, ...(drill ? { drill: true } : {}) },
      drill: drill?.drill ?? null,
    });
    await tx.insert(declarations).values({
      incidentId: row.id,
      source: input.source,
      reporter,
      description: input.description,
      declaredBy: ctx.principal.name,
      declaredAt: now,
    });
    if (drill) await drill.then(tx, row.id);
    if (input.level !== null && input.level !== undefined) {
      // Grading's own checks name `sequence` and `level`; the page goes out as for any upgrade.
      await setLevelByPerson(
        tx,
        cfg,
        row.id,
        { sequence: input.sequence, level: input.level, reason: `declared at this level by ${ctx.principal.name}` },
        ctx.principal.name,
        now,
      );
    }
    return row.id;
  });
}
