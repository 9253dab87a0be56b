/** Status filter of the incident list: `open` = triggered, acknowledged or mitigated; `all` = every state. */
export type IncidentFilter = 'open' | 'all';

/**
 * Query keys in one place, so the stream and mutations invalidate exactly what the pages read.
 * Keys are prefixes of each other: invalidating `incidents.all` refreshes every list and every detail,
 * `kpi.all` every watch list and every sample series.
 */
export const queryKeys = {
  session: ['session'] as const,
  incidents: {
    all: ['incidents'] as const,
    lists: ['incidents', 'list'] as const,
    list: (filter: IncidentFilter) => ['incidents', 'list', filter] as const,
    detail: (id: number) => ['incidents', 'detail', id] as const,
  },
  risks: ['risks'] as const,
  modules: {
    all: ['modules'] as const,
    list: ['modules', 'list'] as const,
    rules: (id: string) => ['modules', 'rules', id] as const,
  },
  kpi: {
    all: ['kpi'] as const,
    watches: ['kpi', 'watches'] as const,
    samplesOf: (watchId: string) => ['kpi', 'samples', watchId] as const,
    samples: (watchId: string, from: string, to: string) => ['kpi', 'samples', watchId, from, to] as const,
  },
};
