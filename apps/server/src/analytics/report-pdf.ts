/**
 * The monthly fault review as PDF (issue 11 item 4), made with pdfkit (as the postmortem PDF): the review's
 * text (`formatReview`, every number with its N and dictionary id), its charts (`reportCharts`: Vega SVG placed
 * with svg-to-pdfkit, each with its dictionary ids and N under it) and the period's notable faults. The
 * built-in fonts print Latin text only (WinAnsi): other characters become `?`. Dates in the document are the
 * given `now`, so the same review gives the same file.
 */
import PDFDocument from 'pdfkit';
import type { AnalyticsDimension, AnalyticsIncidents, AnalyticsReview } from '@faultline/contracts';
import SVGtoPDF from 'svg-to-pdfkit';
import { reportCharts, type ReportChart } from './report-charts.ts';
import { formatReview, reportStrings } from './report-text.ts';

const printable = (s: string) =>
  s.replace(/[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, '?');

/** SVG px (96 dpi) to PDF points. */
const PT_PER_PX = 72 / 96;

/** The size an SVG declares (`width`/`height` attributes, px). */
function svgSize(svg: string): { width: number; height: number } {
  const num = (name: string) => Number(new RegExp(`<svg[^>]*\\s${name}="([\\d.]+)"`).exec(svg)?.[1] ?? 0);
  return { width: num('width'), height: num('height') };
}

/** Places one chart with its title and caption (dictionary ids and N); a new page when it does not fit. */
function placeChart(doc: PDFKit.PDFDocument, c: ReportChart): void {
  const left = doc.page.margins.left;
  const room = doc.page.width - left - doc.page.margins.right;
  const size = c.svg ? svgSize(c.svg) : { width: 0, height: 0 };
  const scale = Math.min(PT_PER_PX, size.width ? room / size.width : 1);
  const height = size.height * scale;
  if (doc.y + height + 50 > doc.page.height - doc.page.margins.bottom) doc.addPage();
  doc.font('Helvetica-Bold').fontSize(10).text(printable(c.title), left);
  doc.font('Helvetica').fontSize(8).fillColor('#444').text(printable(c.caption), left).fillColor('black');
  if (c.svg) {
    const y = doc.y + 4;
    SVGtoPDF(doc as never, c.svg, left, y, {
      width: size.width * scale,
      height,
      assumePt: true,
      preserveAspectRatio: 'xMinYMin meet',
      fontCallback: (_family, bold) => (bold ? 'Helvetica-Bold' : 'Helvetica'),
    });
    doc.x = left;
    doc.y = y + height + 4;
  }
  doc.moveDown(0.8);
}

/**
 * @param notable the period's notable faults (the most severe levels), oldest first
 * @param locale the report's language (only `en` yet; the seam for its translation)
 * @returns the PDF bytes
 */
export async function renderReviewPdf(
  review: AnalyticsReview,
  dimension: AnalyticsDimension,
  notable: AnalyticsIncidents['incidents'],
  now: Date,
  locale = 'en',
): Promise<Buffer> {
  const charts = await reportCharts(review, locale);
  const p = review.period;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Fault review ${p.from} to ${p.to}`, Creator: 'Faultline', CreationDate: now, ModDate: now },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const [title, ...lines] = formatReview(review, dimension, locale).split('\n');
  doc.font('Helvetica-Bold').fontSize(15).text(printable(title!)).moveDown(0.5);
  for (const line of lines) {
    if (line === '') doc.moveDown(0.4);
    else if (!line.startsWith(' ') && !line.includes('\t'))
      doc.font('Helvetica-Bold').fontSize(11).text(printable(line));
    else
      doc
        .font('Courier')
        .fontSize(8.5)
        .text(printable(line.replaceAll('\t', '  ')));
  }
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(11).text(`Notable faults (${notable.length})`);
  for (const i of notable) {
    const levels = Object.entries(i.levels)
      .map(([s, n]) => `${s}${n}`)
      .join(' ');
    doc
      .font('Helvetica')
      .fontSize(9)
      .text(
        printable(
          `#${i.id} ${levels} ${i.title} - ${i.team ?? 'no team'} / ${i.service ?? 'no service'}, detected ${i.detectedAt}, ${i.status}`,
        ),
      );
  }
  doc.addPage().font('Helvetica-Bold').fontSize(13).text(reportStrings(locale).charts).moveDown(0.4);
  for (const c of charts) placeChart(doc, c);
  doc.end();
  return done;
}
