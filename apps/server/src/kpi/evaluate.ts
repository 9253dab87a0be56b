/**
 * KPI watch evaluation (DESIGN §2 "KPI watch", §4 "KPI drop … sustained over a window"): the `kpi.evaluate`
 * job of one watch.
 *
 * 1. Measure: a `prometheus` watch runs its query now and its baseline (outside any transaction); a `push`
 *    watch reads its latest pushed sample.
 * 2. In one transaction, with the watch's state row locked: store the sample, update the state
 *    (ok / breach / error / no-data), grade, and schedule the next evaluation — so exactly one evaluation
 *    waits per watch, across restarts and nodes.
 * 3. Grade only on a value with a baseline (an error or no data grades nothing): for each window W of the
 *    KPI-drop rules that apply to the watch's service, the drop sustained over W (`sustained.ts`); the most
 *    severe outcome is set on the watch's incident as the impact fact `kpiDrop` and the incident is
 *    re-graded (upgrade-only, pages like any upgrade). A drop of at least `riskPercent` that no rule grades,
 *    held for two evaluations, opens a **risk** (visible, not paged). When the drop falls back below
 *    `riskPercent` for two evaluations the incident gets a `kpi_recovered` entry, once; nothing is resolved
 *    automatically.
 * A watch removed from the config is not rescheduled.
 */
import type { Runtime, LoadedConfig } from '../kernel/index.ts';
import type { JobOutcome } from '../engine/index.ts';
import type { Db } from '../db/index.ts';
import { regradeIncident, addTimeline, retitleIncident } from '../incident/index.ts';
import { formatLevel } from '../levels/index.ts';
import { dropPercent } from './baseline.ts';
import { compare, measurePrometheus, type Measurement } from './measure.ts';
import { prometheusClient } from './prometheus.ts';
import {
  gradeKpi,
  kpiWindows,
  maxGapMs,
  moreSevere,
  sustainedDrop,
  type DropSample,
  type KpiGrade,
} from './sustained.ts';
import {
  findOpenByGroupKey,
  isOpen,
  kpiGroupKey,
  lockIncidentRow,
  openKpiIncident,
  type IncidentRow,
} from './incident.ts';
import {
  latestSample,
  lockWatchState,
  samplesBetween,
  saveWatchState,
  scheduleEvaluation,
  upsertSamples,
  type WatchStateRow,
} from './store.ts';
import { watchContext, type WatchContext } from './watches.ts';

/** What the evaluation keeps in `kpi_watch_state.details` between runs. */
interface Details {
  /** Drop sustained over each rule window (minutes → %), null where the samples do not cover it. */
  sustained?: Record<string, number | null>;
  /** `<incident>@<breach start>` once a `kpi_breach` entry was written for this breach on that incident. */
  breachNoted?: string;
  /** When the drop first fell back below the risk threshold during a breach (ISO); the breach ends at the next evaluation still below. */
  belowSince?: string;
  /** The levels the KPI last set on an incident: a person's later downgrade holds until the KPI gets worse. */
  graded?: { incidentId: number; levels: Record<string, number> };
}

/** Evaluates one watch; the `kpi.evaluate` job handler. */
export async function evaluateKpiWatch(rt: Runtime, watchId: string): Promise<JobOutcome> {
  const cfg = rt.config();
  const ctx = watchContext(cfg, watchId);
  if (!ctx) {
    rt.log.info({ watchId }, 'KPI watch is no longer configured: it is not evaluated again');
    return { kind: 'done' };
  }
  const now = rt.clock.now();
  const measured = ctx.watch.source === 'prometheus' ? await measureConfigured(rt, cfg, ctx, now) : null;
  const r = await rt.db.transaction((tx) => applyEvaluation(tx, cfg, ctx, measured, now));
  if (r.created !== null) rt.bus.publish({ type: 'incident.created', incidentId: r.created });
  rt.bus.publish({ type: 'kpi.evaluated', watchId, module: ctx.watch.module });
  return { kind: 'done', incidentIds: r.touched };
}

