import type { AlertPage } from '@faultline/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
import { queryKeys } from './query-keys.ts';
import { alertApiQuery, paramsOfAlertView, type AlertListView } from '../alerts/alert-filters.ts';

/** Alerts a page at a time on the Alerts page. */
export const ALERT_PAGE_SIZE = 50;

/**
 * The alert list for a view (alerts/alert-filters.ts), `ALERT_PAGE_SIZE` a page: `fetchNextPage` adds the next
 * ones; `data.items` is every page loaded, in order, and `data.total` how many match on the server. Under
 * `incidents` in the cache, so the live stream refreshes it with the incidents.
 */
export function useAlerts(view: AlertListView) {
  return useInfiniteQuery({
    queryKey: queryKeys.incidents.list(`alerts:${paramsOfAlertView(view).toString()}`),
    queryFn: ({ signal, pageParam }) =>
      apiFetch<AlertPage>(`/alerts?${alertApiQuery(view, new Date(), ALERT_PAGE_SIZE, pageParam)}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (data) => ({
      items: data.pages.flatMap((page) => page.alerts),
      total: data.pages.at(-1)?.total ?? 0,
    }),
    placeholderData: (previous) => previous,
  });
}
