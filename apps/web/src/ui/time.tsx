import { Text, type TextProps, Tooltip } from '@mantine/core';
import { useIntl } from 'react-intl';
import { useT } from '../i18n/index.ts';
import { formatAbsolute, formatRelative } from './format-time.ts';
import { useNow } from './now.tsx';
import { NO_VALUE } from './punctuation.ts';

/**
 * An instant shown relative to now ("3 minutes ago"), with the absolute time in the viewer's time zone in a
 * tooltip, both in the console's language (Intl). Re-renders every 30 s. `null` renders a dash. Marked
 * `data-i18n-value`: the words come from Intl, not the catalog (the pseudo-locale check skips them).
 */
export function RelativeTime({ value, ...textProps }: { value: string | null } & TextProps) {
  const now = useNow();
  const { locale } = useIntl();
  const t = useT();
  if (value === null) {
    return (
      <Text component="span" c="dimmed" {...textProps}>
        {NO_VALUE}
      </Text>
    );
  }
  const absolute = formatAbsolute(value, undefined, locale);
  return (
    <Tooltip label={absolute} withArrow openDelay={200}>
      <Text component="time" dateTime={value} data-i18n-value {...textProps}>
        {formatRelative(value, now, locale, t('console.time.justNow'))}
      </Text>
    </Tooltip>
  );
}

/** An instant shown as an absolute time in the viewer's time zone and language, e.g. `21 Nov 2026, 15:05:23 CET`. */
export function AbsoluteTime({ value, ...textProps }: { value: string } & TextProps) {
  const { locale } = useIntl();
  return (
    <Text component="time" dateTime={value} data-i18n-value {...textProps}>
      {formatAbsolute(value, undefined, locale)}
    </Text>
  );
}