/** Measures a Prometheus watch, or explains why it cannot be measured. */
async function measureConfigured(rt: Runtime, cfg: LoadedConfig, ctx: WatchContext, now: Date): Promise<Measurement> {
  if (!ctx.module) return { kind: 'error', message: `module ${ctx.watch.module} is not in the catalog` };
  const prom = cfg.config.prometheus;
  if (!prom) return { kind: 'error', message: 'no Prometheus is configured (set prometheus.url)' };
  return measurePrometheus(prometheusClient({ ...prom, fetch: rt.outbound.fetch }), ctx.watch, now);
}

/** Measures a push watch from its latest pushed sample (inside the evaluation's transaction). */
async function measurePushed(db: Db, ctx: WatchContext, now: Date): Promise<Measurement> {
  if (!ctx.module) return { kind: 'error', message: `module ${ctx.watch.module} is not in the catalog` };
  const latest = await latestSample(db, ctx.watch.id);
  if (!latest) return { kind: 'no-data', reason: 'no sample has been pushed yet' };
  const age = now.getTime() - latest.at.getTime();
  if (age > maxGapMs(ctx.intervalMs)) {
    return {
      kind: 'no-data',
      reason: `no sample pushed for ${Math.round(age / 1000)} s (the latest is from ${latest.at.toISOString()}; expected every ${ctx.watch.everySeconds} s)`,
    };
  }
  if (latest.baseline === null) {
    return {
      kind: 'no-baseline',
      value: latest.value,
      baseline: null,
      reason: 'no baseline for the latest pushed sample (no stored sample at the baseline time)',
    };
  }
  return compare(latest.value, { value: latest.baseline });
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** Applies one measurement in the caller's transaction; returns the incidents it opened or changed. */
async function applyEvaluation(
  tx: Db,
  cfg: LoadedConfig,
  ctx: WatchContext,
  measured: Measurement | null,
  now: Date,
): Promise<{ created: number | null; touched: number[] }> {
  const { watch } = ctx;
  const state = await lockWatchState(tx, watch.id);
  const m = measured ?? (await measurePushed(tx, ctx, now));
  const details: Details = { ...(state.details as Details) };
  const out = { created: null as number | null, touched: [] as number[] };

  if (watch.source === 'prometheus' && (m.kind === 'value' || m.kind === 'no-baseline')) {
    await upsertSamples(tx, [
      { watchId: watch.id, at: now, value: m.value, baseline: m.baseline, source: 'prometheus' },
    ]);
  }
  state.lastEvaluatedAt = now;
  switch (m.kind) {
    case 'error':
      Object.assign(state, { status: 'error', lastError: m.message });
      break;
    case 'no-data':
      Object.assign(state, { status: 'no-data', lastError: m.reason });
      break;
    case 'no-baseline':
      Object.assign(state, {
        status: 'no-data',
        lastError: m.reason,
        lastValue: m.value,
        lastBaseline: m.baseline,
        lastDropPct: null,
      });
      break;
    case 'value':
      Object.assign(state, { lastError: null, lastValue: m.value, lastBaseline: m.baseline, lastDropPct: m.drop });
      await grade(tx, cfg, ctx, m, state, details, now, out);
      break;
  }
  state.details = details as Record<string, unknown>;
  await saveWatchState(tx, state);
  await scheduleEvaluation(tx, watch.id, new Date(now.getTime() + ctx.intervalMs), now);
  return out;
}

/** The drops of the watch's recent samples, oldest first (samples without a baseline are left out). */
async function recentDrops(db: Db, watchId: string, now: Date, lookBackMs: number): Promise<DropSample[]> {
  const list = await samplesBetween(db, watchId, new Date(now.getTime() - lookBackMs), now);
  const out: DropSample[] = [];
  for (const s of list) {
    const drop = s.baseline === null ? null : dropPercent(s.value, s.baseline);
    if (drop !== null) out.push({ at: s.at.getTime(), drop });
  }
  return out;
}

/** Sustained drops, grading, the incident or risk, breach and recovery entries (see the module comment). */
async function grade(
  tx: Db,
  cfg: LoadedConfig,
  ctx: WatchContext,
  m: Extract<Measurement, { kind: 'value' }>,
  state: WatchStateRow,
  details: Details,
  now: Date,
  out: { created: number | null; touched: number[] },
): Promise<void> {
  const { watch } = ctx;
  const windows = kpiWindows(cfg.rules.forService(ctx.service));
  const drops = new Map<number, number | null>();
  if (windows.length > 0) {
    const lookBack = windows.at(-1)! * 60_000 + maxGapMs(ctx.intervalMs) + ctx.intervalMs;
    const samples = await recentDrops(tx, watch.id, now, lookBack);
    for (const w of windows) drops.set(w, sustainedDrop(samples, now.getTime(), w * 60_000, ctx.intervalMs));
  }
  details.sustained = Object.fromEntries([...drops].map(([w, d]) => [String(w), d === null ? null : round1(d)]));
  const graded = gradeKpi(ctx.service, cfg.rules, drops);

  const breaching = graded !== null || m.drop >= watch.riskPercent;
  const wasBreaching = state.breachStartedAt;
  state.status = breaching ? 'breach' : 'ok';
  if (breaching) {
    details.belowSince = undefined;
    state.breachStartedAt ??= now;
  } else if (wasBreaching) {
    // A breach ends after two evaluations in a row below the risk threshold, so a KPI hovering around it
    // does not write a breach and a recovery entry on every crossing.
    if (!details.belowSince) {
      details.belowSince = now.toISOString();
      return;
    }
    details.belowSince = undefined;
    state.breachStartedAt = null;
  }
  // Nothing to do on an incident while the KPI is and was fine (the common case: no incident lookups).
  if (!breaching && !wasBreaching) return;

  const linked = state.incidentId !== null ? await lockIncidentRow(tx, state.incidentId) : null;
  const groupKey = kpiGroupKey(ctx.service?.id ?? null, watch.id);
  let incident: IncidentRow | null = linked && isOpen(linked) ? linked : null;
  incident ??= await findOpenByGroupKey(tx, groupKey);

  if (!breaching) {
    // Recovered: say so once on the incident that was told about this breach; resolve nothing.
    const episode = wasBreaching!.toISOString();
    if (incident && details.breachNoted === `${incident.id}@${episode}`) {
      await addTimeline(tx, {
        incidentId: incident.id,
        at: now,
        kind: 'kpi_recovered',
        actor: `kpi:${watch.id}`,
        message: `KPI ${label(ctx)} recovered: ${num(m.value)} against baseline ${num(m.baseline)} (${formatDrop(m.drop)}, below the risk threshold of ${watch.riskPercent} %). Nothing was resolved automatically.`,
        data: evidence(ctx, m, null),
      });
      details.breachNoted = undefined;
      out.touched.push(incident.id);
    }
    return;
  }

  const episode = state.breachStartedAt!.toISOString();
  const heldTwice = state.breachStartedAt!.getTime() < now.getTime();
  if (!incident) {
    // A risk a person dismissed (or an incident they resolved) during this breach is not reopened as a
    // risk; a drop that grades a level opens a new incident all the same.
    const closedDuringBreach =
      linked !== null && !isOpen(linked) && linked.updatedAt.getTime() >= state.breachStartedAt!.getTime();
    if (!graded && (!heldTwice || closedDuringBreach)) return;
    incident = await openKpiIncident(tx, {
      watchId: watch.id,
      groupKey,
      service: ctx.service?.id ?? null,
      team: ctx.service?.team ?? null,
      title: incidentTitle(ctx, graded ? graded.kpiDrop.percent : m.drop),
      impactStartedAt: state.breachStartedAt!,
      reason: `${label(ctx)} is ${num(m.value)} against baseline ${num(m.baseline)} (${formatDrop(m.drop)})`,
      now,
    });
    out.created = incident.id;
  }
  state.incidentId = incident.id;
  out.touched.push(incident.id);

  const noteKey = `${incident.id}@${episode}`;
  const worse =
    graded !== null &&
    (incident.risk ||
      details.graded?.incidentId !== incident.id ||
      moreSevere(graded.result, { levels: details.graded.levels, risk: false, explanation: [] }, cfg.rules.sequences));
  if (graded && worse) {
    // The title of an incident this watch opened follows the drop that grades it (it may have opened as a
    // small risk).
    if (incident.groupKey === groupKey)
      await retitleIncident(tx, incident.id, incidentTitle(ctx, graded.kpiDrop.percent));
    await addTimeline(tx, {
      incidentId: incident.id,
      at: now,
      kind: 'kpi_breach',
      actor: `kpi:${watch.id}`,
      message: breachMessage(ctx, m, graded, incident),
      data: evidence(ctx, m, graded),
    });
    await regradeIncident(tx, cfg, incident.id, now, {
      actor: `kpi:${watch.id}`,
      factsPatch: { kpiDrop: graded.kpiDrop },
    });
    details.graded = { incidentId: incident.id, levels: { ...graded.result.levels } };
    details.breachNoted = noteKey;
  } else if (details.breachNoted !== noteKey) {
    await addTimeline(tx, {
      incidentId: incident.id,
      at: now,
      kind: 'kpi_breach',
      actor: `kpi:${watch.id}`,
      message: breachMessage(ctx, m, graded, incident),
      data: evidence(ctx, m, graded),
    });
    details.breachNoted = noteKey;
  }
}

/** E.g. `Checkout KPI successful orders/min down 35 % against baseline`. */
function incidentTitle(ctx: WatchContext, drop: number): string {
  return `${ctx.module?.name ?? ctx.watch.module} KPI ${ctx.watch.description ?? ctx.watch.id} down ${Math.round(drop)} % against baseline`;
}

function label(ctx: WatchContext): string {
  return ctx.watch.description ? `${ctx.watch.description} (${ctx.watch.id})` : ctx.watch.id;
}

function formatDrop(drop: number): string {
  return drop >= 0 ? `down ${round1(drop)} %` : `up ${round1(-drop)} %`;
}

function breachMessage(
  ctx: WatchContext,
  m: Extract<Measurement, { kind: 'value' }>,
  graded: KpiGrade | null,
  incident: IncidentRow,
): string {
  const head = `KPI ${label(ctx)} is ${num(m.value)} against baseline ${num(m.baseline)} (${formatDrop(m.drop)})`;
  if (!graded && incident.risk) {
    return `${head}: below every level rule, recorded as a risk (≥ ${ctx.watch.riskPercent} %, not paged)`;
  }
  if (!graded) return `${head}: below every level rule; the incident keeps its level`;
  const levels = Object.entries(graded.result.levels)
    .map(([seq, level]) => formatLevel(seq, level))
    .join(', ');
  return `${head}; sustained ≥ ${graded.kpiDrop.percent} % over ${graded.kpiDrop.windowMinutes} min → ${levels}`;
}

/** The evidence a KPI timeline entry carries. */
function evidence(
  ctx: WatchContext,
  m: Extract<Measurement, { kind: 'value' }>,
  graded: KpiGrade | null,
): Record<string, unknown> {
  return {
    watchId: ctx.watch.id,
    module: ctx.watch.module,
    source: ctx.watch.source,
    query: ctx.watch.query ?? null,
    baseline: ctx.watch.baseline,
    value: m.value,
    baselineValue: m.baseline,
    dropPct: round1(m.drop),
    riskPercent: ctx.watch.riskPercent,
    ...(graded
      ? {
          windowMinutes: graded.kpiDrop.windowMinutes,
          sustainedDropPct: graded.kpiDrop.percent,
          levels: Object.fromEntries(Object.entries(graded.result.levels).map(([s, l]) => [s, formatLevel(s, l)])),
          rules: graded.result.explanation.map((e) => e.ruleId),
        }
      : {}),
  };
}
