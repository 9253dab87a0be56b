/**
 * Read-only views of escalation for the API: the policies with their steps and origin, and who is on call at
 * an instant per schedule and per team. Pure functions of the merged config, the stored policies and the
 * instant. (Schedule views are on-call's: oncall/views.ts.)
 */
import type { EscalationPolicyView, OncallView, PolicyView } from '@faultline/contracts';
import type { LoadedConfig } from '../kernel/index.ts';
import { onCallAt } from '../oncall/index.ts';
import type { StoredPolicies } from './directory.ts';
import { policyOwner } from './policies.ts';
import { stepRecipients } from './policy.ts';

/** Every policy in config order, with its steps and the teams and services paged through it. */
export function listEscalationPolicies(cfg: LoadedConfig): EscalationPolicyView[] {
  return [...cfg.escalation.policies.values()].map((p) => ({
    id: p.id,
    name: p.name ?? p.id,
    repeat: p.repeat,
    handoffTo: p.handoffTo ?? null,
    steps: p.steps.map((s) => ({
      delayMinutes: s.delayMinutes,
      teamMode: s.teamMode,
      targets: s.targets,
      ...(s.minLevel ? { minLevel: s.minLevel } : {}),
    })),
    teams: cfg.catalog
      .teams()
      .filter((t) => t.escalationPolicy === p.id)
      .map((t) => t.id),
    services: cfg.catalog
      .services()
      .filter((s) => s.escalationPolicy === p.id)
      .map((s) => s.id),
  }));
}

/**
 * Who is on call at `at`: per schedule the final schedule's user; per team its policy's steps resolved at
 * `at` (a round-robin step lists every member it may pick, since the pick depends on the incident), or its
 * `oncall` list when it has no policy.
 */
export function oncallView(cfg: LoadedConfig, at: Date): OncallView {
  const schedules = [...cfg.escalation.schedules.values()].map((s) => ({
    id: s.id,
    name: s.name ?? s.id,
    timeZone: s.timeZone,
    onCall: onCallAt(s, at),
  }));
  const teams = cfg.catalog.teams().map((team) => {
    const policy = team.escalationPolicy ? cfg.escalation.policies.get(team.escalationPolicy) : undefined;
    if (!policy) {
      return {
        id: team.id,
        name: team.name,
        escalationPolicy: team.escalationPolicy,
        responders: team.oncall.map((m) => ({ kind: 'email' as const, address: m.email })),
        steps: [],
      };
    }
    const asAll = { ...policy, steps: policy.steps.map((s) => ({ ...s, teamMode: 'all' as const })) };
    const steps = policy.steps.map((s, i) => {
      const r = stepRecipients(asAll, i, 0, { incidentId: 0, now: at, ...cfg.escalation });
      return {
        delayMinutes: s.delayMinutes,
        roundRobin: s.teamMode === 'round-robin' && s.targets.some((t) => 'team' in t),
        recipients: r.recipients,
        nobody: r.nobody,
      };
    });
    return {
      id: team.id,
      name: team.name,
      escalationPolicy: policy.id,
      responders: steps[0]?.recipients ?? [],
      steps,
    };
  });
  return { at: at.toISOString(), schedules, teams };
}

/** A policy as the API shows it. */
export function policyView(cfg: LoadedConfig, stored: StoredPolicies, id: string): PolicyView | undefined {
  const owner = policyOwner(cfg, stored, id);
  const p = cfg.escalation.policies.get(id);
  if (!owner || !p) return undefined;
  const body = owner.item ? { ...owner.item.body, ...(owner.item.team ? { team: owner.item.team } : {}) } : p;
  return {
    id,
    name: p.name ?? id,
    team: owner.team,
    source: owner.source,
    body: body as Record<string, unknown>,
    updatedBy: owner.item?.updatedBy ?? null,
    updatedAt: owner.item?.updatedAt.toISOString() ?? null,
  };
}
