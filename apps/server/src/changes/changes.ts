/** Recording changes (API, CLI, PagerDuty change events, mapped webhooks), finishing and listing them. */
import type { z } from 'zod';
import type { ChangeFilter, ChangeFinish, ChangeInput, ChangeView } from '@faultline/contracts';
import { authorizeCtx as authorize, type Ctx, type Verb } from '../kernel/index.ts';
import { AppError, validationError } from '../lib/index.ts';
import type { NewChange } from './record.ts';
import { changeById, changeView, finishChange, listChanges, upsertChange } from './store.ts';

/** How far ahead of the server's clock a change's times may be (a sender's clock runs a little fast), ms. */
export const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Resolves each service name (id or alias) through the catalog.
 * @throws AppError VALIDATION naming `<path>.<i>` for a service the catalog does not know
 */
function resolveServices(ctx: Ctx, names: readonly string[], path: string): string[] {
  const catalog = ctx.config.catalog;
  const problems: Array<{ path: string; message: string }> = [];
  const ids = names.map((name, i) => {
    const svc = catalog.resolveService(name);
    if (!svc) problems.push({ path: `${path}.${i}`, message: `no service "${name}" in the catalog` });
    return svc?.id ?? name;
  });
  if (problems.length > 0) throw validationError(problems, 'change');
  return [...new Set(ids)];
}

/**
 * Records a change (or updates the one with the same source, key and external id).
 *
 * Needs `incident:respond` on the team of every service it landed on (a deploy pipeline's token).
 * Services are resolved through the catalog (ids or aliases); times may be at most MAX_FUTURE_MS ahead;
 * `endedAt` not before `startedAt`; `rollbackOf` must name an existing change.
 * @throws AppError VALIDATION naming the field, FORBIDDEN
 */
export async function recordChange({ ctx, input }: Verb<NewChange>): Promise<ChangeView> {
  const services = resolveServices(
    ctx,
    input.services,
    input.source === 'api' || input.source === 'cli' ? 'services' : 'service',
  );
  for (const s of services) authorize(ctx, 'incident:respond', ctx.config.catalog.service(s)?.team ?? null);
  const now = ctx.clock.now();
  const problems: Array<{ path: string; message: string }> = [];
  if (input.startedAt.getTime() > now.getTime() + MAX_FUTURE_MS)
    problems.push({ path: 'startedAt', message: `in the future (server time ${now.toISOString()})` });
  if (input.endedAt && input.endedAt.getTime() < input.startedAt.getTime())
    problems.push({ path: 'endedAt', message: 'before startedAt' });
  if (problems.length > 0) throw validationError(problems, 'change');
  return ctx.tx.transaction(async (tx) => {
    if (input.rollbackOf !== null && !(await changeById(tx, input.rollbackOf)))
      throw validationError([{ path: 'rollbackOf', message: `no change ${input.rollbackOf}` }], 'change');
    const { row } = await upsertChange(tx, { ...input, services }, now);
    return changeView(row);
  });
}

/** The API body as a change (source `api`, or `cli` when the CLI recorded it). */
export function changeFromInput(b: z.output<typeof ChangeInput>, now: Date): NewChange {
  const endedAt = b.endedAt ? new Date(b.endedAt) : null;
  return {
    kind: b.kind,
    summary: b.summary,
    services: b.services,
    environment: b.environment ?? null,
    labels: b.labels ?? {},
    startedAt: b.startedAt ? new Date(b.startedAt) : now,
    endedAt,
    status: b.status ?? (endedAt ? 'succeeded' : 'running'),
    exitCode: b.exitCode ?? null,
    author: b.author ?? null,
    source: b.source,
    sourceKey: null,
    externalId: b.externalId ?? null,
    url: b.url ?? null,
    rollbackOf: b.rollbackOf ?? null,
    details: {},
  };
}

/**
 * Finishes a running change (`faultline change run` when the command exits).
 * @throws AppError NOT_FOUND, CONFLICT when it has already ended, VALIDATION when the end is before the start
 */
export async function finishChangeVerb({
  ctx,
  input,
}: Verb<{ id: number; finish: ChangeFinish }>): Promise<ChangeView> {
  return ctx.tx.transaction(async (tx) => {
    const row = await changeById(tx, input.id, true);
    if (!row) throw new AppError('NOT_FOUND', `change ${input.id} does not exist`);
    for (const s of row.services) authorize(ctx, 'incident:respond', ctx.config.catalog.service(s)?.team ?? null);
    if (row.endedAt) throw new AppError('CONFLICT', `change ${input.id} already ended at ${row.endedAt.toISOString()}`);
    const endedAt = input.finish.endedAt ? new Date(input.finish.endedAt) : ctx.clock.now();
    if (endedAt.getTime() < row.startedAt.getTime())
      throw validationError([{ path: 'endedAt', message: 'before the change started' }], 'change');
    return changeView(
      await finishChange(tx, input.id, {
        endedAt,
        status: input.finish.status,
        exitCode: input.finish.exitCode ?? null,
      }),
    );
  });
}

/** One change (needs `incident:read`). @throws AppError NOT_FOUND */
export async function getChange({ ctx, input }: Verb<{ id: number }>): Promise<ChangeView> {
  authorize(ctx, 'incident:read');
  const row = await changeById(ctx.tx, input.id);
  if (!row) throw new AppError('NOT_FOUND', `change ${input.id} does not exist`);
  return changeView(row);
}

/** A page of changes, newest start first (needs `incident:read`). */
export async function listChangesPage({
  ctx,
  input,
}: Verb<{ filter: ChangeFilter; after: readonly [string, number] | undefined; limit: number }>): Promise<ChangeView[]> {
  authorize(ctx, 'incident:read');
  return (await listChanges(ctx.tx, input.filter, input.after, input.limit)).map(changeView);
}
