/** Pure helpers of the KPI chart: scales, ticks, windows and number formatting (no React, unit-tested). */
import type { KpiSample } from '@faultline/contracts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** `iso` rounded down to the minute, so a window computed "now" keeps the same query key for a minute. */
export function floorToMinute(ms: number): string {
  return new Date(Math.floor(ms / MINUTE) * MINUTE).toISOString();
}

/** `ms` rounded up to the next whole minute (unchanged when already whole), as an ISO instant. */
export function ceilToMinute(ms: number): string {
  return new Date(Math.ceil(ms / MINUTE) * MINUTE).toISOString();
}

/**
 * The span of an incident's KPI chart: from one hour before it opened to now, or, once it is mitigated,
 * to 30 minutes after that (never past now). Instants are whole minutes.
 */
export function incidentChartWindow(
  incident: { createdAt: string; mitigatedAt: string | null },
  now: number,
): { from: string; to: string } {
  const opened = Date.parse(incident.createdAt);
  const mitigated = incident.mitigatedAt ? Date.parse(incident.mitigatedAt) : Number.NaN;
  const end = Number.isNaN(mitigated) ? now : Math.min(now, mitigated + 30 * MINUTE);
  return { from: floorToMinute(opened - HOUR), to: ceilToMinute(Math.max(end, opened)) };
}

/**
 * About `count` round tick values covering [min, max] (steps of 1, 2 or 5 × 10ⁿ). A flat range is widened
 * so a single value still gets an axis.
 */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const first = Math.floor(min / step) * step;
  const ticks = [Number(first.toPrecision(12))];
  // The last tick is the first one at or above `max`, so the highest value stays inside the axis.
  for (let i = 1; (ticks.at(-1) ?? max) < max; i += 1) ticks.push(Number((first + i * step).toPrecision(12)));
  return ticks;
}

const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].map((minutes) => minutes * MINUTE);

/** Tick instants (epoch ms) on round clock times between `from` and `to`, at most `maxTicks` of them. */
export function timeTicks(from: number, to: number, maxTicks = 6): number[] {
  if (!(to > from)) return [from];
  const span = to - from;
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / HOUR) * HOUR;
  // Round in the viewer's zone for steps under a day, so ticks fall on :00, :15, … local time.
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil((from - offset) / step) * step + offset; t <= to; t += step) ticks.push(t);
  return ticks;
}

/** The y range a chart needs for values and baselines: from 0 (or the lowest negative) to the highest. */
export function valueRange(samples: readonly KpiSample[]): { min: number; max: number } {
  let min = 0;
  let max = Number.NEGATIVE_INFINITY;
  for (const sample of samples) {
    for (const v of [sample.value, sample.baseline]) {
      if (v === null || !Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max: Number.isFinite(max) ? max : 1 };
}

/** A KPI value for an axis or a table: `1,234`, `12.5`, `1.2M`, `0.25`. */
export function formatKpiValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1_000_000) return `${trim(value / 1_000_000)}M`;
  if (abs >= 100_000) return `${trim(value / 1_000)}k`;
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 1) return trim(value);
  return abs === 0 ? '0' : String(Number(value.toPrecision(2)));
}

function trim(value: number): string {
  return String(Number(value.toFixed(1)));
}

/** A drop percentage, `35.2 %` (positive = below baseline). */
export function formatDropPct(pct: number | null | undefined): string {
  if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
  return `${Number(pct.toFixed(1))} %`;
}

/** Index of the sample nearest to `at` (epoch ms) in samples sorted by time; -1 when there are none. */
export function nearestIndex(times: readonly number[], at: number): number {
  if (times.length === 0) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs((times[lo - 1] ?? 0) - at) <= Math.abs((times[lo] ?? 0) - at)) return lo - 1;
  return lo;
}

/**
 * SVG path of a series, as `M x y L x y …`; a `null` value or a gap of more than `maxGapMs` between two
 * samples starts a new segment, so missing data is not drawn as a straight line.
 */
export function linePath(
  points: ReadonlyArray<{ t: number; v: number | null }>,
  x: (t: number) => number,
  y: (v: number) => number,
  maxGapMs = Number.POSITIVE_INFINITY,
): string {
  let path = '';
  let previous: number | null = null;
  for (const { t, v } of points) {
    if (v === null || !Number.isFinite(v)) {
      previous = null;
      continue;
    }
    const command = previous === null || t - previous > maxGapMs ? 'M' : 'L';
    path += `${path ? ' ' : ''}${command}${x(t).toFixed(1)} ${y(v).toFixed(1)}`;
    previous = t;
  }
  return path;
}

/** The usual distance between samples (their median gap), to tell a gap in the data from the cadence. */
export function medianGap(times: readonly number[]): number {
  if (times.length < 2) return Number.POSITIVE_INFINITY;
  const gaps = times
    .slice(1)
    .map((t, i) => t - (times[i] ?? t))
    .sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? Number.POSITIVE_INFINITY;
}

const clockFormat = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
const dayClockFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** A chart time in the viewer's zone: `14:05`, or `21 Nov, 14:05` when the chart spans more than a day. */
export function formatClock(ms: number, withDay = false): string {
  return (withDay ? dayClockFormat : clockFormat).format(new Date(ms));
}

/** How far `value` is below `baseline`, in % (negative when above); null without a usable baseline. */
export function dropPercent(value: number, baseline: number | null): number | null {
  if (baseline === null || !Number.isFinite(baseline) || baseline <= 0) return null;
  return ((baseline - value) / baseline) * 100;
}

/** One row of a KPI line chart: the instant (ms) and both series; null breaks the line. */
export interface ChartRow {
  t: number;
  value: number | null;
  baseline: number | null;
}

/**
 * The chart library's rows of `samples`: one per sample, plus a row of nulls inside every gap wider than
 * `gapMs`, so the line breaks where samples are missing instead of drawing across the hole.
 */
export function chartRows(samples: readonly KpiSample[], gapMs: number): ChartRow[] {
  const rows: ChartRow[] = [];
  let prev: number | undefined;
  for (const s of samples) {
    const t = Date.parse(s.at);
    if (prev !== undefined && gapMs > 0 && t - prev > gapMs)
      rows.push({ t: (prev + t) / 2, value: null, baseline: null });
    rows.push({ t, value: s.value, baseline: s.baseline });
    prev = t;
  }
  return rows;
}
