/**
 * Escalation policies stored at runtime (`stored_escalation_policies`), merged into the config's escalation
 * index: a config id always wins (the API refuses to store one, so a clash only arises if the config gains an
 * id that is already stored — then the stored one is hidden until it is renamed or deleted). A stored body
 * that no longer parses (a schema tightened since) is skipped and reported.
 *
 * Each node keeps the stored policies in memory (lib/overlay.ts): reloaded after every change made through
 * this node (`rt.refreshOncall()`), when another node says it changed them (the node channel, main.ts), and
 * every poll in case that notice was lost.
 */
import { asc } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { createOverlay, type Overlay } from '../lib/index.ts';
import type { StoredItem } from '../oncall/index.ts';
import { storedPolicies } from './tables.ts';
import type { EscalationPolicyConfig } from './config.ts';
import { parseStoredPolicy } from './policies.ts';

/** What the database adds to the config's policies. */
export interface StoredPolicies {
  policies: ReadonlyArray<StoredItem<EscalationPolicyConfig>>;
}

export const NO_STORED_POLICIES: StoredPolicies = { policies: [] };

/** Reads the stored policies; a body that no longer parses is skipped and reported through `onInvalid`. */
export async function loadStoredPolicies(
  db: Db,
  onInvalid: (what: string, id: string, message: string) => void = () => {},
): Promise<StoredPolicies> {
  const rows = await db.select().from(storedPolicies).orderBy(asc(storedPolicies.id));
  const policies: Array<StoredItem<EscalationPolicyConfig>> = [];
  for (const r of rows) {
    const parsed = parseStoredPolicy(r.body);
    if (!parsed.ok) onInvalid('escalation policy', r.id, parsed.error);
    else
      policies.push({
        id: r.id,
        body: parsed.value.body,
        team: parsed.value.team,
        updatedBy: r.updatedBy,
        updatedAt: r.updatedAt,
      });
  }
  return { policies };
}

/** The config with the stored policies added to `escalation.policies` (a config id wins). Pure. */
export function mergeStoredPolicies(base: LoadedConfig, stored: StoredPolicies): LoadedConfig {
  if (stored.policies.length === 0) return base;
  const policies = new Map(base.escalation.policies);
  for (const p of stored.policies) if (!policies.has(p.id)) policies.set(p.id, p.body);
  return { ...base, escalation: { ...base.escalation, policies } };
}

/** The stored policies of one node, merged into the config it is given. */
export type PolicyDirectory = Overlay<StoredPolicies, LoadedConfig>;

/** Creates an empty policy directory over `db`; call `load` before serving. */
export function createPolicyDirectory(
  db: Db,
  onInvalid?: (what: string, id: string, message: string) => void,
): PolicyDirectory {
  return createOverlay({
    empty: NO_STORED_POLICIES,
    load: () => loadStoredPolicies(db, onInvalid),
    merge: mergeStoredPolicies,
  });
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** Escalation policies stored at runtime (merged into `config().escalation.policies`). */
    policies: PolicyDirectory;
  }
}
