import { useEffect } from 'react';
import { useLocation } from 'react-router';
import { useTriggeredCount } from '../api/incidents.ts';
import { tabTitle } from './list-filters.ts';

/** The page's name in the tab title, from its path. */
export function pageName(path: string): string {
  const incident = /^\/incidents\/(\d+)/.exec(path);
  if (incident) return `Incident #${incident[1]}`;
  if (path.startsWith('/incidents')) return 'Incidents';
  if (path.startsWith('/risks')) return 'Risks';
  if (path.startsWith('/oncall')) return 'On call';
  if (path.startsWith('/people')) return 'People';
  return 'Console';
}

/**
 * Keeps the browser tab's title as `(<triggered>) <page> · Faultline`, so a busy console is seen from another
 * tab; the count follows the live stream (it refreshes with the incident lists).
 */
export function useTabTitle(): void {
  const location = useLocation();
  const triggered = useTriggeredCount();
  useEffect(() => {
    document.title = tabTitle(pageName(location.pathname), triggered.data);
  }, [location.pathname, triggered.data]);
}
