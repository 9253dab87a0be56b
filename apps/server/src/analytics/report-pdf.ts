/**
 * The monthly fault review as PDF (issue 11 item 4), made with pdfkit (as the postmortem PDF): the review's
 * text (`formatReview`, every number with its N and dictionary id) and the period's notable faults. The
 * built-in fonts print Latin text only (WinAnsi): other characters become `?`. Dates in the document are the
 * given `now`, so the same review gives the same file.
 */
import PDFDocument from 'pdfkit';
import type { AnalyticsDimension, AnalyticsIncidents, AnalyticsReview } from '@faultline/contracts';
import { formatReview } from './report-text.ts';

const printable = (s: string) =>
  s.replace(/[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, '?');

/**
 * @param notable the period's notable faults (the most severe levels), oldest first
 * @returns the PDF bytes
 */
export function renderReviewPdf(
  review: AnalyticsReview,
  dimension: AnalyticsDimension,
  notable: AnalyticsIncidents['incidents'],
  now: Date,
): Promise<Buffer> {
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
  const [title, ...lines] = formatReview(review, dimension).split('\n');
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
  doc.end();
  return done;
}
