import type { AnalyticsDimension, AnalyticsIncidents, AnalyticsReview, MetricDictionary } from '@faultline/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { API_BASE, apiFetch } from './client.ts';

/** Keys of the analytics queries (under `incidents`, so the live stream's invalidation refreshes them too). */
export const analyticsKeys = {
  dictionary: ['analytics', 'dictionary'] as const,
  review: (query: string) => ['incidents', 'analytics', 'review', query] as const,
  drill: (query: string) => ['incidents', 'analytics', 'drill', query] as const,
};

/** The metric dictionary (it changes only with the server's version). */
export function useMetricDictionary() {
  return useQuery({
    queryKey: analyticsKeys.dictionary,
    queryFn: ({ signal }) => apiFetch<MetricDictionary>('/analytics/dictionary', { signal }),
    staleTime: Infinity,
  });
}

/** The review of a period; `query` is the API's query string (review-query.ts). */
export function useAnalyticsReview(query: string) {
  return useQuery({
    queryKey: analyticsKeys.review(query),
    queryFn: ({ signal }) => apiFetch<AnalyticsReview>(`/analytics/review?${query}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * What the viewer clicked: the chart (`card`), a title for the list, and the drill-down's query fields
 * (`bucketKey`, `dimension` + `key`, `metric`, `stage` + `state`, `userId` + `band`, `changeInduced`,
 * `postmortem` + `postmortemLevel`, `noiseSource`; docs/analytics.md#api).
 */
export interface Drill {
  card: string;
  label: string;
  params: Record<string, string>;
}

/** The incidents behind one bar; nothing is fetched while `drill` is null. */
export function useAnalyticsIncidents(query: string, drill: Drill | null) {
  const q = drill ? `${query}&${new URLSearchParams(drill.params)}` : '';
  return useQuery({
    queryKey: analyticsKeys.drill(q),
    queryFn: ({ signal }) => apiFetch<AnalyticsIncidents>(`/analytics/incidents?${q}`, { signal }),
    enabled: drill !== null,
  });
}

/** The link that downloads one table as CSV (the session cookie authenticates it). */
export function csvHref(query: string, table: string, dimension?: AnalyticsDimension): string {
  const extra = new URLSearchParams({ table, ...(dimension ? { dimension } : {}) });
  return `${API_BASE}/analytics/review.csv?${query}&${extra}`;
}
