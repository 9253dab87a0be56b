import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Message } from '../provider.ts';
import {
  countSegments,
  renderNoticeSms,
  renderPageSms,
  renderSms,
  smsEncoding,
  smsLength,
  truncateToSegments,
} from './sms-text.ts';
import { samplePage } from '../../../../../test/support/vendor-stub.ts';

describe('encoding and length', () => {
  it('keeps GSM 03.38 text in GSM-7, including accented letters and the extension table', () => {
    expect(smsEncoding('Hello @ £5 è é Ä ß')).toBe('gsm7');
    expect(smsEncoding('{json} [x] ~ | ^ € \\')).toBe('gsm7');
    expect(smsEncoding('中文')).toBe('ucs2');
    expect(smsEncoding('smart quote ’')).toBe('ucs2');
    expect(smsEncoding('ç lowercase cedilla')).toBe('ucs2');
  });

  it('counts extension characters as two septets and astral characters as two UTF-16 units', () => {
    expect(smsLength('abc')).toBe(3);
    expect(smsLength('a{b}')).toBe(6);
    expect(smsLength('中😀')).toBe(3);
  });

  it('fits 160 GSM-7 characters in one segment and splits at 153 after that', () => {
    expect(countSegments('a'.repeat(160))).toBe(1);
    expect(countSegments('a'.repeat(161))).toBe(2);
    expect(countSegments('a'.repeat(306))).toBe(2);
    expect(countSegments('a'.repeat(307))).toBe(3);
    expect(countSegments('')).toBe(1);
  });

  it('fits 70 UCS-2 units in one segment and splits at 67 after that', () => {
    expect(countSegments('中'.repeat(70))).toBe(1);
    expect(countSegments('中'.repeat(71))).toBe(2);
    expect(countSegments('中'.repeat(134))).toBe(2);
    expect(countSegments('中'.repeat(135))).toBe(3);
  });

  it('never splits an escape pair or a surrogate pair across segments', () => {
    // 152 septets then "{" (2 septets) does not fit in the first segment of 153: it moves whole.
    expect(countSegments('a'.repeat(152) + '{' + 'a'.repeat(152))).toBe(3);
    expect(countSegments('a'.repeat(151) + '{' + 'a'.repeat(153))).toBe(2);
    expect(countSegments('中'.repeat(66) + '😀' + '中'.repeat(66))).toBe(3);
  });
});

describe('truncateToSegments', () => {
  it('leaves text that fits alone and cuts the rest with an ellipsis', () => {
    expect(truncateToSegments('short', 1)).toBe('short');
    const cut = truncateToSegments('word '.repeat(60), 1);
    expect(cut.endsWith('...')).toBe(true);
    expect(countSegments(cut)).toBe(1);
    expect(smsLength(cut)).toBeLessThanOrEqual(160);
  });

  it('uses a one-unit ellipsis in UCS-2 text', () => {
    const cut = truncateToSegments('告警'.repeat(100), 1);
    expect(cut.endsWith('…')).toBe(true);
    expect(Array.from(cut)).toHaveLength(70);
  });
});

