/**
 * The CLI's own words in the user's language (issue 14; docs/i18n.md): `FAULTLINE_LANG`, else `LC_ALL`,
 * `LC_MESSAGES`, `LANG` (POSIX `zh_CN.UTF-8` reads as `zh-CN`), negotiated to a shipped language. The API is asked
 * for its error messages in the same language (`Accept-Language`). Command help stays English.
 */
import { createTranslator, localeFromEnv, type Translator } from '@faultline/i18n';

let translator: Translator | undefined;

/** The translator of this CLI session (read from the environment once). */
export function cli(): Translator {
  translator ??= createTranslator(localeFromEnv(process.env));
  return translator;
}
