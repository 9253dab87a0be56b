/**
 * KPI watches as configured (`kpiWatches` in the config) joined with their stored state: lookups, the API
 * views, and the start-up step that gives every watch a state row and one waiting evaluation.
 */
import type { KpiWatchView } from '@faultline/contracts';
import { authorizeCtx as authorize, type Runtime, type LoadedConfig, type Verb } from '../kernel/index.ts';
import type { KpiWatchConfig } from './config.ts';
import type { ModuleEntry, ServiceEntry } from '../catalog/index.ts';
import { AppError, redactText } from '../lib/index.ts';
import { lockWatchState, pendingEvaluations, watchStates, type WatchStateRow } from './store.ts';
import { enqueueJob } from '../engine/index.ts';

/** A watch with what evaluating it needs from the catalog. */
export interface WatchContext {
  watch: KpiWatchConfig;
  /** The watch's module; undefined when the config names an unknown one (the watch then reports an error). */
  module: ModuleEntry | undefined;
  /** The service its incidents are opened on: `service`, else the module's first service; null if none. */
  service: ServiceEntry | null;
  /** `everySeconds` in ms. */
  intervalMs: number;
}

/** The configured watch with this id and its catalog entries, or undefined. */
export function watchContext(cfg: LoadedConfig, watchId: string): WatchContext | undefined {
  const watch = cfg.config.kpiWatches.find((w) => w.id === watchId);
  if (!watch) return undefined;
  const module = cfg.catalog.module(watch.module);
  const serviceId = watch.service ?? module?.services[0];
  return {
    watch,
    module,
    service: serviceId ? (cfg.catalog.service(serviceId) ?? null) : null,
    intervalMs: watch.everySeconds * 1000,
  };
}

/**
 * The watch, or NOT_FOUND.
 * @throws AppError NOT_FOUND
 */
export function requireWatch(cfg: LoadedConfig, watchId: string): WatchContext {
  const ctx = watchContext(cfg, watchId);
  if (!ctx) throw new AppError('NOT_FOUND', `KPI watch ${watchId} is not configured`);
  return ctx;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toView(ctx: WatchContext, state: WatchStateRow | undefined): KpiWatchView {
  const { watch } = ctx;
  const status = state?.status ?? 'pending';
  return {
    id: watch.id,
    module: watch.module,
    service: ctx.service?.id ?? watch.service ?? null,
    source: watch.source,
    query: watch.query ?? null,
    baseline: { ...watch.baseline },
    everySeconds: watch.everySeconds,
    status: (['ok', 'breach', 'error', 'no-data'].includes(status) ? status : 'pending') as KpiWatchView['status'],
    lastEvaluatedAt: iso(state?.lastEvaluatedAt ?? null),
    lastValue: state?.lastValue ?? null,
    lastBaseline: state?.lastBaseline ?? null,
    lastDropPct: state?.lastDropPct ?? null,
    // Redacted again when shown: states written before redaction existed.
    lastError: state?.lastError ? redactText(state.lastError) : null,
    breachStartedAt: iso(state?.breachStartedAt ?? null),
    incidentId: state?.incidentId ?? null,
  };
}

/** Every configured watch with its state, in config order. */
export async function listKpiWatches(rt: Pick<Runtime, 'db' | 'config'>): Promise<KpiWatchView[]> {
  const cfg = rt.config();
  const ids = cfg.config.kpiWatches.map((w) => w.id);
  const states = await watchStates(rt.db, ids);
  return ids.map((id) => toView(watchContext(cfg, id)!, states.get(id)));
}

/**
 * One watch with its state.
 * @throws AppError NOT_FOUND
 */
export async function getKpiWatch(rt: Pick<Runtime, 'db' | 'config'>, watchId: string): Promise<KpiWatchView> {
  const ctx = requireWatch(rt.config(), watchId);
  const states = await watchStates(rt.db, [watchId]);
  return toView(ctx, states.get(watchId));
}

/** Every configured watch with its state, for a principal with `incident:read`. @throws AppError FORBIDDEN */
export async function readKpiWatches({ ctx }: Verb<Record<string, never>>): Promise<KpiWatchView[]> {
  authorize(ctx, 'incident:read');
  return listKpiWatches({ db: ctx.tx, config: () => ctx.config });
}

/** One watch with its state, for a principal with `incident:read`. @throws AppError FORBIDDEN; NOT_FOUND */
export async function readKpiWatch({ ctx, input }: Verb<{ watchId: string }>): Promise<KpiWatchView> {
  authorize(ctx, 'incident:read');
  return getKpiWatch({ db: ctx.tx, config: () => ctx.config }, input.watchId);
}

/**
 * Gives every configured watch a state row and, unless one is pending already (from before a restart, or
 * from another node starting at the same time), an evaluation due now. Idempotent: call it at start and
 * after a config reload. Watches removed from the config are left alone; their last evaluation does not
 * reschedule them.
 */
export async function startKpiWatches(rt: Pick<Runtime, 'db' | 'config' | 'clock' | 'log'>): Promise<number> {
  const cfg = rt.config();
  let scheduled = 0;
  for (const watch of cfg.config.kpiWatches) {
    const now = rt.clock.now();
    const added = await rt.db.transaction(async (tx) => {
      // The state row lock serialises this with evaluations and with other nodes starting.
      await lockWatchState(tx, watch.id);
      if ((await pendingEvaluations(tx, watch.id)) > 0) return false;
      await enqueueJob(tx, 'kpi.evaluate', { watchId: watch.id }, now, now);
      return true;
    });
    if (added) scheduled++;
  }
  if (cfg.config.kpiWatches.length > 0) {
    rt.log.info({ watches: cfg.config.kpiWatches.length, scheduled }, 'KPI watches started');
  }
  return scheduled;
}
