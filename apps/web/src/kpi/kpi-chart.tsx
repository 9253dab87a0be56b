import type { KpiSample } from '@faultline/contracts';
import '@mantine/charts/styles.css';
import { LineChart } from '@mantine/charts';
import { Box, Group, Text, VisuallyHidden } from '@mantine/core';
import { useId, useMemo } from 'react';
import {
  chartRows,
  dropPercent,
  formatClock,
  formatDropPct,
  formatKpiValue,
  medianGap,
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
const DAY = 86_400_000;

function Swatch({ color, dashed = false }: { color: string; dashed?: boolean }) {
  return (
    <Box
      aria-hidden
      w={22}
      style={{ borderTop: `2px ${dashed ? 'dashed' : 'solid'} ${color}`, alignSelf: 'center' }}
      component="span"
    />
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
 * A KPI's value against its baseline over time, drawn with the console's chart library (`@mantine/charts`):
 * value solid, baseline dashed, a vertical reference line per marker, a break where samples are missing.
 * Hovering shows the nearest sample with its drop below the baseline. A text description is read to screen
 * readers; `label` names the chart.
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
  const descId = useId();
  const start = Date.parse(from);
  const end = Math.max(Date.parse(to), start + 60_000);
  const withDay = end - start > DAY;
  const rows = useMemo(() => chartRows(samples, medianGap(samples.map((s) => Date.parse(s.at))) * 3), [samples]);
  const range = useMemo(() => valueRange(samples), [samples]);
  const yTicks = niceTicks(range.min, range.max, 4);
  const xTicks = timeTicks(start, end, withDay ? 5 : 8);
  // The chart library hands labels over as it got them (a number, or a string for a category axis).
  const clock = (t: unknown): string => {
    const ms = Number(t);
    return Number.isFinite(ms) ? formatClock(ms, withDay) : '';
  };

  return (
    <Box data-testid="kpi-chart" data-samples={samples.length} role="img" aria-label={label} aria-describedby={descId}>
      <VisuallyHidden id={descId}>{describe(samples, start, end, withDay)}</VisuallyHidden>
      <LineChart
        h={height}
        data={rows}
        dataKey="t"
        withDots={false}
        connectNulls={false}
        curveType="linear"
        valueFormatter={(v) => formatKpiValue(v)}
        xAxisProps={{
          type: 'number',
          domain: [start, end],
          ticks: xTicks,
          tickFormatter: clock,
          allowDataOverflow: true,
        }}
        yAxisProps={{ domain: [yTicks[0] ?? 0, yTicks.at(-1) ?? 1], ticks: yTicks }}
        tooltipProps={{
          labelFormatter: (
            t: unknown,
            payload: ReadonlyArray<{ payload?: { value?: number; baseline?: number | null } }>,
          ) => {
            const row = payload[0]?.payload;
            const drop = row?.value !== undefined ? dropPercent(row.value, row.baseline ?? null) : null;
            return `${clock(t)}${drop !== null && drop > 0 ? ` · ${formatDropPct(drop)} below baseline` : ''}`;
          },
        }}
        referenceLines={markers.map((m) => ({
          x: Date.parse(m.at),
          color: m.color,
          strokeDasharray: '4 3',
          label: m.label,
          labelPosition: 'insideTopRight',
        }))}
        series={[
          { name: 'value', label: 'Value', color: VALUE_COLOR },
          { name: 'baseline', label: 'Baseline', color: BASELINE_COLOR, strokeDasharray: '4 3' },
        ]}
      />
    </Box>
  );
}

/** A small line of the value against its baseline, without axes (the watch list's rows). */
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
  const rows = useMemo(() => chartRows(samples, medianGap(samples.map((s) => Date.parse(s.at))) * 3), [samples]);
  if (samples.length === 0) {
    return (
      <Text size="xs" c="dimmed">
        no samples
      </Text>
    );
  }
  const { min, max } = valueRange(samples);
  return (
    <Box w={width} role="img" aria-label={label}>
      <LineChart
        h={height}
        w={width}
        data={rows}
        dataKey="t"
        withDots={false}
        withXAxis={false}
        withYAxis={false}
        withTooltip={false}
        gridAxis="none"
        connectNulls={false}
        strokeWidth={1.5}
        xAxisProps={{ type: 'number', domain: ['dataMin', 'dataMax'] }}
        yAxisProps={{ domain: [min, max] }}
        series={[
          { name: 'baseline', color: BASELINE_COLOR, strokeDasharray: '3 2' },
          { name: 'value', color },
        ]}
      />
    </Box>
  );
}
