import type {
  EscalationPolicyView,
  FinalScheduleView,
  IncidentDetail,
  OncallLintReport,
  OncallView,
  OverrideInput,
  OverrideView,
  PolicyView,
  ScheduleView,
  SimulateRequest,
  SimulationView,
} from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Who is on call at `at` (ISO 8601; `null` = now, refreshed every minute): per schedule and per team. */
export function useOncallNow(at: string | null) {
  return useQuery({
    queryKey: queryKeys.oncall.now(at),
    queryFn: ({ signal }) => apiFetch<OncallView>(at ? `/oncall?at=${encodeURIComponent(at)}` : '/oncall', { signal }),
    refetchInterval: at ? false : 60_000,
  });
}

/** Every escalation policy with its steps and the teams that use it. */
export function useEscalationPolicies() {
  return useQuery({
    queryKey: queryKeys.oncall.policies,
    queryFn: ({ signal }) => apiFetchAll<EscalationPolicyView>('/escalation-policies', 'policies', { signal }),
  });
}

/** Runs the incident's next escalation step now; the answer replaces the cached incident. */
export function useEscalate(id: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<IncidentDetail>(`/incidents/${id}/escalate`, { method: 'POST' }),
    onSuccess: (detail) => {
      queryClient.setQueryData(queryKeys.incidents.detail(id), detail);
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.lists });
    },
  });
}

/** Every schedule (config ones read-only, stored ones editable), in the API's order. */
export function useSchedules() {
  return useQuery({
    queryKey: queryKeys.oncall.schedules,
    queryFn: ({ signal }) => apiFetchAll<ScheduleView>('/schedules', 'schedules', { signal }),
  });
}

/** One schedule with its body (layers, restrictions, overrides as written). */
export function useSchedule(id: string) {
  return useQuery({
    queryKey: queryKeys.oncall.schedule(id),
    queryFn: ({ signal }) => apiFetch<ScheduleView>(`/schedules/${encodeURIComponent(id)}`, { signal }),
  });
}

/** The rendered final schedule over `[from, to)` (ISO 8601 instants): shifts after layers and overrides, and gaps. */
export function useFinalSchedule(id: string, from: string, to: string) {
  return useQuery({
    queryKey: queryKeys.oncall.final(id, from, to),
    queryFn: ({ signal }) =>
      apiFetch<FinalScheduleView>(
        `/schedules/${encodeURIComponent(id)}/final?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        { signal },
      ),
    placeholderData: (previous) => previous,
  });
}

/** The schedule's overrides (stored through the API), soonest first. */
export function useOverrides(id: string) {
  return useQuery({
    queryKey: queryKeys.oncall.overrides(id),
    queryFn: ({ signal }) =>
      apiFetchAll<OverrideView>(`/schedules/${encodeURIComponent(id)}/overrides`, 'overrides', { signal }),
  });
}

/** After a change to schedule `id`: refresh it, its final schedule, its overrides and who is on call. */
function useRefreshSchedule() {
  const queryClient = useQueryClient();
  return (id: string): void => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.oncall.schedule(id) });
    void queryClient.invalidateQueries({ queryKey: queryKeys.oncall.schedules, exact: true });
    void queryClient.invalidateQueries({ queryKey: ['oncall', 'now'] });
  };
}

/** Creates overrides on a schedule, one after the other (a swap is two); answers with the stored ones. */
export function useCreateOverrides(id: string) {
  const refresh = useRefreshSchedule();
  return useMutation({
    mutationFn: async (inputs: OverrideInput[]) => {
      const created: OverrideView[] = [];
      for (const body of inputs) {
        created.push(
          await apiFetch<OverrideView>(`/schedules/${encodeURIComponent(id)}/overrides`, { method: 'POST', body }),
        );
      }
      return created;
    },
    onSettled: () => refresh(id),
  });
}

/** Deletes one override of a schedule. */
export function useDeleteOverride(id: string) {
  const refresh = useRefreshSchedule();
  return useMutation({
    mutationFn: (overrideId: number) =>
      apiFetch<void>(`/schedules/${encodeURIComponent(id)}/overrides/${overrideId}`, { method: 'DELETE' }),
    onSettled: () => refresh(id),
  });
}

/**
 * Creates (`id` null) or replaces a stored schedule. `body` is the config shape (docs/schedules.md) plus
 * `team`; the server validates it and answers 400 with `fields` naming the paths of what is wrong.
 */
export function useSaveSchedule(id: string | null) {
  const refresh = useRefreshSchedule();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id === null
        ? apiFetch<ScheduleView>('/schedules', { method: 'POST', body })
        : apiFetch<ScheduleView>(`/schedules/${encodeURIComponent(id)}`, { method: 'PUT', body }),
    onSuccess: (saved) => refresh(saved.id),
  });
}

/** Deletes a stored schedule. */
export function useDeleteSchedule() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/schedules/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.oncall.all }),
  });
}

/** One escalation policy with its source (config ones are read-only) and body (the config shape). */
export function usePolicy(id: string) {
  return useQuery({
    queryKey: queryKeys.oncall.policy(id),
    queryFn: ({ signal }) => apiFetch<PolicyView>(`/escalation-policies/${encodeURIComponent(id)}`, { signal }),
  });
}

/**
 * Creates (`id` null) or replaces a stored escalation policy. `body` is the config shape (docs/escalation.md)
 * plus `team`; a 400 answer names the paths of what is wrong (unknown targets, a hand-off cycle …).
 */
export function useSavePolicy(id: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      id === null
        ? apiFetch<PolicyView>('/escalation-policies', { method: 'POST', body })
        : apiFetch<PolicyView>(`/escalation-policies/${encodeURIComponent(id)}`, { method: 'PUT', body }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.oncall.all }),
  });
}

/** Deletes a stored escalation policy. */
export function useDeletePolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/escalation-policies/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: queryKeys.oncall.all }),
  });
}

/** "Who gets paged, how and when" for a new incident of a service at a level at an instant. */
export function useSimulate() {
  return useMutation({
    mutationFn: (body: SimulateRequest) => apiFetch<SimulationView>('/escalation/simulate', { method: 'POST', body }),
  });
}

/** The on-call checks: empty steps, unreachable people, schedule gaps and overlaps, unused policies. */
export function useOncallLint() {
  return useQuery({
    queryKey: queryKeys.oncall.lint,
    queryFn: ({ signal }) => apiFetch<OncallLintReport>('/oncall/lint', { signal }),
  });
}
