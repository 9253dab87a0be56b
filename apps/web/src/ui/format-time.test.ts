import { describe, expect, it } from 'vitest';
import { formatAbsolute, formatRelative } from './format-time.ts';

describe('formatAbsolute', () => {
  it('shows the instant in the given time zone with its abbreviation', () => {
    expect(formatAbsolute('2026-11-21T14:05:23.789Z', 'Europe/Berlin')).toBe('21 Nov 2026, 15:05:23 CET');
    expect(formatAbsolute('2026-07-01T14:05:23Z', 'Europe/Berlin')).toBe('1 Jul 2026, 16:05:23 CEST');
  });
  it('uses the common abbreviation outside Europe where one exists, else the offset', () => {
    expect(formatAbsolute('2026-11-21T14:05:23Z', 'America/New_York')).toBe('21 Nov 2026, 09:05:23 EST');
    expect(formatAbsolute('2026-11-21T14:05:23Z', 'Asia/Shanghai')).toBe('21 Nov 2026, 22:05:23 GMT+8');
  });
  it('returns unparseable input unchanged', () => {
    expect(formatAbsolute('not a date')).toBe('not a date');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-21T14:10:00Z');
  it('reads minutes in the past', () => {
    expect(formatRelative('2026-11-21T14:07:00Z', now)).toBe('3 minutes ago');
  });
  it('reads the future for due times', () => {
    expect(formatRelative('2026-11-21T14:12:00Z', now)).toBe('in 2 minutes');
  });
  it('treats a few seconds either way as just now (clock skew)', () => {
    expect(formatRelative('2026-11-21T14:10:20Z', now)).toBe('just now');
    expect(formatRelative('2026-11-21T14:09:40Z', now)).toBe('just now');
  });
});

describe('formatting in Chinese', () => {
  const now = Date.parse('2026-11-21T14:10:00Z');
  it('writes absolute times the Chinese way, in the zone asked for', () => {
    expect(formatAbsolute('2026-11-21T14:05:23Z', 'Asia/Shanghai', 'zh-CN')).toBe('2026年11月21日 GMT+8 22:05:23');
  });
  it('writes relative times through Intl in Chinese, with the catalog words for just now', () => {
    expect(formatRelative('2026-11-21T14:07:00Z', now, 'zh-CN')).toBe('3分钟前');
    expect(formatRelative('2026-11-21T16:10:00Z', now, 'zh-CN')).toBe('2小时后');
    expect(formatRelative('2026-11-21T14:10:10Z', now, 'zh-CN', '刚刚')).toBe('刚刚');
  });
});
