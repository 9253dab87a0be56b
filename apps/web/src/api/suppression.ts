import type {
  MaintenanceWindowInput,
  MaintenanceWindowView,
  MatcherPreview,
  SilenceInput,
  SilenceView,
} from '@faultline/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** Every kept silence (stored and from the config), ordered by end. */
export function useSilences() {
  return useQuery({
    queryKey: queryKeys.silences.list,
    queryFn: ({ signal }) => apiFetchAll<SilenceView>('/silences', 'silences', { signal }),
    // A silence changes state by the clock alone (pending → active → expired): re-read now and then.
    refetchInterval: 30_000,
  });
}

/** Which firing alerts these matchers accept now; off while there is no matcher. */
export function useMatcherPreview(matchers: string[]) {
  return useQuery({
    queryKey: queryKeys.silences.preview(matchers),
    queryFn: ({ signal }) =>
      apiFetch<MatcherPreview>('/silences/preview', { method: 'POST', body: { matchers }, signal }),
    enabled: matchers.length > 0,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Creates a silence. */
export function useCreateSilence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SilenceInput) => apiFetch<SilenceView>('/silences', { method: 'POST', body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.silences.all }),
  });
}

/** Expires a silence now: what it held back and still fires pages at once. */
export function useExpireSilence() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<SilenceView>(`/silences/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.silences.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.all });
    },
  });
}

/** `name="value"` with the value quoted as Alertmanager expects (backslash and double quote escaped). */
export function equalityMatcher(name: string, value: string): string {
  const quoted = value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
  return `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : JSON.stringify(name)}="${quoted}"`;
}

/** "Silence similar": the silences page with one equality matcher per label of an alert, prefilled. */
export function silenceSimilarHref(labels: Record<string, string>): string {
  const lines = Object.entries(labels)
    .filter(([, v]) => v !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => equalityMatcher(k, v));
  return `/silences?${new URLSearchParams({ matchers: lines.join('\n') }).toString()}`;
}

/** Every maintenance window (stored and from the config): in progress, scheduled, completed. */
export function useMaintenanceWindows() {
  return useQuery({
    queryKey: queryKeys.maintenance.list,
    queryFn: ({ signal }) => apiFetchAll<MaintenanceWindowView>('/maintenance-windows', 'windows', { signal }),
    // A window opens and closes by the clock alone: re-read now and then.
    refetchInterval: 30_000,
  });
}

/** Creates a maintenance window. */
export function useCreateMaintenanceWindow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: MaintenanceWindowInput) =>
      apiFetch<MaintenanceWindowView>('/maintenance-windows', { method: 'POST', body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.maintenance.all }),
  });
}

/** Ends a window early: what it held and still fires pages at once. */
export function useEndMaintenanceWindow() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiFetch<MaintenanceWindowView>(`/maintenance-windows/${encodeURIComponent(id)}/end`, { method: 'POST' }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.maintenance.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.incidents.all });
    },
  });
}
