import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useTriggeredCount } from '../api/incidents.ts';
import { tabTitle } from './list-filters.ts';
import type { MessageId } from '@faultline/i18n';
import { useT, type ConsoleMessageValues } from '../i18n/index.ts';

/** The page's name in the tab title, from its path, in the console's language. */
export function pageName(path: string, t: (id: MessageId, values?: ConsoleMessageValues) => string): string {
  const incident = /^\/incidents\/(\d+)/.exec(path);
  if (incident) return t('console.tab.incident', { id: incident[1] });
  if (path.startsWith('/incidents')) return t('console.nav.incidents');
  if (path.startsWith('/risks')) return t('console.nav.risks');
  if (path.startsWith('/oncall')) return t('console.nav.oncall');
  if (path.startsWith('/people')) return t('console.nav.people');
  return t('console.tab.console');
}

/**
 * Keeps the browser tab's title as `(<triggered>) <page> · Faultline`, so a busy console is seen from another
 * tab; the count follows the live stream (it refreshes with the incident lists).
 */
export function useTabTitle(): void {
  const t = useT();
  const location = useLocation();
  const triggered = useTriggeredCount();
  useEffect(() => {
    document.title = tabTitle(pageName(location.pathname, t), triggered.data);
  }, [location.pathname, triggered.data, t]);
}
