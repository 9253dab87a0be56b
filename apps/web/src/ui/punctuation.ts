/**
 * Marks that are the same in every language the console ships and carry no words: written through these
 * constants, they pass the no-literal-string-in-jsx check (eslint.config.js) without a catalog entry each.
 */

/** Shown where a value is missing (no service, no time yet). */
export const NO_VALUE = '—';

/** Between two values in one line ("#42 · payments", "3 minutes ago · Ana"). */
export const DOT_SEPARATOR = ' · ';

/** Between a part and its whole ("2 / 5") or between alternatives ("j / k"). */
export const SLASH_SEPARATOR = ' / ';

/** Before an incident's number ("#42"). */
export const NUMBER_SIGN = '#';
