import type { KpiSample } from '@faultline/contracts';
import { Box, Group, Paper, Text } from '@mantine/core';
import { useElementSize } from '@mantine/hooks';
import { type KeyboardEvent, type PointerEvent, useId, useMemo, useState } from 'react';
import {
  dropPercent,
  formatClock,
  formatDropPct,
  formatKpiValue,
  linePath,
  medianGap,
  nearestIndex,
  niceTicks,
  timeTicks,
  valueRange,
} from './chart-math.ts';

/** A vertical line at an instant, e.g. "Incident opened". */
export interface ChartMarker {
  at: string;
  label: string;
  color: string;
}

const VALUE_COLOR = 'var(--mantine-color-indigo-6)';
const BASELINE_COLOR = 'var(--mantine-color-gray-6)';
const GRID_COLOR = 'var(--mantine-color-default-border)';
const TEXT_COLOR = 'var(--mantine-color-dimmed)';
const MARGIN = { top: 12, right: 12, bottom: 24, left: 48 };
const DAY = 86_400_000;

function Swatch({ color, dashed = false }: { color: string; dashed?: boolean }) {
  return (
    <svg width={22} height={10} aria-hidden>
      <line x1={1} x2={21} y1={5} y2={5} stroke={color} strokeWidth={2} strokeDasharray={dashed ? '4 3' : undefined} />
    </svg>
  );
}

/** The chart's legend: the two series and each marker. */
export function ChartLegend({ markers }: { markers: readonly ChartMarker[] }) {
  return (
    <Group gap="md" mt={4} aria-label="Legend">
      <Group gap={4} wrap="nowrap">
        <Swatch color={VALUE_COLOR} />
        <Text size="xs">Value</Text>
      </Group>
      <Group gap={4} wrap="nowrap">
        <Swatch color={BASELINE_COLOR} dashed />
        <Text size="xs">Baseline</Text>
      </Group>
      {markers.map((marker) => (
        <Group gap={4} wrap="nowrap" key={`${marker.label}-${marker.at}`}>
          <Swatch color={marker.color} dashed />
          <Text size="xs">{marker.label}</Text>
        </Group>
      ))}
    </Group>
  );
}

/** A sentence a screen reader reads for the chart: the span, the latest value against baseline, the low. */
function describe(samples: readonly KpiSample[], from: number, to: number, withDay: boolean): string {
  const span = `From ${formatClock(from, withDay)} to ${formatClock(to, withDay)}`;
  const last = samples.at(-1);
  if (!last) return `${span}: no samples.`;
  const drop = dropPercent(last.value, last.baseline);
  let lowest = last;
  for (const sample of samples) if (sample.value < lowest.value) lowest = sample;
  return (
    `${span}, ${samples.length} samples. Latest ${formatKpiValue(last.value)} at ${formatClock(Date.parse(last.at), withDay)}` +
    (last.baseline === null ? '' : ` against a baseline of ${formatKpiValue(last.baseline)}`) +
    (drop !== null && drop > 0 ? ` (${formatDropPct(drop)} below)` : '') +
    `. Lowest ${formatKpiValue(lowest.value)} at ${formatClock(Date.parse(lowest.at), withDay)}.`
  );
}

/**
 * A KPI's value against its baseline over time, drawn as inline SVG: value solid, baseline dashed, and a
 * vertical line per marker. Hovering (or focusing and using ← →) reads out the nearest sample. The chart
 * has a text description for screen readers; `label` names it.
 */
