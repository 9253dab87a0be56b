import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './http.ts';
import { samplePage } from '../../../../../../test/support/chat-webhook-testing.ts';
import { firstAlerts, headline, toneOf, truncate, truncateBytes } from './text.ts';

describe('shared text helpers', () => {
  it('builds the headline and lists at most five alerts', () => {
    expect(headline(samplePage())).toBe('[P1] #42 Payment API 5xx above 5%');
    const alerts = Array.from({ length: 7 }, (_, i) => ({ summary: `a${i}`, labels: {} }));
    expect(firstAlerts(samplePage({ alerts }))).toEqual({ summaries: ['a0', 'a1', 'a2', 'a3', 'a4'], more: 2 });
  });

  it('derives the tone from the most severe level', () => {
    expect(['P1', 'P2 P1', 'P2', 'P3', 'risk', 'P4', 'ungraded', 'P10'].map(toneOf)).toEqual([
      'critical',
      'critical',
      'high',
      'medium',
      'medium',
      'low',
      'low',
      'low',
    ]);
  });

  it('truncates to at most n code points, marking the cut (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 50 }), (s, n) => {
        const t = truncate(s, n);
        return Array.from(t).length <= n && (t === s || t.endsWith('…'));
      }),
    );
  });

  it('truncates to at most n UTF-8 bytes without splitting a character (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 3, max: 200 }), (s, n) => {
        const t = truncateBytes(s, n);
        const bytes = Buffer.from(t, 'utf8');
        return bytes.length <= n && bytes.toString('utf8') === t && (t === s || t.endsWith('…'));
      }),
    );
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-11-21T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sat, 21 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
