/**
 * Maintenance window verbs (docs/convergence.md#maintenance-windows): create, list, read, end early, delete.
 * Windows made here are stored; the config's are merged in (`store.ts`) and read-only here (409). Each check
 * of permissions comes first and each change writes its audit row in its transaction. Reading is
 * `incident:read`; changing is `incident:respond`, as for silences.
 *
 * Ending or deleting a window enqueues convergence's release check, so what it held and still fires pages at
 * once, once, instead of at its planned end; nothing stays suppressed after it.
 */
import { scheduleSuppressionPurge } from './jobs.ts';
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { MaintenanceWindowInput, MaintenanceWindowView, TimeIntervalInput } from '@faultline/contracts';
import { recordAudit, auditBy } from '../audit/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { actorOfCtx, authorizeCtx, type Verb } from '../kernel/index.ts';
import { formatMatcher } from '../levels/index.ts';
import { AppError } from '../lib/index.ts';
import {
  compileMaintenanceWindow,
  endMaintenanceAt,
  maintenanceState,
  type MaintenanceScheduleDraft,
  type MaintenanceWindow,
} from './maintenance.ts';
import { catalogIdsOf, configWindows } from './maintenance-config.ts';
import { windowOfRow, type MaintenanceWindowRow } from './store.ts';
import { maintenanceWindows } from './tables.ts';

/** A window as the API shows it; `specs` are the recurring window's time intervals as given. */
function viewOf(
  w: MaintenanceWindow,
  specs: TimeIntervalInput[] | null,
  row: MaintenanceWindowRow | null,
  now: Date,
): MaintenanceWindowView {
  const state = maintenanceState(w, now);
  const s = w.schedule;
  return {
    id: w.id,
    name: w.name,
    startsAt: s.kind === 'once' ? s.startsAt.toISOString() : null,
    endsAt: s.kind === 'once' ? s.endsAt.toISOString() : null,
    timeIntervals: s.kind === 'recurring' ? (specs ?? []).map((t) => structuredClone(t)) : null,
    scope: {
      services: [...w.scope.services],
      modules: [...w.scope.modules],
      businessLines: [...w.scope.businessLines],
      matchers: w.scope.matchers.map(formatMatcher),
    },
    effect: w.effect,
    comment: w.comment,
    createdBy: w.createdBy,
    status: state.status,
    openUntil: state.endsAt?.toISOString() ?? null,
    nextStartsAt: state.nextStartsAt?.toISOString() ?? null,
    closedUntil: w.closedUntil?.toISOString() ?? null,
    source: row ? 'api' : 'config',
    createdAt: row?.createdAt.toISOString() ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
    updatedBy: row?.updatedBy ?? null,
    statusPage: w.statusPage ? { title: w.statusPage.title, components: [...w.statusPage.components] } : null,
  };
}

function viewOfRow(row: MaintenanceWindowRow, now: Date): MaintenanceWindowView {
  const specs = row.schedule.kind === 'recurring' ? row.schedule.timeIntervals : null;
  return viewOf(windowOfRow(row), specs, row, now);
}

/** The config's windows with their time intervals as written, for the API. */
function configViews(ctx: Verb<unknown>['ctx'], now: Date): MaintenanceWindowView[] {
  const specsOf = new Map(ctx.config.config.maintenanceWindows.map((w) => [`maintenance:${w.id}`, w.timeIntervals]));
  return configWindows(ctx.config.config).map((w) => viewOf(w, specsOf.get(w.id) ?? null, null, now));
}

/**
 * The API body's schedule: `timeIntervals` (recurring) or `startsAt`/`endsAt` (one-off, starting now by default).
 * @throws AppError VALIDATION naming `timeIntervals` when both kinds or neither are given
 */
function scheduleOf(input: MaintenanceWindowInput, now: Date): MaintenanceScheduleDraft {
  if (input.timeIntervals && (input.startsAt || input.endsAt)) {
    throw new AppError('VALIDATION', 'give startsAt/endsAt (one-off) or timeIntervals (recurring), not both', [
      { path: 'timeIntervals', message: 'give startsAt/endsAt (one-off) or timeIntervals (recurring), not both' },
    ]);
  }
  if (input.timeIntervals) return { kind: 'recurring', timeIntervals: input.timeIntervals };
  if (!input.endsAt) {
    throw new AppError('VALIDATION', 'a one-off window needs endsAt; a recurring one timeIntervals', [
      { path: 'endsAt', message: 'is required for a one-off window (or give timeIntervals for a recurring one)' },
    ]);
  }
  return { kind: 'once', startsAt: input.startsAt ? new Date(input.startsAt) : now, endsAt: new Date(input.endsAt) };
}

