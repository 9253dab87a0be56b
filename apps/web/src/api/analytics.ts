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

/** The incidents behind one bar; nothing is fetched while `drill` is null. */
export function useAnalyticsIncidents(
  query: string,
  drill: { bucket: string; dimension: AnalyticsDimension; key: string } | null,
) {
  const q = drill
    ? `${query}&${new URLSearchParams({ bucketKey: drill.bucket, dimension: drill.dimension, key: drill.key })}`
    : '';
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
