/** Status filter of the incident list: `open` = triggered, acknowledged or mitigated; `all` = every state. */
export type IncidentFilter = 'open' | 'all';

/**
 * Query keys in one place, so the stream and mutations invalidate exactly what the pages read.
 * Keys are prefixes of each other: invalidating `incidents.all` refreshes every list and every detail.
 */
export const queryKeys = {
  session: ['session'] as const,
  incidents: {
    all: ['incidents'] as const,
    lists: ['incidents', 'list'] as const,
    list: (filter: IncidentFilter) => ['incidents', 'list', filter] as const,
    detail: (id: number) => ['incidents', 'detail', id] as const,
  },
};