describe('page text', () => {
  it('puts level, incident, service, title and the ack link in the text when they fit', () => {
    const text = renderPageSms(samplePage(), { maxSegments: 2, replies: false });
    expect(text).toBe(
      'P1 #42 [checkout-api] Checkout error rate above 5%\nAck: https://faultline.example.com/ack/tok123',
    );
  });

  it('fits one 160-character SMS by cutting a long title before giving up the link', () => {
    const text = renderPageSms(samplePage({ title: 'Very long title '.repeat(20) }), {
      maxSegments: 1,
      replies: false,
    });
    expect(countSegments(text)).toBe(1);
    expect(text).toMatch(
      /^P1 #42 \[checkout-api\] Very long title .*\.\.\.\nAck: https:\/\/faultline\.example\.com\/ack\/tok123$/,
    );
  });

  it('offers a reply instead of a link too long for the budget when the provider takes replies', () => {
    const page = samplePage({ ackUrl: `https://faultline.example.com/ack/${'x'.repeat(180)}` });
    const text = renderPageSms(page, { maxSegments: 1, replies: true });
    expect(text).toContain('Reply ACK 42 to acknowledge');
    expect(text).not.toContain('/ack/');
    expect(countSegments(text)).toBe(1);
    const without = renderPageSms(page, { maxSegments: 1, replies: false });
    expect(without).toBe('P1 #42 [checkout-api] Checkout error rate above 5%');
  });

  it('offers both the link and a reply when there is room', () => {
    const text = renderPageSms(samplePage(), { maxSegments: 2, replies: true });
    expect(text.endsWith('\nAck: https://faultline.example.com/ack/tok123 or reply ACK 42')).toBe(true);
  });

  it('renders a Chinese title within the UCS-2 limit', () => {
    const text = renderPageSms(samplePage({ title: '支付网关错误率超过百分之五，影响下单'.repeat(3), service: null }), {
      maxSegments: 2,
      replies: false,
    });
    expect(smsEncoding(text)).toBe('ucs2');
    expect(countSegments(text)).toBeLessThanOrEqual(2);
    expect(text.startsWith('P1 #42 支付网关')).toBe(true);
  });

  it("words a zh-CN reader's page in Chinese within one UCS-2 SMS (70 units), the ack link kept", () => {
    const zh = samplePage({
      locale: 'zh-CN',
      levelText: 'P1 故障',
      title: '支付网关错误率超过百分之五',
      service: null,
    });
    const text = renderPageSms(zh, { maxSegments: 1, replies: true });
    // The link with the reply hint would not fit in 70 units; the link alone does.
    expect(text).toBe('P1 故障 #42 支付网关错误率超过百分之五\n确认：https://faultline.example.com/ack/tok123');
    expect(smsEncoding(text)).toBe('ucs2');
    expect(smsLength(text)).toBeLessThanOrEqual(70);
    expect(countSegments(text)).toBe(1);
    // The English page to the same budget is GSM-7 and may use 160 septets.
    const en = renderPageSms(samplePage({ title: 'Payment gateway error rate above 5%', service: null }), {
      maxSegments: 1,
      replies: true,
    });
    expect(en).toBe(
      'P1 #42 Payment gateway error rate above 5%\nAck: https://faultline.example.com/ack/tok123 or reply ACK 42',
    );
    expect(smsEncoding(en)).toBe('gsm7');
    expect(countSegments(en)).toBe(1);
  });

  it('shortens a long Chinese page to the segment budget by design: service and title first, then the link for a reply hint', () => {
    const long = samplePage({ locale: 'zh-CN', title: '支付网关错误率超过百分之五，影响下单与退款'.repeat(4) });
    const one = renderPageSms(long, { maxSegments: 1, replies: true });
    expect(countSegments(one)).toBe(1);
    expect(smsLength(one)).toBeLessThanOrEqual(70);
    // The service goes, the title is cut (never below 16 characters), the link stays.
    expect(one).toBe('P1 #42 支付网关错误率超过百分之五，影响下单…\n确认：https://faultline.example.com/ack/tok123');
    const noLink = renderPageSms(
      { ...long, ackUrl: `https://faultline.example.com/ack/${'x'.repeat(60)}` },
      {
        maxSegments: 1,
        replies: true,
      },
    );
    expect(noLink).toMatch(/^P1 #42 \[checkout-api\] 支付网关.*…\n回复 ACK 42 确认$/);
    expect(countSegments(noLink)).toBe(1);
    const two = renderPageSms(long, { maxSegments: 2, replies: false });
    expect(countSegments(two)).toBe(2);
    expect(smsLength(two)).toBeLessThanOrEqual(2 * 67);
    expect(two).toMatch(/…\n确认：https:\/\/faultline\.example\.com\/ack\/tok123$/);
    const en = renderPageSms(samplePage({ title: 'Payment gateway error rate above five percent; '.repeat(8) }), {
      maxSegments: 2,
      replies: false,
    });
    expect(countSegments(en)).toBe(2);
    expect(smsLength(en)).toBeLessThanOrEqual(2 * 153);
    expect(en).toMatch(/\.\.\.\nAck: https:\/\/faultline\.example\.com\/ack\/tok123$/);
  });

  it('renders a notice as subject and text', () => {
    expect(
      renderNoticeSms({ kind: 'notice', subject: 'Level rules', text: 'Version 3\napproved' }, { maxSegments: 1 }),
    ).toBe('Level rules: Version 3 approved');
  });
});

const anyText = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.string({ unit: fc.constantFrom('a', '{', '€', '中', '😀', ' ', '\n'), maxLength: 400 }),
);
const anyMessage: fc.Arbitrary<Message> = fc.oneof(
  fc
    .record({
      title: anyText,
      levelText: fc.constantFrom('P1', 'P2,P3', 'ungraded', 'risk'),
      service: fc.option(fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/), { nil: null }),
      ackUrl: fc.webUrl(),
      incidentId: fc.integer({ min: 1, max: 10_000_000 }),
    })
    .map((o) => samplePage(o)),
  fc
    .record({ title: anyText, incidentId: fc.integer({ min: 1, max: 10_000_000 }), ackUrl: fc.webUrl() })
    .map((o) => samplePage({ ...o, locale: 'zh-CN', levelText: 'P1 故障' })),
  fc.record({ kind: fc.constant('notice' as const), subject: anyText, text: anyText }),
);

describe('properties', () => {
  it('an SMS never exceeds the configured segments', () => {
    fc.assert(
      fc.property(anyMessage, fc.integer({ min: 1, max: 6 }), fc.boolean(), (message, maxSegments, replies) => {
        expect(countSegments(renderSms(message, { maxSegments, replies }))).toBeLessThanOrEqual(maxSegments);
      }),
      { numRuns: 400 },
    );
  });

  it('truncation fits, and keeps text that already fits', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 4 }), (text, max) => {
        const cut = truncateToSegments(text, max);
        expect(countSegments(cut)).toBeLessThanOrEqual(max);
        if (countSegments(text) <= max) expect(cut).toBe(text);
      }),
      { numRuns: 400 },
    );
  });
});