export function KpiChart({
  samples,
  from,
  to,
  markers = [],
  height = 220,
  label,
}: {
  samples: readonly KpiSample[];
  from: string;
  to: string;
  markers?: readonly ChartMarker[];
  height?: number;
  label: string;
}) {
  const { ref, width } = useElementSize<HTMLDivElement>();
  const [active, setActive] = useState<number | null>(null);
  const titleId = useId();
  const descId = useId();

  const start = Date.parse(from);
  const end = Math.max(Date.parse(to), start + 60_000);
  const withDay = end - start > DAY;
  const times = useMemo(() => samples.map((sample) => Date.parse(sample.at)), [samples]);
  const range = useMemo(() => valueRange(samples), [samples]);
  const yTicks = niceTicks(range.min, range.max, 4);
  const yMin = yTicks[0] ?? 0;
  const yMax = yTicks.at(-1) ?? 1;

  const plotWidth = Math.max(10, width - MARGIN.left - MARGIN.right);
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const x = (t: number): number => MARGIN.left + ((t - start) / (end - start)) * plotWidth;
  const y = (v: number): number => MARGIN.top + (1 - (v - yMin) / (yMax - yMin || 1)) * plotHeight;
  const gap = medianGap(times) * 3;

  const valuePath = linePath(
    samples.map((s, i) => ({ t: times[i] ?? 0, v: s.value })),
    x,
    y,
    gap,
  );
  const baselinePath = linePath(
    samples.map((s, i) => ({ t: times[i] ?? 0, v: s.baseline })),
    x,
    y,
    gap,
  );
  // Ticks whose label would stick out of the plot are left out.
  const labelHalf = withDay ? 40 : 18;
  const xTicks = timeTicks(start, end, Math.max(2, Math.floor(plotWidth / (withDay ? 130 : 90)))).filter(
    (tick) => x(tick) - labelHalf >= MARGIN.left - 8 && x(tick) + labelHalf <= MARGIN.left + plotWidth + MARGIN.right,
  );
  const activeSample = active === null ? undefined : samples[active];
  const activeTime = active === null ? undefined : times[active];

  const onPointerMove = (event: PointerEvent<SVGSVGElement>): void => {
    const box = event.currentTarget.getBoundingClientRect();
    const t = start + ((event.clientX - box.left - MARGIN.left) / plotWidth) * (end - start);
    const index = nearestIndex(times, t);
    setActive(index === -1 ? null : index);
  };
  const onKeyDown = (event: KeyboardEvent<SVGSVGElement>): void => {
    if (samples.length === 0) return;
    const last = samples.length - 1;
    const moves: Record<string, number> = {
      ArrowLeft: Math.max(0, (active ?? last + 1) - 1),
      ArrowRight: Math.min(last, (active ?? -1) + 1),
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    if (next === undefined) {
      if (event.key === 'Escape') setActive(null);
      return;
    }
    event.preventDefault();
    setActive(next);
  };

  const activeDrop = activeSample ? dropPercent(activeSample.value, activeSample.baseline) : null;
  const readoutLeft = activeTime === undefined ? 0 : x(activeTime);

  return (
    <Box ref={ref} pos="relative" data-testid="kpi-chart" data-samples={samples.length}>
      {width > 0 && (
        <svg
          width={width}
          height={height}
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          tabIndex={0}
          onPointerMove={onPointerMove}
          onPointerLeave={() => setActive(null)}
          onKeyDown={onKeyDown}
          onBlur={() => setActive(null)}
          style={{ display: 'block', touchAction: 'pan-y', outlineOffset: 2 }}
        >
          <title id={titleId}>{label}</title>
          <desc id={descId}>{describe(samples, start, end, withDay)}</desc>
          <g aria-hidden>
            {yTicks.map((tick) => (
              <g key={tick}>
                <line x1={MARGIN.left} x2={MARGIN.left + plotWidth} y1={y(tick)} y2={y(tick)} stroke={GRID_COLOR} />
                <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" fontSize={11} fill={TEXT_COLOR}>
                  {formatKpiValue(tick)}
                </text>
              </g>
            ))}
            {xTicks.map((tick) => (
              <text key={tick} x={x(tick)} y={height - 6} textAnchor="middle" fontSize={11} fill={TEXT_COLOR}>
                {formatClock(tick, withDay)}
              </text>
            ))}
            {samples.length === 0 && (
              <text
                x={MARGIN.left + plotWidth / 2}
                y={MARGIN.top + plotHeight / 2}
                textAnchor="middle"
                fontSize={13}
                fill={TEXT_COLOR}
              >
                No samples in this period
              </text>
            )}
            <path d={baselinePath} fill="none" stroke={BASELINE_COLOR} strokeWidth={1.5} strokeDasharray="5 4" />
            <path d={valuePath} fill="none" stroke={VALUE_COLOR} strokeWidth={2} strokeLinejoin="round" />
            {markers.map((marker) => {
              const at = Date.parse(marker.at);
              if (Number.isNaN(at) || at < start || at > end) return null;
              return (
                <line
                  key={`${marker.label}-${marker.at}`}
                  x1={x(at)}
                  x2={x(at)}
                  y1={MARGIN.top}
                  y2={MARGIN.top + plotHeight}
                  stroke={marker.color}
                  strokeWidth={1.5}
                  strokeDasharray="3 3"
                />
              );
            })}
            {activeSample && activeTime !== undefined && (
              <g>
                <line
                  x1={x(activeTime)}
                  x2={x(activeTime)}
                  y1={MARGIN.top}
                  y2={MARGIN.top + plotHeight}
                  stroke={TEXT_COLOR}
                />
                {activeSample.baseline !== null && (
                  <circle cx={x(activeTime)} cy={y(activeSample.baseline)} r={3} fill={BASELINE_COLOR} />
                )}
                <circle cx={x(activeTime)} cy={y(activeSample.value)} r={3.5} fill={VALUE_COLOR} />
              </g>
            )}
          </g>
        </svg>
      )}
      {activeSample && activeTime !== undefined && (
        <Paper
          withBorder
          shadow="xs"
          px="xs"
          py={4}
          pos="absolute"
          top={MARGIN.top}
          left={readoutLeft > width / 2 ? undefined : readoutLeft + 10}
          right={readoutLeft > width / 2 ? width - readoutLeft + 10 : undefined}
          style={{ pointerEvents: 'none' }}
          role="status"
          aria-live="polite"
        >
          <Text size="xs" fw={600}>
            {formatClock(activeTime, withDay)}
          </Text>
          <Text size="xs">Value {formatKpiValue(activeSample.value)}</Text>
          <Text size="xs" c="dimmed">
            Baseline {formatKpiValue(activeSample.baseline)}
            {activeDrop !== null && activeDrop > 0 ? ` · ${formatDropPct(activeDrop)} below` : ''}
          </Text>
        </Paper>
      )}
    </Box>
  );
}

/** A small line of a KPI's recent values (and baseline, dashed) for a table cell. */
export function Sparkline({
  samples,
  color = VALUE_COLOR,
  width = 120,
  height = 28,
  label,
}: {
  samples: readonly KpiSample[];
  color?: string;
  width?: number;
  height?: number;
  label: string;
}) {
  const times = samples.map((sample) => Date.parse(sample.at));
  const first = times[0];
  const last = times.at(-1);
  if (first === undefined || last === undefined) {
    return (
      <Text size="xs" c="dimmed">
        no samples
      </Text>
    );
  }
  const { min, max } = valueRange(samples);
  const x = (t: number): number => 1 + ((t - first) / (last - first || 1)) * (width - 2);
  const y = (v: number): number => 2 + (1 - (v - min) / (max - min || 1)) * (height - 4);
  const gap = medianGap(times) * 3;
  return (
    <svg width={width} height={height} role="img" aria-label={label} style={{ display: 'block' }}>
      <path
        d={linePath(
          samples.map((s, i) => ({ t: times[i] ?? 0, v: s.baseline })),
          x,
          y,
          gap,
        )}
        fill="none"
        stroke={BASELINE_COLOR}
        strokeWidth={1}
        strokeDasharray="3 2"
      />
      <path
        d={linePath(
          samples.map((s, i) => ({ t: times[i] ?? 0, v: s.value })),
          x,
          y,
          gap,
        )}
        fill="none"
        stroke={color}
        strokeWidth={1.5}
      />
    </svg>
  );
}
