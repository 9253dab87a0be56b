import type { EscalationPolicyList, IncidentDetail, OncallView } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client.ts';
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
    queryFn: ({ signal }) => apiFetch<EscalationPolicyList>('/escalation-policies', { signal }),
    select: (data) => data.policies,
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
