/**
 * A postmortem as PDF (issue 10 item 7), made with pdfkit from the same text as the Markdown export: headings
 * in bold, everything else as plain text (Markdown marks are kept as written; nothing is interpreted).
 *
 * Text is set in Noto Sans CJK SC (Noto Sans Hans, OFL-1.1, shipped by the npm package `@embedpdf/fonts-sc`),
 * which covers Chinese, Japanese kana, Latin, Greek and Cyrillic; pdfkit embeds only the glyphs used (a subset),
 * so a report grows by tens of kilobytes, not the font's 8 MB. A character the font has no glyph for (emoji,
 * most other scripts) is printed as `?` rather than as an empty box. The document's dates are the given `now`,
 * so the same postmortem gives the same file.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import type { PostmortemView } from '@faultline/contracts';
import { renderMarkdown } from './markdown.ts';

interface LoadedFont {
  bytes: Buffer;
  has: (codePoint: number) => boolean;
}

let fonts: { regular: LoadedFont; bold: LoadedFont } | undefined;

/** The two faces, read once (the package exports only its list of files, so the path is taken beside it). */
function loadFonts(): { regular: LoadedFont; bold: LoadedFont } {
  if (fonts) return fonts;
  const dir = join(dirname(createRequire(import.meta.url).resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  const load = (file: string): LoadedFont => {
    const bytes = readFileSync(join(dir, file));
    const font = fontkit.create(bytes) as fontkit.Font;
    return { bytes, has: (cp) => font.hasGlyphForCodePoint(cp) };
  };
  fonts = { regular: load('NotoSansHans-Regular.otf'), bold: load('NotoSansHans-Bold.otf') };
  return fonts;
}

/**
 * `s` with every character `font` cannot draw replaced by `?` (a whole code point: an emoji or a character
 * outside the Basic Multilingual Plane becomes one `?`). Tabs and line breaks are kept.
 */
export function printableIn(s: string, has: (codePoint: number) => boolean): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += cp === 9 || cp === 10 || cp === 13 || has(cp) ? ch : cp === 0xfe0f || cp === 0x200d ? '' : '?';
  }
  return out;
}

/**
 * Renders `pm` as a PDF.
 * @param now the instant written as the document's creation date
 * @returns the PDF bytes
 */
export function renderPdf(pm: PostmortemView, now: Date): Promise<Buffer> {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Postmortem #${pm.id}`, Creator: 'Faultline', CreationDate: now, ModDate: now },
  });
  doc.registerFont('body', regular.bytes);
  doc.registerFont('heading', bold.bytes);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const line of renderMarkdown(pm).split('\n')) {
    if (line.startsWith('# '))
      doc
        .font('heading')
        .fontSize(16)
        .text(printableIn(line.slice(2), bold.has))
        .moveDown(0.5);
    else if (line.startsWith('## '))
      doc
        .moveDown(0.5)
        .font('heading')
        .fontSize(12)
        .text(printableIn(line.slice(3), bold.has));
    else if (line === '') doc.moveDown(0.3);
    else doc.font('body').fontSize(9.5).text(printableIn(line, regular.has));
  }
  doc.end();
  return done;
}
