/**
 * A postmortem as PDF (issue 10 item 7), made with pdfkit from the same text as the Markdown export: headings
 * in bold, everything else as plain text (Markdown marks are kept as written; nothing is interpreted). The
 * built-in PDF fonts cover Latin text only (WinAnsi): other characters are printed as `?` until a Unicode font is
 * shipped. The document's dates are the given `now`, so the same postmortem gives the same file.
 */
import PDFDocument from 'pdfkit';
import type { PostmortemView } from '@faultline/contracts';
import { renderMarkdown } from './markdown.ts';

/** Characters the standard fonts can print (WinAnsi, roughly Latin-1); others become `?`. */
const printable = (s: string) =>
  s.replace(/[^\t\n\r\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u20ac]/g, '?');

/**
 * Renders `pm` as a PDF.
 * @param now the instant written as the document's creation date
 * @returns the PDF bytes
 */
export function renderPdf(pm: PostmortemView, now: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Postmortem #${pm.id}`, Creator: 'Faultline', CreationDate: now, ModDate: now },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const line of renderMarkdown(pm).split('\n')) {
    if (line.startsWith('# '))
      doc
        .font('Helvetica-Bold')
        .fontSize(16)
        .text(printable(line.slice(2)))
        .moveDown(0.5);
    else if (line.startsWith('## '))
      doc
        .moveDown(0.5)
        .font('Helvetica-Bold')
        .fontSize(12)
        .text(printable(line.slice(3)));
    else if (line === '') doc.moveDown(0.3);
    else doc.font('Helvetica').fontSize(9.5).text(printable(line));
  }
  doc.end();
  return done;
}
