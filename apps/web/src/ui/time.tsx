import { Text, type TextProps, Tooltip } from '@mantine/core';
import { formatAbsolute, formatRelative } from './format-time.ts';
import { useNow } from './now.tsx';

/**
 * An instant shown relative to now ("3 minutes ago"), with the absolute time in the viewer's time zone in a
 * tooltip. Re-renders every 30 s. `null` renders a dash.
 */
export function RelativeTime({ value, ...textProps }: { value: string | null } & TextProps) {
  const now = useNow();
  if (value === null) {
    return (
      <Text component="span" c="dimmed" {...textProps}>
        —
      </Text>
    );
  }
  const absolute = formatAbsolute(value);
  return (
    <Tooltip label={absolute} withArrow openDelay={200}>
      <Text component="time" dateTime={value} {...textProps}>
        {formatRelative(value, now)}
      </Text>
    </Tooltip>
  );
}

/** An instant shown as an absolute time in the viewer's time zone, e.g. `21 Nov 2026, 15:05:23 CET`. */
export function AbsoluteTime({ value, ...textProps }: { value: string } & TextProps) {
  return (
    <Text component="time" dateTime={value} {...textProps}>
      {formatAbsolute(value)}
    </Text>
  );
}
