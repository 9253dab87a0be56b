/**
 * The monthly report's charts (issue 11 item 4): the charts people compare month to month — incidents by
 * bucket and level, durations (median and p90), 1-5-10 compliance per stage, deployments against faults and
 * the on-call load — as Vega-Lite specifications rendered to SVG by Vega on the server (pure JavaScript, no
 * canvas: text is laid out with Vega's built-in width estimate), for `report-pdf.ts` to place into the PDF
 * with svg-to-pdfkit. Each chart carries its caption: the dictionary id(s) and N behind its numbers, as the
 * report's text does. A chart whose N is 0 is not drawn: its caption says there is no data.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { AnalyticsReview } from '@faultline/contracts';
import { reportStrings, type ReportStrings } from './report-text.ts';

/** One chart of the report: its title, the caption with dictionary ids and N, and the SVG (null: no data). */
export interface ReportChart {
  title: string;
  /** `[incident_count] N=3 · excluded: cancelled 1` — the dictionary id(s) and N behind the chart. */
  caption: string;
  /** The chart as SVG (px at 96 dpi), or null when it has no data (then `caption` says so). */
  svg: string | null;
}

/** Chart width in SVG px; the PDF scales it to the text width. */
const WIDTH = 560;
const HEIGHT = 170;
const FONT = 'Helvetica';

const minutes = (ms: number | null) => (ms === null ? null : Math.round((ms / 60_000) * 10) / 10);

/** Renders a Vega-Lite spec to SVG (deterministic: no clock, no randomness, no canvas). */
async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const CONFIG: TopLevelSpec['config'] = {
  font: FONT,
  axis: { labelFont: FONT, titleFont: FONT, labelFontSize: 10, titleFontSize: 10 },
  legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 10, titleFontSize: 10 },
  view: { stroke: null },
  background: 'white',
};

/** A bar chart over `values` (rows of `x`, `y`, and an optional series field drawn side by side or stacked). */
function bars(
  values: Array<Record<string, string | number | null>>,
  o: {
    x: string;
    xTitle: string;
    y: string;
    yTitle: string;
    series?: { field: string; title: string; stacked: boolean; order?: string[] };
    yMax?: number;
    /** Counts: whole-number ticks only. */
    whole?: boolean;
    horizontal?: boolean;
  },
): TopLevelSpec {
  const cat = { field: o.x, type: 'nominal' as const, title: o.xTitle, sort: null, axis: { labelAngle: 0 } };
  const val = {
    field: o.y,
    type: 'quantitative' as const,
    title: o.yTitle,
    ...(o.series?.stacked ? { stack: 'zero' as const } : { stack: null }),
    ...(o.yMax !== undefined ? { scale: { domain: [0, o.yMax] } } : {}),
    ...(o.whole ? { axis: { tickMinStep: 1, format: 'd' } } : {}),
  };
  const color = o.series
    ? {
        color: {
          field: o.series.field,
          type: 'nominal' as const,
          title: o.series.title,
          ...(o.series.order ? { scale: { domain: o.series.order } } : {}),
        },
      }
    : {};
  const offset =
    o.series && !o.series.stacked
      ? {
          [o.horizontal ? 'yOffset' : 'xOffset']: {
            field: o.series.field,
            ...(o.series.order ? { sort: o.series.order } : {}),
          },
        }
      : {};
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: o.horizontal ? WIDTH - 160 : { step: 40 },
    height: o.horizontal ? { step: 22 } : HEIGHT,
    data: { values },
    mark: { type: 'bar', tooltip: false },
    encoding: o.horizontal ? { y: cat, x: val, ...color, ...offset } : { x: cat, y: val, ...color, ...offset },
    config: CONFIG,
  } as TopLevelSpec;
}

/**
 * The report's charts of `review`, in the report's order.
 * @param locale the language of titles, axes and captions (only `en` for now; see `reportStrings`)
 */
