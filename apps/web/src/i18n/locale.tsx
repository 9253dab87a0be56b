import { catalog, DEFAULT_LOCALE, LOCALES, negotiateLocale, type Locale, type MessageId } from '@faultline/i18n';
import { DatesProvider } from '@mantine/dates';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { setApiLanguage } from '../api/client.ts';
import { useUser } from '../api/people.ts';
import { useSession } from '../api/session.ts';
import { PSEUDO_LOCALE, pseudoMessages, pseudoRequested } from './pseudo.ts';

/** The console's language: a shipped one, or the pseudo-locale in development and tests. */
export type ConsoleLocale = Locale | typeof PSEUDO_LOCALE;

/** dayjs's name of each language (the date pickers of @mantine/dates format through dayjs). */
const DAYJS_LOCALES: Record<ConsoleLocale, string> = { en: 'en', 'zh-CN': 'zh-cn', [PSEUDO_LOCALE]: 'en' };

const LocaleContext = createContext<ConsoleLocale>(DEFAULT_LOCALE);

/** The console's current language (`en-XA` when the pseudo-locale is on). */
export function useConsoleLocale(): ConsoleLocale {
  return useContext(LocaleContext);
}

/** Each shipped language named in itself ("English", "简体中文"), for the language switch. */
export const LANGUAGE_CHOICES: { value: Locale; label: string }[] = LOCALES.map((l) => ({
  value: l,
  label: catalog(l)['language.name'] ?? l,
}));

/**
 * The language of the console: the signed-in person's `locale` (their profile), else the browser's languages
 * (`navigator.languages`), negotiated to a shipped language by `negotiateLocale` (English when none fits).
 * `?pseudo=1` (remembered in localStorage) replaces it with the pseudo-locale.
 */
function useChosenLocale(): ConsoleLocale {
  const session = useSession();
  const me = useUser('me', session.data?.userId != null);
  const pseudo = useMemo(() => pseudoRequested(window.location.search, window.localStorage), []);
  if (pseudo) return PSEUDO_LOCALE;
  return negotiateLocale([me.data?.locale, ...(navigator.languages ?? [navigator.language])]);
}

/** Values of a message: text, numbers, instants; or React nodes (links, emphasis) for rich messages. */
export type ConsoleMessageValues = Record<string, string | number | Date | boolean | null | undefined>;

/**
 * The console's translate function: `t(id, values)` is the message `id` of the current language as a string
 * (react-intl's formatMessage). `id` must be a key of the catalogs (tsc checks it).
 */
export function useT(): (id: MessageId, values?: ConsoleMessageValues) => string {
  const intl = useIntl();
  return useCallback(
    (id: MessageId, values?: ConsoleMessageValues) => intl.formatMessage({ id }, values as Record<string, string>),
    [intl],
  );
}

let pseudoCache: ReturnType<typeof pseudoMessages> | undefined;

/** The messages of `locale`: English under the language's own, so a key not yet translated still reads. */
function messagesOf(locale: ConsoleLocale) {
  if (locale === PSEUDO_LOCALE) return (pseudoCache ??= pseudoMessages(catalog('en')));
  return locale === DEFAULT_LOCALE ? catalog('en') : { ...catalog('en'), ...catalog(locale) };
}

/**
 * Gives the console its language: react-intl's IntlProvider with the catalog of the chosen language (dates and
 * numbers through Intl in that language and the viewer's own time zone), dayjs's and the date pickers' locale,
 * and `<html lang>`. Needs the query client (it reads the session and the person).
 */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const locale = useChosenLocale();
  const messages = useMemo(() => messagesOf(locale), [locale]);
  // The pseudo-locale formats dates and numbers as English: Intl has no data for en-XA.
  const intlLocale = locale === PSEUDO_LOCALE ? DEFAULT_LOCALE : locale;
  dayjs.locale(DAYJS_LOCALES[locale]);
  setApiLanguage(intlLocale);
  useEffect(() => {
    document.documentElement.lang = intlLocale;
  }, [intlLocale]);
  return (
    <LocaleContext.Provider value={locale}>
      <IntlProvider locale={intlLocale} defaultLocale={DEFAULT_LOCALE} messages={messages}>
        <DatesProvider settings={{ locale: DAYJS_LOCALES[locale] }}>{children}</DatesProvider>
      </IntlProvider>
    </LocaleContext.Provider>
  );
}
