/**
 * Escalation policies stored at runtime (DESIGN §7): parsed with the config's own schema plus an optional
 * owning `team`, their references checked against the directory, written with their audit rows through the
 * shared stored-object helpers of oncall/store.ts. The verbs of escalation/verbs.ts check permissions on
 * the owning team first and refresh the directories after (`rt.refreshOncall()`).
 */
import type { Db } from '../db/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { AppError, validationError } from '../lib/index.ts';
import {
  conflictWithConfig,
  deleteStored,
  insertStored,
  parseWith,
  replaceStored,
  type Actor,
  type ParsedBody,
  type StoredItem,
  type StoredKind,
} from '../oncall/index.ts';
import type { StoredOncall } from '../oncall/index.ts';
import { storedPolicies } from './tables.ts';
import { EscalationPolicyConfig } from './config.ts';
import type { StoredPolicies } from './directory.ts';

/** Stored escalation policies. */
export const POLICY_KIND: StoredKind = {
  // Same columns as stored_schedules (id, body, updated_by, updated_at): the shared helpers only use those.
  table: storedPolicies as unknown as StoredKind['table'],
  schema: EscalationPolicyConfig,
  what: 'escalation policy',
  target: 'escalation-policy',
  inConfig: (cfg, id) => cfg.config.escalationPolicies.some((p) => p.id === id),
};

/** Parses a stored policy body (`EscalationPolicyConfig` plus `team`); never throws. */
export function parseStoredPolicy(raw: unknown): ReturnType<typeof parseWith<EscalationPolicyConfig>> {
  return parseWith(EscalationPolicyConfig, raw);
}

/** The team owning a config policy: the first team (config order) that uses it, else null. */
export function configPolicyTeam(cfg: LoadedConfig, policyId: string): string | null {
  return cfg.config.teams.find((t) => t.escalationPolicy === policyId)?.id ?? null;
}

/** A policy's owner and origin, or undefined when unknown. */
export function policyOwner(
  cfg: LoadedConfig,
  stored: StoredPolicies,
  id: string,
): { source: 'config' | 'api'; team: string | null; item?: StoredItem<EscalationPolicyConfig> } | undefined {
  if (cfg.config.escalationPolicies.some((p) => p.id === id))
    return { source: 'config', team: configPolicyTeam(cfg, id) };
  const item = stored.policies.find((p) => p.id === id);
  return item ? { source: 'api', team: item.team, item } : undefined;
}

/**
 * Checks a policy's references against the directory (`cfg.escalation`, merged): schedules, teams and
 * channels of targets exist; `handoffTo` exists and does not lead back to this policy.
 * @throws AppError VALIDATION with the field paths
 */
export function checkPolicyRefs(cfg: LoadedConfig, policy: EscalationPolicyConfig): void {
  const fields: Array<{ path: string; message: string }> = [];
  const dir = cfg.escalation;
  policy.steps.forEach((step, i) =>
    step.targets.forEach((t, j) => {
      const path = `steps.${i}.targets.${j}`;
      if ('schedule' in t && !dir.schedules.has(t.schedule))
        fields.push({ path: `${path}.schedule`, message: `unknown schedule "${t.schedule}"` });
      if ('team' in t && !dir.teams.has(t.team))
        fields.push({ path: `${path}.team`, message: `unknown team "${t.team}"` });
      if ('channel' in t && !dir.channels.has(t.channel))
        fields.push({ path: `${path}.channel`, message: `unknown channel "${t.channel}"` });
    }),
  );
  if (policy.handoffTo !== undefined) {
    if (!dir.policies.has(policy.handoffTo) && policy.handoffTo !== policy.id)
      fields.push({ path: 'handoffTo', message: `unknown escalation policy "${policy.handoffTo}"` });
    else {
      const seen = new Set<string>([policy.id]);
      for (let id: string | undefined = policy.handoffTo; id; id = dir.policies.get(id)?.handoffTo) {
        if (seen.has(id)) {
          fields.push({ path: 'handoffTo', message: `hand-off cycle through "${id}"; an escalation would never end` });
          break;
        }
        seen.add(id);
      }
    }
  }
  if (fields.length) throw validationError(fields, 'escalation policy');
}

/**
 * Stores a new escalation policy after checking its references.
 * @throws AppError CONFLICT when the id is defined in the config or already stored; VALIDATION for references
 */
export async function createPolicy(
  db: Db,
  cfg: LoadedConfig,
  input: ParsedBody<EscalationPolicyConfig>,
  a: Actor,
): Promise<void> {
  if (POLICY_KIND.inConfig(cfg, input.body.id)) throw conflictWithConfig('escalation policy', input.body.id);
  checkPolicyRefs(cfg, input.body);
  await insertStored(db, cfg, POLICY_KIND, input, a);
}

/**
 * Replaces a stored policy's body. Running escalations continue at their position in the new steps.
 * @throws AppError CONFLICT for a config policy, NOT_FOUND for an unknown id, VALIDATION for references
 */
export async function updatePolicy(
  db: Db,
  cfg: LoadedConfig,
  input: ParsedBody<EscalationPolicyConfig>,
  a: Actor,
): Promise<void> {
  if (POLICY_KIND.inConfig(cfg, input.body.id)) throw conflictWithConfig('escalation policy', input.body.id);
  checkPolicyRefs(cfg, input.body);
  await replaceStored(db, cfg, POLICY_KIND, input, a);
}

/**
 * Deletes a stored policy.
 * @throws AppError CONFLICT for a config policy, or one a team, a service or another policy's hand-off still uses;
 *   NOT_FOUND for an unknown id
 */
export async function deletePolicy(
  db: Db,
  cfg: LoadedConfig,
  stored: Pick<StoredOncall, 'linkedPolicies' | 'servicePolicies'>,
  id: string,
  a: Actor,
): Promise<void> {
  if (POLICY_KIND.inConfig(cfg, id)) throw conflictWithConfig('escalation policy', id);
  const usedBy = [
    ...cfg.config.teams.filter((t) => t.escalationPolicy === id).map((t) => `team "${t.id}"`),
    ...[...stored.linkedPolicies].filter(([, p]) => p === id).map(([tid]) => `team "${tid}"`),
    ...cfg.catalog
      .services()
      .filter((s) => s.escalationPolicy === id)
      .map((s) => `service "${s.id}"`),
    ...[...stored.servicePolicies]
      .filter(([sid, p]) => p === id && cfg.catalog.service(sid)?.escalationPolicy !== id)
      .map(([sid]) => `service "${sid}"`),
    ...[...cfg.escalation.policies.values()]
      .filter((p) => p.handoffTo === id && p.id !== id)
      .map((p) => `policy "${p.id}"`),
  ];
  if (usedBy.length)
    throw new AppError('CONFLICT', `escalation policy "${id}" is used by ${usedBy.join(', ')}; change that first`);
  await deleteStored(db, POLICY_KIND, id, a);
}
