/**
 * Sustained drops (DESIGN §4: a KPI-drop rule holds when the drop is ≥ X % "sustained over a window") and
 * the grade they give. Pure.
 *
 * A KPI watch keeps one sample per evaluation. The drop sustained over a window of W minutes is the
 * **smallest** drop among the samples of the last W minutes — the drop held at least that much all along —
 * and exists only when the samples **cover** the window: the current unbroken run of samples (no gap longer
 * than `maxGapMs`) began at or before `now − W + interval`. The interval of slack is there because a
 * sample stands for the interval it ends: with one evaluation a minute, the samples at 12:00 and 12:01 are
 * two minutes of KPI.
 */
import type { ServiceEntry } from '../catalog/index.ts';
import type { CompiledRule, CompiledRules } from '../levels/index.ts';
import { grade, type GradeResult } from '../levels/index.ts';

/** One evaluation's drop, in percent (negative above the baseline), at `at` (ms since the epoch). */
export interface DropSample {
  at: number;
  drop: number;
}

/**
 * The longest gap between two samples (or between the last one and now) that still counts as unbroken:
 * three intervals plus a second, so one failed evaluation and scheduling jitter do not break a window,
 * but an outage of the watch (errors, no data, a stopped engine) does.
 */
export function maxGapMs(intervalMs: number): number {
  return 3 * intervalMs + 1_000;
}

/**
 * The drop sustained over the last `windowMs`, or null when the samples do not cover the window.
 * @param samples ascending by `at`; samples after `now` are ignored
 * @param intervalMs the watch's evaluation (or expected push) interval
 */
export function sustainedDrop(
  samples: readonly DropSample[],
  now: number,
  windowMs: number,
  intervalMs: number,
): number | null {
  const gap = maxGapMs(intervalMs);
  let last = samples.length - 1;
  while (last >= 0 && samples[last]!.at > now) last--;
  if (last < 0 || now - samples[last]!.at > gap) return null;
  const from = now - windowMs;
  let min = Infinity;
  let i = last;
  for (;;) {
    const s = samples[i]!;
    if (s.at >= from) min = Math.min(min, s.drop);
    // The run covers the window once it reaches back to `now − W + interval`.
    if (s.at <= from + intervalMs) return min === Infinity ? s.drop : min;
    const prev = samples[i - 1];
    if (!prev || s.at - prev.at > gap) return null;
    i--;
  }
}

/** The distinct windows (minutes) of the KPI-drop rules among `rules`, ascending. */
export function kpiWindows(rules: readonly CompiledRule[]): number[] {
  const windows = new Set<number>();
  for (const r of rules) if (r.condition.type === 'kpiDrop') windows.add(r.condition.windowMinutes);
  return [...windows].sort((a, b) => a - b);
}

/** What the KPI alone grades an incident at: the chosen window's drop and the grade it gives. */
export interface KpiGrade {
  /** The impact fact to set on the incident (`kpiDrop`), percent rounded down to 0.1. */
  kpiDrop: { percent: number; windowMinutes: number };
  result: GradeResult;
}

/** A drop as an impact fact: rounded down to 0.1 % (never rounded up across a rule's threshold), 0–100. */
export function factPercent(drop: number): number {
  return Math.min(100, Math.max(0, Math.floor(drop * 10 + 1e-9) / 10));
}

/**
 * Whether grade `a` is more severe than `b`: the first sequence (in config order) where their levels differ
 * decides, a level beats none and a lower number beats a higher one.
 */
export function moreSevere(a: GradeResult, b: GradeResult, sequences: ReadonlyArray<{ id: string }>): boolean {
  for (const { id } of sequences) {
    const la = a.levels[id] ?? Infinity;
    const lb = b.levels[id] ?? Infinity;
    if (la !== lb) return la < lb;
  }
  return false;
}

/**
 * Grades the KPI's sustained drops with the service's rules: for each window W (minutes) with a drop,
 * grading facts `kpiDrop: {percent: drop_W, windowMinutes: W}`; the most severe outcome wins (on a tie the
 * shorter window). Only positive drops are graded.
 * @returns the winning window and its grade when some window gives a level; otherwise null
 */
export function gradeKpi(
  service: ServiceEntry | null,
  rules: CompiledRules,
  drops: ReadonlyMap<number, number | null>,
): KpiGrade | null {
  let best: KpiGrade | null = null;
  for (const [windowMinutes, drop] of [...drops].sort((a, b) => a[0] - b[0])) {
    if (drop === null || !(drop > 0)) continue;
    const kpiDrop = { percent: factPercent(drop), windowMinutes };
    const result = grade({ alerts: [], facts: { kpiDrop }, service }, rules);
    if (Object.keys(result.levels).length === 0) continue;
    if (!best || moreSevere(result, best.result, rules.sequences)) best = { kpiDrop, result };
  }
  return best;
}
