import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { catalog, createTranslator, LOCALES, negotiateLocale, parseAcceptLanguage } from './index.ts';

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
    expect(zh.t('errors.VALIDATION', { field: 'title', problem: '不能为空' })).toBe('请求无效：title 不能为空');
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
