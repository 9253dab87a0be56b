import type { LevelRuleVersion, ModuleLevelRules, ModuleView, RuleProblem } from '@faultline/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch, apiFetchAll } from './client.ts';
import { queryKeys } from './query-keys.ts';

/** A level rule as the API carries it (`LevelRuleConfig`, docs/levels.md): a plain JSON object. */
export type RuleJson = Record<string, unknown>;

/** Every module of the catalog with its tier, volume class, owner and active rule version. */
export function useModules() {
  return useQuery({
    queryKey: queryKeys.modules.list,
    queryFn: ({ signal }) => apiFetchAll<ModuleView>('/modules', 'modules', { signal }),
  });
}

const rulesPath = (id: string): string => `/modules/${encodeURIComponent(id)}/level-rules`;

function fetchRules(id: string, signal?: AbortSignal): Promise<ModuleLevelRules> {
  return apiFetch<ModuleLevelRules>(rulesPath(id), signal ? { signal } : {});
}

/** A module's effective rules, their lint, and every version of its rules (newest first). */
export function useLevelRules(id: string) {
  return useQuery({
    queryKey: queryKeys.modules.rules(id),
    queryFn: ({ signal }) => fetchRules(id, signal),
  });
}

/**
 * The mutations of the rule editor and the approval flow of one module. Each one refetches the module's
 * rules afterwards (and the module list, whose active version may change), and resolves with the fresh
 * rules so the editor can load the new draft.
 */
export function useLevelRuleActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = async (): Promise<ModuleLevelRules> => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.modules.list });
    return queryClient.fetchQuery({
      queryKey: queryKeys.modules.rules(id),
      queryFn: ({ signal }) => fetchRules(id, signal),
      staleTime: 0,
    });
  };

  /** Creates a draft from the fault-level template; resolves with the fresh rules and the server's answer. */
  const generate = useMutation({
    mutationFn: async () => {
      const answer = await apiFetch<unknown>(`${rulesPath(id)}/template`, { method: 'POST' });
      return { answer, rules: await refresh() };
    },
  });
  const saveDraft = useMutation({
    mutationFn: async (body: { rules: RuleJson[]; note?: string }) => {
      await apiFetch<unknown>(`${rulesPath(id)}/draft`, { method: 'PUT', body });
      return refresh();
    },
  });
  const lint = useMutation({
    mutationFn: (rules: RuleJson[]) =>
      apiFetch<{ problems: RuleProblem[] }>(`${rulesPath(id)}/lint`, { method: 'POST', body: { rules } }),
  });
  /** Saves the draft first when `rules` are given, then submits it for the owner's approval. */
  const submit = useMutation({
    mutationFn: async (draft?: { rules: RuleJson[]; note?: string }) => {
      if (draft) await apiFetch<unknown>(`${rulesPath(id)}/draft`, { method: 'PUT', body: draft });
      await apiFetch<unknown>(`${rulesPath(id)}/draft/submit`, { method: 'POST' });
      return refresh();
    },
  });
  const decide = useMutation({
    mutationFn: async ({
      version,
      decision,
      reason,
    }: {
      version: number;
      decision: 'approve' | 'reject';
      reason?: string;
    }) => {
      await apiFetch<unknown>(`${rulesPath(id)}/versions/${version}/${decision}`, {
        method: 'POST',
        body: reason ? { reason } : {},
      });
      return refresh();
    },
  });
  return { generate, saveDraft, lint, submit, decide };
}

/** The version in `status` (there is at most one draft and one pending version), else undefined. */
export function versionIn(
  versions: readonly LevelRuleVersion[],
  status: LevelRuleVersion['status'],
): LevelRuleVersion | undefined {
  return versions.find((version) => version.status === status);
}
