import type {
  AlertGroupList,
  BulkAction,
  BulkResponse,
  ImpactFacts,
  IncidentDetail,
  IncidentPage,
  IncidentSummary,
  LevelChange,
} from '@faultline/contracts';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';
import { apiQueryOf, type ListView } from '../incidents/list-filters.ts';

/** Incidents a page at a time on the list page. */
export const LIST_PAGE_SIZE = 50;

/**
 * The incident list for a view (incidents/list-filters.ts), `LIST_PAGE_SIZE` a page: `fetchNextPage` adds the
 * next ones; `data.items` is every page loaded, in order, and `data.total` how many match on the server.
 */
export function useIncidents(view: ListView) {
  const key = apiQueryOf(view, LIST_PAGE_SIZE, null);
  return useInfiniteQuery({
    queryKey: queryKeys.incidents.list(key),
    queryFn: ({ signal, pageParam }) =>
      apiFetch<IncidentPage>(`/incidents?${apiQueryOf(view, LIST_PAGE_SIZE, pageParam)}`, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    select: (data) => ({
      items: data.pages.flatMap((page) => page.incidents),
      total: data.pages.at(-1)?.total ?? 0,
    }),
    placeholderData: (previous) => previous,
  });
}

/** Groups of a storm: the view's incidents' alerts by alertname and service, with counts (most alerts first). */
export function useAlertGroups(view: ListView, enabled: boolean) {
  const query = apiQueryOf(view, ALERT_GROUP_LIMIT, null);
  return useQuery({
    queryKey: queryKeys.incidents.list(`groups:${query}`),
    queryFn: ({ signal }) => apiFetch<AlertGroupList>(`/incidents/alert-groups?${query}`, { signal }),
    enabled,
    placeholderData: (previous) => previous,
  });
}

/** Groups shown at most on the list page. */
export const ALERT_GROUP_LIMIT = 100;

/** How many incidents are triggered now (risks left out): the count in the tab title. */
export function useTriggeredCount() {
  return useQuery({
    queryKey: queryKeys.incidents.list('triggered-count'),
    queryFn: ({ signal }) =>
      apiFetch<IncidentPage>('/incidents?status=triggered&risk=exclude&limit=1', { signal }).then((p) => p.total),
  });
}

/** Acknowledges, resolves or escalates many incidents at once; each answers for itself. The lists refresh. */
export function useBulkAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { action: BulkAction; ids: number[] }) =>
      apiFetch<BulkResponse>('/incidents/bulk', { method: 'POST', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.all }),
  });
}

/** One incident with its alerts, level explanation, timeline and notifications. */
export function useIncident(id: number) {
  return useQuery({
    queryKey: queryKeys.incidents.detail(id),
    queryFn: ({ signal }) => apiFetch<IncidentDetail>(`/incidents/${id}`, { signal }),
  });
}

/** Acknowledges an incident; the answer replaces the cached detail and the lists refresh. */
export function useAcknowledge(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<IncidentDetail>(`/incidents/${id}/acknowledge`, { method: 'POST' }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}

/**
 * Resolves an incident (a person says it is over): its escalation stops and the next alert of its group opens
 * a new incident. The answer replaces the cached detail and the lists refresh. 412 for a closed incident.
 */
export function useResolve(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<IncidentDetail>(`/incidents/${id}/resolve`, { method: 'POST' }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}

/** The body of `POST /incidents/:id/facts`: facts to merge into the incident's, and optionally why. */
export interface FactsSubmission {
  facts: ImpactFacts;
  note?: string;
}

/**
 * Stores the answer of a grading action (the re-graded incident) as the cached detail and refreshes the
 * lists and the risks, whose levels may have changed with it.
 */
function useStoreGradedIncident() {
  const queryClient = useQueryClient();
  return (detail: IncidentDetail): void => {
    queryClient.setQueryData(queryKeys.incidents.detail(detail.id), detail);
    void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    void queryClient.invalidateQueries({ queryKey: queryKeys.risks });
  };
}

/** Merges impact facts into an incident; the server re-grades it and answers with the new detail. */
export function useSubmitFacts(id: number) {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: (body: FactsSubmission) => apiFetch<IncidentDetail>(`/incidents/${id}/facts`, { method: 'POST', body }),
    onSuccess: store,
  });
}

/** A person sets (`level` 1…n) or clears (`null`) a sequence's level, with a reason. */
export function useChangeLevel(id: number) {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: (body: LevelChange) => apiFetch<IncidentDetail>(`/incidents/${id}/level`, { method: 'POST', body }),
    onSuccess: store,
  });
}

/** Open risks: incidents below every level (visible, not paged), newest first. */
export function useRisks() {
  return useQuery({
    queryKey: queryKeys.risks,
    queryFn: ({ signal }) => apiFetchAll<IncidentSummary>('/risks', 'incidents', { signal }),
  });
}

/** Makes a risk an incident at a level (it pages). */
export function usePromoteRisk() {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: ({ id, ...body }: { id: number; sequence: string; level: number; reason: string }) =>
      apiFetch<IncidentDetail>(`/risks/${id}/promote`, { method: 'POST', body }),
    onSuccess: store,
  });
}

/** Dismisses a risk with a reason: it is closed and pages nobody. */
export function useDismissRisk() {
  const store = useStoreGradedIncident();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      apiFetch<IncidentDetail>(`/risks/${id}/dismiss`, { method: 'POST', body: { reason } }),
    onSuccess: store,
  });
}

/**
 * Marks incident `id` as noise with a reason (`reason` given), or takes its mark back (`reason` null):
 * `POST`/`DELETE /incidents/:id/noise`. The answer is the incident page; lists are refreshed for their badge.
 */
export function useNoiseMark(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ reason }: { reason: string | null }) =>
      reason === null
        ? apiFetch<IncidentDetail>(`/incidents/${id}/noise`, { method: 'DELETE' })
        : apiFetch<IncidentDetail>(`/incidents/${id}/noise`, { method: 'POST', body: { reason } }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}
