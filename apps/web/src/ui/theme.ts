import { createTheme } from '@mantine/core';

/** The console's Mantine theme; colour scheme follows the OS (see `main.tsx`). */
export const theme = createTheme({
  primaryColor: 'indigo',
  autoContrast: true,
  defaultRadius: 'md',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji"',
  headings: { fontWeight: '650' },
});
