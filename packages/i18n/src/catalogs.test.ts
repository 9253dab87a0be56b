import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  catalog,
  createTranslator,
  localeFromEnv,
  localeOf,
  LOCALES,
  negotiateLocale,
  parseAcceptLanguage,
} from './index.ts';

/** The argument names a message uses, with their ICU types (e.g. `count:plural`). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if (el.type === TYPE.tag) {
      argumentsOf(el.children, into);
      continue;
    }
    into.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
  }
  return into;
}

describe('catalogs', () => {
  const source = catalog('en');

  it.each(LOCALES)('%s has every key of every other shipped language, and no more', (locale) => {
    const keys = Object.keys(catalog(locale)).sort();
    for (const other of LOCALES) expect(keys).toEqual(Object.keys(catalog(other)).sort());
  });

  it.each(LOCALES)('%s is sorted by key, as written in the file (so parallel additions merge cleanly)', (locale) => {
    const text = readFileSync(new URL(`../catalogs/${locale}.json`, import.meta.url), 'utf8');
    const keys = Object.keys(JSON.parse(text) as Record<string, string>);
    const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    expect(keys).toEqual(sorted);
    expect(text).toBe(`${JSON.stringify(Object.fromEntries(keys.map((k) => [k, catalog(locale)[k]])), null, 2)}\n`);
  });

  it.each(LOCALES)('%s: every message parses as ICU and uses the same arguments as English', (locale) => {
    for (const [id, message] of Object.entries(catalog(locale))) {
      const args = [...argumentsOf(parse(message))].sort();
      const expected = [...argumentsOf(parse(source[id] ?? ''))].sort();
      expect({ id, args }).toEqual({ id, args: expected });
    }
  });
});

describe('createTranslator', () => {
  it('formats plurals and interpolation in both languages', () => {
    const en = createTranslator('en');
    const zh = createTranslator('zh-CN');
    expect(en.t('time.relative.minutes', { count: 1 })).toBe('1 minute');
    expect(en.t('time.relative.minutes', { count: 5 })).toBe('5 minutes');
    expect(zh.t('time.relative.minutes', { count: 5 })).toBe('5 分钟');
    expect(en.t('errors.VALIDATION', { count: 2, fields: 'title, service' })).toBe(
      'The request is not valid: check the fields title, service.',
    );
    expect(en.t('errors.VALIDATION', { count: 1, fields: 'title' })).toBe(
      'The request is not valid: check the field title.',
    );
    expect(en.t('errors.VALIDATION', { count: 0, fields: '' })).toBe('The request is not valid.');
    expect(zh.t('errors.VALIDATION', { count: 1, fields: 'title' })).toBe('请求无效：请检查字段 title。');
    expect(zh.t('errors.VALIDATION', { count: 0, fields: '' })).toBe('请求无效。');
  });

  it('formats what a page says in both languages, incident numbers without grouping', () => {
    const en = createTranslator('en');
    const zh = createTranslator('zh-CN');
    expect(en.t('page.sms.ackOrReply', { url: 'https://f.example/a/x', id: 12345 })).toBe(
      'Ack: https://f.example/a/x or reply ACK 12345',
    );
    expect(zh.t('page.sms.reply', { id: 12345 })).toBe('回复 ACK 12345 确认');
    expect(zh.t('page.footer', { id: 12345 })).toBe('Faultline · 故障 #12345');
    expect(en.t('page.alerts.more', { count: 1200 })).toBe('and 1,200 more');
    expect(zh.t('page.alerts.more', { count: 3 })).toBe('另有 3 条');
    expect(en.t('digest.why', { max: 1, minutes: 1 })).toBe(
      'These pages were held back because you had already been sent 1 notification within 1 minute.',
    );
    expect(en.t('digest.why', { max: 10, minutes: 15 })).toBe(
      'These pages were held back because you had already been sent 10 notifications within 15 minutes.',
    );
    expect(zh.t('digest.why', { max: 10, minutes: 15 })).toBe('这些通知被暂缓，因为你在 15 分钟内已收到 10 条通知。');
    expect(en.t('digest.subject', { count: 1, max: 3, minutes: 5 })).toBe(
      'Faultline: 1 page held back (over 3 in 5 min)',
    );
    expect(zh.t('digest.subject', { count: 7, max: 3, minutes: 5 })).toBe(
      'Faultline：暂缓了 7 条通知（5 分钟内超过 3 条）',
    );
    expect(zh.t('cli.config.problems', { file: 'f.yaml', errors: 2, warnings: 1 })).toBe('f.yaml：2 个错误，1 个警告');
    expect(en.t('cli.config.problems', { file: 'f.yaml', errors: 1, warnings: 2 })).toBe('f.yaml: 1 error, 2 warnings');
  });

  it('formats dates in the reader zone', () => {
    const at = new Date('2027-03-14T23:30:00Z');
    const zh = createTranslator('zh-CN', 'Asia/Shanghai');
    expect(zh.intl.formatDate(at, { dateStyle: 'medium', timeStyle: 'short' })).toBe('2027年3月15日 07:30');
    const en = createTranslator('en', 'America/New_York');
    expect(en.intl.formatDate(at, { dateStyle: 'medium', timeStyle: 'short' })).toBe('Mar 14, 2027, 7:30 PM');
  });

  it('refuses an unknown time zone and an unknown message id', () => {
    expect(() => createTranslator('en', 'Mars/Olympus')).toThrow(RangeError);
    // @ts-expect-error an id no catalog has
    expect(() => createTranslator('en').t('no.such.key')).toThrow(/no message/);
  });
});

describe('localeFromEnv and localeOf', () => {
  it.each([
    [{ FAULTLINE_LANG: 'zh-CN', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [{ LANG: 'zh_CN.UTF-8' }, 'zh-CN'],
    [{ LC_ALL: 'zh_CN.GB18030', LANG: 'en_US.UTF-8' }, 'zh-CN'],
    [{ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' }, 'en'],
    [{ LANG: 'de_DE.UTF-8' }, 'en'],
    [{}, 'en'],
  ])('%o → %s', (env, expected) => {
    expect(localeFromEnv(env)).toBe(expected);
  });

  it('reads a stored tag as a shipped language', () => {
    expect(localeOf('zh-CN')).toBe('zh-CN');
    expect(localeOf('zh')).toBe('zh-CN');
    expect(localeOf('fr')).toBe('en');
    expect(localeOf(null)).toBe('en');
  });
});

describe('negotiateLocale', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['en-GB', 'en'],
    ['de-DE', 'en'],
    ['', 'en'],
    ['not a tag', 'en'],
  ])('%s → %s', (tag, expected) => {
    expect(negotiateLocale([tag])).toBe(expected);
  });

  it('reads an Accept-Language header by quality', () => {
    expect(parseAcceptLanguage('en;q=0.5, zh-CN, fr;q=0')).toEqual(['zh-CN', 'en']);
    expect(negotiateLocale('de;q=0.9, zh-Hans;q=0.8, en;q=0.1')).toBe('zh-CN');
    expect(negotiateLocale('*')).toBe('en');
  });
});
