/**
 * Playbooks stored at runtime (`stored_playbooks`; docs/recovery.md "Saving playbooks"), written through the
 * API, the CLI or the console's editor and merged over the config file's `playbooks:` (issue 9 point 5).
 * The pattern of stored escalation policies (escalation/directory.ts, escalation/policies.ts): the body is
 * the config's own schema plus an optional owning `team`, a config id always wins and stays read-only (the
 * API refuses to store one; should the config later gain a stored id, the stored one is hidden until it is
 * renamed or deleted), a stored body that no longer parses is skipped and reported, and each write carries
 * its audit row (the audit log drops automation secrets).
 *
 * Each node keeps the stored playbooks in memory (lib/overlay.ts): reloaded after every change made through
 * this node (`rt.refreshPlaybooks()`), when another node says it changed them (the node channel, main.ts),
 * and every poll in case that notice was lost.
 */
import { asc } from 'drizzle-orm';
import { parse, YAMLParseError } from 'yaml';
import type { Db } from '../db/index.ts';
import type { LoadedConfig } from '../kernel/index.ts';
import { createOverlay, validationError, type Overlay } from '../lib/index.ts';
import {
  conflictWithConfig,
  deleteStored,
  insertStored,
  parseWith,
  readBody,
  replaceStored,
  type Actor,
  type ParsedBody,
  type StoredItem,
  type StoredKind,
} from '../oncall/index.ts';
import { CHANGE_ROLLBACK_PLAYBOOK, PlaybookConfig } from './config.ts';
import { lintRecovery } from './lint.ts';
import { storedPlaybooks } from './tables.ts';

/** What the database adds to the config's playbooks. */
export interface StoredPlaybooks {
  playbooks: ReadonlyArray<StoredItem<PlaybookConfig>>;
}

export const NO_STORED_PLAYBOOKS: StoredPlaybooks = { playbooks: [] };

/** Stored playbooks, for the shared stored-object helpers of oncall/store.ts. */
export const PLAYBOOK_KIND: StoredKind = {
  // Same columns as stored_schedules (id, body, updated_by, updated_at): the shared helpers only use those.
  table: storedPlaybooks as unknown as StoredKind['table'],
  schema: PlaybookConfig,
  what: 'playbook',
  target: 'playbook',
  inConfig: (cfg, id) => cfg.config.playbooks.some((p) => p.id === id && !isStoredIn(cfg, p)),
};

/**
 * The merged config marks the playbooks it took from the database (a WeakSet of their objects), so "defined
 * in the config file" can be told apart from "stored" on a merged config.
 */
const fromStore = new WeakSet<object>();
const isStoredIn = (_cfg: LoadedConfig, p: PlaybookConfig): boolean => fromStore.has(p);

/** Reads the stored playbooks; a body that no longer parses is skipped and reported through `onInvalid`. */
export async function loadStoredPlaybooks(
  db: Db,
  onInvalid: (what: string, id: string, message: string) => void = () => {},
): Promise<StoredPlaybooks> {
  const rows = await db.select().from(storedPlaybooks).orderBy(asc(storedPlaybooks.id));
  const playbooks: Array<StoredItem<PlaybookConfig>> = [];
  for (const r of rows) {
    const parsed = parseWith(PlaybookConfig, r.body);
    if (!parsed.ok) onInvalid('playbook', r.id, parsed.error);
    else
      playbooks.push({
        id: r.id,
        body: parsed.value.body,
        team: parsed.value.team,
        updatedBy: r.updatedBy,
        updatedAt: r.updatedAt,
      });
  }
  return { playbooks };
}

/**
 * The config with the stored playbooks after the file's (by id; a config id wins). Pure apart from marking
 * the stored objects it adds (see `fromStore`).
 */
export function mergeStoredPlaybooks(base: LoadedConfig, stored: StoredPlaybooks): LoadedConfig {
  if (stored.playbooks.length === 0) return base;
  const inFile = new Set(base.config.playbooks.map((p) => p.id));
  const added = stored.playbooks.filter((p) => !inFile.has(p.id)).map((p) => p.body);
  for (const p of added) fromStore.add(p);
  return { ...base, config: { ...base.config, playbooks: [...base.config.playbooks, ...added] } };
}

/** The stored playbooks of one node, merged into the config it is given. */
export type PlaybookDirectory = Overlay<StoredPlaybooks, LoadedConfig>;

/** Creates an empty playbook directory over `db`; call `load` before serving. */
export function createPlaybookDirectory(
  db: Db,
  onInvalid?: (what: string, id: string, message: string) => void,
): PlaybookDirectory {
  return createOverlay({
    empty: NO_STORED_PLAYBOOKS,
    load: () => loadStoredPlaybooks(db, onInvalid),
    merge: mergeStoredPlaybooks,
  });
}

/** A playbook's origin and owner, or undefined when unknown. Config playbooks belong to no team. */
export function playbookOwner(
  cfg: LoadedConfig,
  stored: StoredPlaybooks,
  id: string,
): { source: 'config' | 'api'; team: string | null; item?: StoredItem<PlaybookConfig> } | undefined {
  if (PLAYBOOK_KIND.inConfig(cfg, id)) return { source: 'config', team: null };
  const item = stored.playbooks.find((p) => p.id === id);
  return item ? { source: 'api', team: item.team, item } : undefined;
}

