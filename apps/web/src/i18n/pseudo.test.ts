import { catalog } from '@faultline/i18n';
import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { accent, pseudoMessages, pseudoRequested, PSEUDO_FLAG } from './pseudo.ts';

describe('the en-XA pseudo-locale', () => {
  const messages = pseudoMessages({
    plain: 'Sign in',
    plural: '{count, plural, one {# open risk} other {# open risks}}: visible',
    arg: 'Incident #{id}',
    tag: 'Written to <b>{file}</b> now',
  });
  const intl = createIntl({ locale: 'en', messages });
  const format = (id: string, values?: Record<string, unknown>) =>
    [intl.formatMessage({ id }, values as Record<string, string>)].flat().join('');

  it('accents letters and brackets each message, keeping arguments, plural forms and tags', () => {
    expect(format('plain')).toBe('⟦Šíĝñ íñ⟧');
    expect(format('plural', { count: 1 })).toBe('⟦1 óþéñ ŕíšķ: ṽíšíƀļé⟧');
    expect(format('plural', { count: 3 })).toBe('⟦3 óþéñ ŕíšķš: ṽíšíƀļé⟧');
    expect(format('arg', { id: 42 })).toBe('⟦Íñçíðéñţ #42⟧');
    expect(format('tag', { file: 'data', b: (chunks: string[]) => `[${chunks.join('')}]` })).toBe(
      '⟦Ŵŕíţţéñ ţó [data] ñóŵ⟧',
    );
    expect(accent('ASCII only: 42')).toBe('ÁŠÇÍÍ óñļý: 42');
  });

  it('covers every message of the English catalog', () => {
    const all = pseudoMessages(catalog('en'));
    expect(Object.keys(all).sort()).toEqual(Object.keys(catalog('en')).sort());
  });

  it('is turned on by ?pseudo=1, remembered, and off again by ?pseudo=0', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
      removeItem: (k: string) => void store.delete(k),
    };
    expect(pseudoRequested('', storage)).toBe(false);
    expect(pseudoRequested('?pseudo=1', storage)).toBe(true);
    expect(store.get(PSEUDO_FLAG)).toBe('1');
    expect(pseudoRequested('?other=1', storage)).toBe(true);
    expect(pseudoRequested('?pseudo=0', storage)).toBe(false);
  });
});
