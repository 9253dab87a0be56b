import type { KpiSample, KpiWatchView } from '@faultline/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Every KPI watch with its last evaluation; refreshed by `kpi.evaluated` stream messages. */
export function useKpiWatches() {
  return useQuery({
    queryKey: queryKeys.kpi.watches,
    queryFn: ({ signal }) => apiFetchAll<KpiWatchView>('/kpi-watches', 'watches', { signal }),
  });
}

/**
 * Samples of one watch between `from` and `to` (ISO instants), oldest first. Pass instants rounded to the
 * minute: each new pair is a new query, and the previous series stays on screen while it loads.
 */
export function useKpiSamples(watchId: string, from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.kpi.samples(watchId, from, to),
    queryFn: ({ signal }) =>
      apiFetch<KpiSample[]>(
        `/kpi-watches/${encodeURIComponent(watchId)}/samples?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        { signal },
      ),
    select: (samples) => [...samples].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    placeholderData: (previous) => previous,
    enabled,
  });
}