/** Field paths of the pure validation (`schedule.endsAt`, `schedule.timeIntervals.0.months.1`) as the body's. */
function bodyPaths(err: unknown): never {
  if (err instanceof AppError && err.code === 'VALIDATION' && err.fields) {
    throw new AppError(
      'VALIDATION',
      err.message,
      err.fields.map((f) => ({
        ...f,
        path: f.path.replace(/^schedule\.kind$/, 'timeIntervals').replace(/^schedule\./, ''),
      })),
    );
  }
  throw err;
}

/** The effects applied so far; the others are refused rather than silently treated as another. */
const APPLIED_EFFECTS = new Set(['suppress-notifications', 'suppress-incidents', 'pause-escalations']);

/**
 * Creates a maintenance window.
 * @returns the stored window
 * @throws AppError VALIDATION naming the field (`endsAt`, `timeIntervals.0.days_of_month.0`,
 *   `scope.services.1`, `scope`, `name`, `effect`); FORBIDDEN below responder
 */
export async function createMaintenanceWindow({
  ctx,
  input,
}: Verb<MaintenanceWindowInput>): Promise<MaintenanceWindowView> {
  authorizeCtx(ctx, 'incident:respond');
  const now = ctx.clock.now();
  const effect = input.effect ?? 'suppress-notifications';
  if (!APPLIED_EFFECTS.has(effect)) {
    throw new AppError('VALIDATION', `effect ${effect} is not applied yet`, [
      {
        path: 'effect',
        message: `${effect} is not applied yet; use suppress-notifications, suppress-incidents or pause-escalations`,
      },
    ]);
  }
  // Shown on the status page: its components must be the page's (the title is required by the contract).
  const shown = input.statusPage?.show ? input.statusPage : null;
  if (shown) {
    const known = new Set(ctx.config.config.statusPage.components.map((c) => c.id));
    const bad = shown.components.flatMap((c, i) =>
      known.has(c) ? [] : [{ path: `statusPage.components.${i}`, message: `no status page component "${c}"` }],
    );
    if (bad.length) throw new AppError('VALIDATION', 'unknown status page component', bad);
  }
  let compiled: MaintenanceWindow;
  try {
    compiled = compileMaintenanceWindow(
      randomUUID(),
      {
        name: input.name,
        schedule: scheduleOf(input, now),
        scope: input.scope,
        effect,
        createdBy: input.createdBy ?? ctx.principal.name,
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
        statusPage: shown ? { title: shown.title ?? '', components: [...new Set(shown.components)] } : null,
      },
      catalogIdsOf(ctx.config.config),
      now,
    );
  } catch (err) {
    bodyPaths(err);
  }
  const s = compiled.schedule;
  return ctx.tx.transaction(async (tx) => {
    const [row] = await tx
      .insert(maintenanceWindows)
      .values({
        id: compiled.id,
        name: compiled.name,
        schedule:
          s.kind === 'once'
            ? { kind: 'once', startsAt: s.startsAt.toISOString(), endsAt: s.endsAt.toISOString() }
            : { kind: 'recurring', timeIntervals: (input.timeIntervals ?? []).map((t) => ({ ...t })) },
        scope: {
          services: [...compiled.scope.services],
          modules: [...compiled.scope.modules],
          businessLines: [...compiled.scope.businessLines],
          matchers: compiled.scope.matchers.map(formatMatcher),
        },
        effect: compiled.effect,
        comment: compiled.comment,
        createdBy: compiled.createdBy,
        closedUntil: null,
        statusPage: compiled.statusPage
          ? { title: compiled.statusPage.title, components: [...compiled.statusPage.components] }
          : null,
        createdAt: now,
        updatedAt: now,
        updatedBy: ctx.principal.name,
      })
      .returning();
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: 'maintenance.create',
      targetType: 'maintenance_window',
      targetId: row!.id,
      after: row,
    });
    await scheduleSuppressionPurge(tx, now);
    // A window open from now holds nothing yet; one that opens later is seen by convergence when it opens.
    return viewOfRow(row!, now);
  });
}

