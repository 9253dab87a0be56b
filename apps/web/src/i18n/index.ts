export {
  LANGUAGE_CHOICES,
  LocaleProvider,
  useConsoleLocale,
  useT,
  type ConsoleLocale,
  type ConsoleMessageValues,
} from './locale.tsx';
export { PSEUDO_CLOSE, PSEUDO_FLAG, PSEUDO_LOCALE, PSEUDO_OPEN } from './pseudo.ts';