/**
 * Reads a request body: the config shape (JSON) plus an optional `team`, or `{ yaml, team? }` with the
 * playbook written as YAML (the console's editor, the CLI's file). On an update, an automation given without
 * its `secret` keeps the stored step's (the API never shows secrets, so an edit need not repeat them).
 * @throws AppError VALIDATION naming every field path (`yaml` for text that is not YAML, with line and column)
 */
export function readPlaybookBody(raw: unknown, pathId?: string, previous?: PlaybookConfig): ParsedBody<PlaybookConfig> {
  let body = raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'yaml' in raw) {
    const { yaml, ...rest } = raw as Record<string, unknown>;
    if (typeof yaml !== 'string' || yaml.length > 100_000)
      throw validationError(
        [{ path: 'yaml', message: 'expected the playbook as YAML text (at most 100000 characters)' }],
        'playbook',
      );
    let doc: unknown;
    try {
      doc = parse(yaml, { maxAliasCount: 100 });
    } catch (e) {
      const where =
        e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line}, column ${e.linePos[0].col})` : '';
      throw validationError([{ path: 'yaml', message: `not YAML${where}` }], 'playbook');
    }
    if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
      throw validationError(
        [{ path: 'yaml', message: 'expected one playbook (a mapping with id and steps)' }],
        'playbook',
      );
    body = { ...(doc as Record<string, unknown>), ...rest };
  }
  if (previous) body = keepSecrets(body, previous);
  return readBody<PlaybookConfig>(PLAYBOOK_KIND, body, pathId);
}

/** `raw` with each step automation lacking a `secret` given the previous same-id step's secret. */
function keepSecrets(raw: unknown, previous: PlaybookConfig): unknown {
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { steps?: unknown }).steps)) return raw;
  const secrets = new Map(previous.steps.flatMap((s) => (s.automation ? [[s.id, s.automation.secret] as const] : [])));
  const steps = (raw as { steps: unknown[] }).steps.map((s) => {
    if (typeof s !== 'object' || s === null) return s;
    const { id, automation } = s as { id?: unknown; automation?: unknown };
    if (typeof id !== 'string' || typeof automation !== 'object' || automation === null) return s;
    if ('secret' in automation || !secrets.has(id)) return s;
    return { ...s, automation: { ...automation, secret: secrets.get(id) } };
  });
  return { ...raw, steps };
}

/**
 * Checks a playbook against the catalog as the config lint does (services and modules in `match`, target
 * services) and refuses the reserved change-rollback id.
 * @throws AppError VALIDATION with the field paths inside the playbook
 */
export function checkPlaybookRefs(cfg: LoadedConfig, p: PlaybookConfig): void {
  const fields = lintRecovery({ ...cfg.config, playbooks: [p], changeRollbacks: [] })
    .filter((x) => x.severity === 'error')
    .map((x) => ({ path: x.path.replace(/^playbooks\.0\.?/, ''), message: x.message }));
  if (p.id === CHANGE_ROLLBACK_PLAYBOOK && !fields.some((f) => f.path === 'id'))
    fields.push({ path: 'id', message: `"${CHANGE_ROLLBACK_PLAYBOOK}" is reserved` });
  if (fields.length) throw validationError(fields, 'playbook');
}

/**
 * Stores a new playbook after checking it against the catalog.
 * @throws AppError CONFLICT when the id is in the config file or already stored; VALIDATION
 */
export async function createPlaybook(
  db: Db,
  cfg: LoadedConfig,
  input: ParsedBody<PlaybookConfig>,
  a: Actor,
): Promise<void> {
  if (PLAYBOOK_KIND.inConfig(cfg, input.body.id)) throw conflictWithConfig('playbook', input.body.id);
  checkPlaybookRefs(cfg, input.body);
  await insertStored(db, cfg, PLAYBOOK_KIND, input, a);
}

/**
 * Replaces a stored playbook. Steps already acted on in incidents keep their rows (and stay listed there).
 * @throws AppError CONFLICT for a config playbook, NOT_FOUND, VALIDATION
 */
export async function updatePlaybook(
  db: Db,
  cfg: LoadedConfig,
  input: ParsedBody<PlaybookConfig>,
  a: Actor,
): Promise<void> {
  if (PLAYBOOK_KIND.inConfig(cfg, input.body.id)) throw conflictWithConfig('playbook', input.body.id);
  checkPlaybookRefs(cfg, input.body);
  await replaceStored(db, cfg, PLAYBOOK_KIND, input, a);
}

/**
 * Deletes a stored playbook; incidents no longer offer it (steps already acted on stay on their timelines).
 * @throws AppError CONFLICT for a config playbook, NOT_FOUND
 */
export async function deletePlaybook(db: Db, cfg: LoadedConfig, id: string, a: Actor): Promise<void> {
  if (PLAYBOOK_KIND.inConfig(cfg, id)) throw conflictWithConfig('playbook', id);
  await deleteStored(db, PLAYBOOK_KIND, id, a);
}

declare module '../kernel/runtime.ts' {
  interface Runtime {
    /** Playbooks stored at runtime (merged into `config().config.playbooks`). */
    playbooks: PlaybookDirectory;
    /** Re-reads the stored playbooks after a change through this node. */
    refreshPlaybooks(): Promise<void>;
  }
}
