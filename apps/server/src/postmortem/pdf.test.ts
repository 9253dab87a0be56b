import { describe, expect, it } from 'vitest';
import { extractText } from 'unpdf';
import { PostmortemSections, type PostmortemView } from '@faultline/contracts';
import { printableIn, renderPdf } from './pdf.ts';

const view = (title: string, rootCause: string): PostmortemView => ({
  id: 7,
  incidentId: 42,
  incidentTitle: title,
  incidentStatus: 'resolved',
  status: 'draft',
  level: 'P1',
  owner: 'ana@example.com',
  team: 'payments',
  classification: 'dependency',
  detectionSource: 'monitoring',
  changesReviewedBy: null,
  monitoringReviewedBy: null,
  clockExplanation: null,
  sections: PostmortemSections.parse({ summary: title, rootCause }),
  template: [...Object.keys(PostmortemSections.shape)] as PostmortemView['template'],
  templateSource: 'default',
  calendar: 'cn',
  dueAt: '2026-10-09T16:00:00.000Z',
  overdue: false,
  reviewMeetingAt: null,
  openedBy: 'system',
  createdAt: '2026-10-08T10:00:00.000Z',
  publishedAt: null,
  publishedBy: null,
  checkpoints: [],
  actions: [],
  classifications: ['dependency'],
  trackers: [],
});

const textOf = async (pdf: Buffer) =>
  (await extractText(new Uint8Array(pdf), { mergePages: true })).text.replace(/\s+/g, ' ');

describe('postmortem PDF', () => {
  it('prints Chinese text in an embedded font, and it reads back', async () => {
    const pdf = await renderPdf(
      view('支付服务超时', '下游**银行网关**连接池耗尽（max=50），重试风暴放大了延迟。'),
      new Date('2026-10-08T12:00:00Z'),
    );
    const text = await textOf(pdf);
    expect(text).toContain('Postmortem #7: 支付服务超时');
    expect(text).toContain('下游**银行网关**连接池耗尽（max=50），重试风暴放大了延迟。');
    expect(text).not.toContain('??????');
    // The font is subset: the document stays small although the font file is 8 MB.
    expect(pdf.length).toBeLessThan(300_000);
    expect(pdf.toString('latin1')).toMatch(/\/FontFile3|\/FontFile2/);
  });

  it('prints Latin, Cyrillic and Japanese kana, and replaces what the font lacks (emoji) with ?', async () => {
    const pdf = await renderPdf(
      view('Checkout café down — Привет カタカナ 😀 done', 'Root cause: ñ ü ß € “quoted”'),
      new Date('2026-10-08T12:00:00Z'),
    );
    const text = await textOf(pdf);
    expect(text).toContain('Checkout café down — Привет カタカナ ? done');
    expect(text).toContain('Root cause: ñ ü ß € “quoted”');
  });

  it('the same postmortem gives the same file', async () => {
    const now = new Date('2026-10-08T12:00:00Z');
    const a = await renderPdf(view('支付服务超时', '原因'), now);
    const b = await renderPdf(view('支付服务超时', '原因'), now);
    expect(a.equals(b)).toBe(true);
  });

  it('printableIn keeps what the font has and replaces the rest per code point', () => {
    const has = (cp: number) => cp < 0x80;
    expect(printableIn('a\tb\n😀x\u00e9', has)).toBe('a\tb\n?x?');
    expect(printableIn('👍\ufe0f', has)).toBe('?');
  });
});