function refuseConfig(id: string): void {
  if (id.startsWith('maintenance:')) {
    throw new AppError('CONFLICT', `maintenance window ${id} is defined in the config file; change it there`);
  }
}

const RANK = { 'in-progress': 0, scheduled: 1, completed: 2 } as const;

/** The list order as one key (the API pages on it): status, then the next change (end or start), then id. */
export function maintenanceListKey(w: MaintenanceWindowView): string {
  return `${RANK[w.status]}|${w.openUntil ?? w.nextStartsAt ?? '~'}|${w.id}`;
}

/**
 * Every maintenance window, stored and from the config, ordered by status (in progress, scheduled,
 * completed), then next opening, then id.
 */
export async function listMaintenanceWindows({
  ctx,
  input,
}: Verb<{ status?: MaintenanceWindowView['status'] }>): Promise<MaintenanceWindowView[]> {
  authorizeCtx(ctx, 'incident:read');
  const now = ctx.clock.now();
  const stored = await ctx.tx.select().from(maintenanceWindows);
  const all = [...stored.map((r) => viewOfRow(r, now)), ...configViews(ctx, now)].sort((a, b) =>
    maintenanceListKey(a) < maintenanceListKey(b) ? -1 : 1,
  );
  return input.status ? all.filter((w) => w.status === input.status) : all;
}

/**
 * One maintenance window.
 * @throws AppError NOT_FOUND
 */
export async function getMaintenanceWindow({ ctx, input }: Verb<{ id: string }>): Promise<MaintenanceWindowView> {
  authorizeCtx(ctx, 'incident:read');
  const now = ctx.clock.now();
  const fromConfig = configViews(ctx, now).find((w) => w.id === input.id);
  if (fromConfig) return fromConfig;
  const [row] = await ctx.tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, input.id));
  if (!row) throw new AppError('NOT_FOUND', `no maintenance window ${input.id}`);
  return viewOfRow(row, now);
}

/**
 * Ends a window early: a one-off window ends now for good (a scheduled one is cancelled); a recurring one
 * skips the opening in progress. What it held and still fires pages at once, once.
 * @throws AppError NOT_FOUND; CONFLICT for a config window, one that has ended, or a recurring one not open now
 */
export async function endMaintenanceWindow({ ctx, input }: Verb<{ id: string }>): Promise<MaintenanceWindowView> {
  authorizeCtx(ctx, 'incident:respond');
  refuseConfig(input.id);
  const now = ctx.clock.now();
  return ctx.tx.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(maintenanceWindows)
      .where(eq(maintenanceWindows.id, input.id))
      .for('update');
    if (!before) throw new AppError('NOT_FOUND', `no maintenance window ${input.id}`);
    const closedUntil = endMaintenanceAt(windowOfRow(before), now);
    const [row] = await tx
      .update(maintenanceWindows)
      .set({ closedUntil, updatedAt: now, updatedBy: ctx.principal.name })
      .where(eq(maintenanceWindows.id, input.id))
      .returning();
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: 'maintenance.end',
      targetType: 'maintenance_window',
      targetId: input.id,
      before,
      after: row,
    });
    await enqueueJob(tx, 'convergence.release', {}, now, now);
    if (before.effect === 'pause-escalations')
      await enqueueJob(tx, 'escalation.resume', { windowId: input.id }, now, now);
    return viewOfRow(row!, now);
  });
}

/**
 * Deletes a stored window (also its future openings). What it held and still fires pages at once, once.
 * @throws AppError NOT_FOUND; CONFLICT for a config window
 */
export async function deleteMaintenanceWindow({ ctx, input }: Verb<{ id: string }>): Promise<void> {
  authorizeCtx(ctx, 'incident:respond');
  refuseConfig(input.id);
  const now = ctx.clock.now();
  await ctx.tx.transaction(async (tx) => {
    const [before] = await tx.delete(maintenanceWindows).where(eq(maintenanceWindows.id, input.id)).returning();
    if (!before) throw new AppError('NOT_FOUND', `no maintenance window ${input.id}`);
    await recordAudit(tx, {
      ...auditBy(actorOfCtx(ctx)),
      action: 'maintenance.delete',
      targetType: 'maintenance_window',
      targetId: input.id,
      before,
    });
    await enqueueJob(tx, 'convergence.release', {}, now, now);
    if (before.effect === 'pause-escalations')
      await enqueueJob(tx, 'escalation.resume', { windowId: input.id }, now, now);
  });
}
