import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/**
 * The pseudo-locale: English with every letter accented and every message bracketed in ⟦ ⟧, so untranslated text
 * (no brackets, plain letters) stands out on a page, and messages about a third longer show where layouts break.
 * Only for development and tests ({@link PSEUDO_FLAG}); never offered in the language switch.
 */
export const PSEUDO_LOCALE = 'en-XA';

/** Where a message of the pseudo-locale starts and ends (the e2e check removes these spans and looks at the rest). */
export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';

/** localStorage key that turns the pseudo-locale on ("1"); `?pseudo=1` sets it and `?pseudo=0` clears it. */
export const PSEUDO_FLAG = 'faultline.pseudoLocale';

const ACCENTS: Record<string, string> = {
  a: 'á',
  b: 'ƀ',
  c: 'ç',
  d: 'ð',
  e: 'é',
  f: 'ƒ',
  g: 'ĝ',
  h: 'ĥ',
  i: 'í',
  j: 'ĵ',
  k: 'ķ',
  l: 'ļ',
  m: 'ɱ',
  n: 'ñ',
  o: 'ó',
  p: 'þ',
  q: 'ǫ',
  r: 'ŕ',
  s: 'š',
  t: 'ţ',
  u: 'ú',
  v: 'ṽ',
  w: 'ŵ',
  x: 'ẋ',
  y: 'ý',
  z: 'ž',
  A: 'Á',
  B: 'Ɓ',
  C: 'Ç',
  D: 'Ð',
  E: 'É',
  F: 'Ƒ',
  G: 'Ĝ',
  H: 'Ĥ',
  I: 'Í',
  J: 'Ĵ',
  K: 'Ķ',
  L: 'Ļ',
  M: 'Ṁ',
  N: 'Ñ',
  O: 'Ó',
  P: 'Þ',
  Q: 'Ǫ',
  R: 'Ŕ',
  S: 'Š',
  T: 'Ţ',
  U: 'Ú',
  V: 'Ṽ',
  W: 'Ŵ',
  X: 'Ẋ',
  Y: 'Ý',
  Z: 'Ž',
};

/** `text` with its ASCII letters accented ("Acknowledge" → "Áçķñóŵļéðĝé"). */
export function accent(text: string): string {
  return text.replace(/[A-Za-z]/g, (c) => ACCENTS[c] ?? c);
}

function accentElements(elements: MessageFormatElement[]): MessageFormatElement[] {
  return elements.map((el) => {
    if (el.type === TYPE.literal) return { ...el, value: accent(el.value) };
    if (el.type === TYPE.tag) return { ...el, children: accentElements(el.children) };
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      const options = Object.fromEntries(
        Object.entries(el.options).map(([k, option]) => [k, { ...option, value: accentElements(option.value) }]),
      );
      return { ...el, options } as MessageFormatElement;
    }
    return el;
  });
}

/**
 * The pseudo-locale's messages made from `source` (the English catalog): each ICU message parsed, its literal text
 * accented (arguments, plural and select keys and tags left as they are), and bracketed in ⟦ ⟧. Returns parsed
 * messages (ICU ASTs), which react-intl formats as it does strings.
 */
export function pseudoMessages(source: Readonly<Record<string, string>>): Record<string, MessageFormatElement[]> {
  return Object.fromEntries(
    Object.entries(source).map(([id, message]) => [
      id,
      [
        { type: TYPE.literal, value: PSEUDO_OPEN } as MessageFormatElement,
        ...accentElements(parse(message)),
        { type: TYPE.literal, value: PSEUDO_CLOSE } as MessageFormatElement,
      ],
    ]),
  );
}

/**
 * Whether the pseudo-locale is on: `?pseudo=1` in the address turns it on (and remembers it in localStorage under
 * {@link PSEUDO_FLAG}), `?pseudo=0` turns it off.
 */
export function pseudoRequested(search: string, storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>): boolean {
  const asked = new URLSearchParams(search).get('pseudo');
  try {
    if (asked === '1') storage.setItem(PSEUDO_FLAG, '1');
    if (asked === '0') storage.removeItem(PSEUDO_FLAG);
    return storage.getItem(PSEUDO_FLAG) === '1';
  } catch {
    return asked === '1'; // storage refused (private mode): the address alone decides
  }
}