export async function reportCharts(review: AnalyticsReview, locale = 'en'): Promise<ReportChart[]> {
  const t: ReportStrings = reportStrings(locale);
  const bucket = t.bucket[review.period.bucket];
  const out: ReportChart[] = [];
  const chart = async (title: string, caption: string, n: number, spec: () => TopLevelSpec) =>
    out.push({
      title,
      caption: n === 0 ? `${caption} · ${t.noData}` : caption,
      svg: n === 0 ? null : await toSvg(spec()),
    });

  // Incidents by bucket and level.
  const counts = review.counts.find((c) => c.dimension === 'level')!;
  const excluded = counts.excluded.map((e) => `${e.reason} ${e.count}`).join(', ');
  await chart(
    t.countsTitle(bucket),
    `[${counts.metric}] N=${counts.n}${excluded ? ` · ${t.excluded}: ${excluded}` : ''}`,
    counts.n,
    () =>
      bars(
        counts.rows.flatMap((r) =>
          counts.keys.map((k) => ({ bucket: r.bucket, level: k, incidents: r.counts[k] ?? 0 })),
        ),
        {
          x: 'bucket',
          xTitle: bucket,
          y: 'incidents',
          yTitle: t.incidents,
          whole: true,
          series: { field: 'level', title: t.level, stacked: true, order: counts.keys },
        },
      ),
  );

  // Durations: median and p90 of each, in minutes.
  const durations = review.durations;
  await chart(
    t.durationsTitle,
    durations.map((d) => `${t.duration[d.metric]} [${d.metric}] N=${d.overall.n}`).join(' · '),
    durations.reduce((a, d) => a + d.overall.n, 0),
    () =>
      bars(
        durations.flatMap((d) =>
          (['median', 'p90'] as const).map((s) => ({
            metric: t.duration[d.metric],
            stat: s,
            minutes: minutes(d.overall[s]),
          })),
        ),
        {
          x: 'metric',
          xTitle: t.metric,
          y: 'minutes',
          yTitle: t.minutes,
          series: { field: 'stat', title: t.statistic, stacked: false, order: ['median', 'p90'] },
        },
      ),
  );

  // 1-5-10 compliance per stage (and level): met ÷ N in %.
  const rows = review.compliance.rows;
  const stageN = (s: string) => rows.filter((r) => r.stage === s).reduce((a, r) => a + r.n, 0);
  const levels = [...new Set(rows.map((r) => r.level))];
  await chart(
    t.complianceTitle,
    `[${review.compliance.metric}] ${(['detect', 'locate', 'recover'] as const).map((s) => `${t.stage[s]} N=${stageN(s)}`).join(' · ')}`,
    rows.reduce((a, r) => a + r.n, 0),
    () =>
      bars(
        rows.map((r) => ({
          stage: t.stage[r.stage],
          level: r.level,
          met: r.rate === null ? null : Math.round(r.rate * 1000) / 10,
        })),
        {
          x: 'stage',
          xTitle: t.stageAxis,
          y: 'met',
          yTitle: t.metPercent,
          yMax: 100,
          series: { field: 'level', title: t.level, stacked: false, order: levels },
        },
      ),
  );

  // Deployments against faults per bucket.
  const rel = review.releases;
  const deploys = rel.rows.reduce((a, r) => a + r.deploys, 0);
  const incidents = rel.rows.reduce((a, r) => a + r.incidents, 0);
  const series = [t.deploys, t.incidents, t.changeInduced];
  await chart(
    t.releasesTitle,
    `[${rel.metric}] ${t.deploys} N=${deploys} · ${t.incidents} N=${incidents} · [${rel.changeInducedShare.metric}] ${rel.changeInducedShare.count} of N=${rel.changeInducedShare.n}`,
    deploys + incidents,
    () =>
      bars(
        rel.rows.flatMap((r) => [
          { bucket: r.bucket, series: series[0]!, count: r.deploys },
          { bucket: r.bucket, series: series[1]!, count: r.incidents },
          { bucket: r.bucket, series: series[2]!, count: r.changeInduced },
        ]),
        {
          x: 'bucket',
          xTitle: bucket,
          y: 'count',
          yTitle: t.count,
          whole: true,
          series: { field: 'series', title: '', stacked: false, order: series },
        },
      ),
  );

  // On-call load per person by hour band.
  const o = review.oncallLoad;
  const bands = [t.band.business, t.band.off, t.band.sleep];
  await chart(t.oncallTitle, `[${o.metric}] N=${o.n} ${t.pages} · ${o.rows.length} ${t.people}`, o.n, () =>
    bars(
      o.rows.flatMap((r) => [
        { person: r.person, band: bands[0]!, pages: r.business },
        { person: r.person, band: bands[1]!, pages: r.off },
        { person: r.person, band: bands[2]!, pages: r.sleep },
      ]),
      {
        x: 'person',
        xTitle: t.person,
        y: 'pages',
        yTitle: t.pages,
        whole: true,
        series: { field: 'band', title: t.hours, stacked: true, order: bands },
        horizontal: true,
      },
    ),
  );
  return out;
}
