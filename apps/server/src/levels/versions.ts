/**
 * Versioned level rules per module (DESIGN §4: "level rules are versioned and a change takes effect once the
 * module's technical owner approves it"; seed 000: "after the fault level definitions are created, the
 * technical owner must approve them").
 *
 * Life of a version: `draft` (at most one per module, edited in place) → `pending` (submitted) → `approved`
 * (active: it replaces the module's template rules and the configured rules scoped to exactly the module;
 * the version approved before becomes `superseded`) or `rejected`. Only approved versions grade.
 *
 * Who decides: the module's technical owner (`owner` in the catalog, compared case-insensitively with the
 * principal's name). A module without an owner is decided by an `admin`, who may not decide a version they
 * authored. Every verb runs in one transaction, serialised per module by an advisory lock; the version rows
 * are the history (author, decider, times, note, reason).
 */
import { and, desc, eq, max, sql } from 'drizzle-orm';
import type { LevelRuleVersion, ModuleLevelRules, ModuleView, RuleProblem } from '@faultline/contracts';
import { authorizeCtx as authorize, type Ctx, type LoadedConfig, type Verb } from '../kernel/index.ts';
import type { Db } from '../db/index.ts';
import { levelRuleVersions } from './tables.ts';
import type { Catalog, ModuleEntry } from '../catalog/index.ts';
import { LevelRuleConfig } from './config.ts';
import { effectiveModuleRules, lintModuleRules } from './lint.ts';
import { AppError, validationError } from '../lib/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { parseMatchers } from './matchers.ts';
import { TIER_SHIFT, describeRule, factThresholds, versionRule, type RuleCondition } from './rules.ts';
import { TEMPLATE_ID_PREFIX, templateRules } from './template.ts';

type VersionRow = typeof levelRuleVersions.$inferSelect;
type Status = LevelRuleVersion['status'];

/** Who acts: the authenticated principal's name and role. */
export interface Actor {
  name: string;
  role: string;
}

/** A draft as stored, with the lint findings of its rules (warnings are accepted, errors are not). */
export interface DraftResult {
  version: LevelRuleVersion;
  problems: RuleProblem[];
}

/** First key of the two-key advisory lock that serialises the verbs of one module. */
const MODULE_LOCK_CLASS = 7_041_978;

// ---------------------------------------------------------------------------------------------------------
// Pure parts
// ---------------------------------------------------------------------------------------------------------

/** A version row as the API shows it. */
export function versionView(row: VersionRow): LevelRuleVersion {
  return {
    module: row.module,
    version: row.version,
    status: row.status as Status,
    rules: row.rules as Record<string, unknown>[],
    author: row.author,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    submittedAt: row.submittedAt?.toISOString() ?? null,
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionReason: row.decisionReason,
  };
}

export function moduleView(mod: ModuleEntry, activeVersion: number | null): ModuleView {
  return {
    id: mod.id,
    name: mod.name,
    businessLine: mod.businessLine,
    tier: mod.tier,
    volume: mod.volume,
    owner: mod.owner,
    services: [...mod.services],
    activeVersion,
  };
}

/**
 * The fault-level template of a module as version rules: the template's bands at the level they grade
 * this module (tier shift applied, bands pushed past the sequence's last level left out, as
 * `effectiveModuleRules` lists them), with ids out of the reserved `template.` namespace
 * (`template.checkout.p1` → `checkout.p1`). Version rules are scoped to their module and are not shifted
 * again when grading, so a version made from the template grades exactly as the template did.
 */
export function templateDraftRules(mod: ModuleEntry, config: LoadedConfig['config']): LevelRuleConfig[] {
  const shift = TIER_SHIFT[mod.tier];
  const out: LevelRuleConfig[] = [];
  for (const rule of templateRules(mod, config.levels.sequences)) {
    const count = config.levels.sequences.find((s) => s.id === rule.sequence)?.levels ?? 0;
    const level = rule.level + shift;
    if (level > count) continue;
    out.push({
      ...rule,
      id: rule.id.startsWith(TEMPLATE_ID_PREFIX) ? rule.id.slice(TEMPLATE_ID_PREFIX.length) : rule.id,
      level,
      description:
        shift === 0
          ? rule.description
          : `${rule.description ?? rule.id}; ${mod.tier} module: ${rule.sequence}${level} (tier shift +${shift} applied)`,
    });
  }
  return out;
}

/** The condition of a parsed rule, for `describeRule` (throws on an invalid matcher). */
function conditionOf(rule: LevelRuleConfig): RuleCondition {
  if (rule.kpiDrop) return { type: 'kpiDrop', ...rule.kpiDrop };
  if (rule.facts) return { type: 'facts', thresholds: factThresholds(rule.facts) };
  if (rule.duration) return { type: 'duration', minutes: rule.duration.minutes, atLevel: rule.duration.atLevel };
  return { type: 'alert', matchers: (rule.alert?.matchers ?? []).flatMap((m) => parseMatchers(m)) };
}

/**
 * A stored or proposed rule in words, e.g.
 * `checkout.p1: P1 (business, module checkout) when a firing alert matches severity="critical" (A critical…)`.
 * A rule that does not parse is shown as JSON.
 */
export function ruleInWords(raw: unknown): string {
  const parsed = LevelRuleConfig.safeParse(raw);
  if (!parsed.success) return `(invalid rule) ${JSON.stringify(raw)}`;
  const r = parsed.data;
  let text: string;
  try {
    text = describeRule(r.sequence, r.level, r.kind, r.scope, conditionOf(r));
  } catch {
    text = `${r.sequence}${r.level} (${r.kind}) ${JSON.stringify(r.alert ?? {})}`;
  }
  return `${r.id}: ${text}${r.description ? ` (${r.description})` : ''}`;
}

/** Whether `name` is the module's owner (emails compare case-insensitively). */
export function isOwner(mod: Pick<ModuleEntry, 'owner'>, name: string): boolean {
  return mod.owner !== null && mod.owner.trim().toLowerCase() === name.trim().toLowerCase();
}

/**
 * Throws FORBIDDEN unless `actor` may approve or reject versions of `mod`: its technical owner; for a module
 * without an owner, an `admin` other than the version's author.
 */
export function assertMayDecide(
  mod: Pick<ModuleEntry, 'id' | 'owner'>,
  actor: Actor,
  author: string,
  version: number,
): void {
  if (mod.owner !== null) {
    if (isOwner(mod, actor.name)) return;
    throw new AppError(
      'FORBIDDEN',
      `only the technical owner of module ${mod.id}, ${mod.owner}, may approve or reject its level rules`,
    );
  }
  if (actor.role !== 'admin') {
    throw new AppError(
      'FORBIDDEN',
      `module ${mod.id} has no technical owner (set "owner" on the module in the catalog); until then only an admin may approve or reject its level rules`,
    );
  }
  if (author.trim().toLowerCase() === actor.name.trim().toLowerCase()) {
    throw new AppError(
      'FORBIDDEN',
      `you wrote version ${version} of module ${mod.id}, which has no technical owner; another admin must approve or reject it`,
    );
  }
}

/** Unique recipients, compared case-insensitively, in first-seen order. */
export function uniqueEmails(emails: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of emails) {
    const key = e.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(e.trim());
  }
  return out;
}

/** Who hears of an approval: the members of the teams owning the module's services, and the owner. */
export function approvalRecipients(catalog: Catalog, mod: ModuleEntry): string[] {
  const emails: string[] = [];
  const teams = uniqueEmails(mod.services.map((s) => catalog.service(s)?.team ?? ''));
  for (const t of teams) for (const m of catalog.team(t)?.members ?? []) emails.push(m.email);
  if (mod.owner) emails.push(mod.owner);
  return uniqueEmails(emails);
}

/** The notice sent when a version is approved. */
export function approvalMail(
  mod: ModuleEntry,
  row: Pick<VersionRow, 'version' | 'rules' | 'author' | 'note'>,
  decision: { by: string; at: Date; reason: string | null; replaced: number | null },
): { subject: string; text: string } {
  const lines = [
    `Version ${row.version} of the level rules of module ${mod.name} (${mod.id}) was approved by ${decision.by} ` +
      `at ${decision.at.toISOString()} and grades incidents from now on.`,
    decision.replaced !== null
      ? `It replaces version ${decision.replaced}, now superseded.`
      : "It replaces the module's configured and template rules.",
    '',
    `Author: ${row.author}`,
    ...(row.note ? [`Note: ${row.note}`] : []),
    ...(decision.reason ? [`Reason of the approval: ${decision.reason}`] : []),
    '',
    row.rules.length === 0 ? 'Rules: none (only the rules shared with other modules apply).' : 'Rules:',
    ...row.rules.map((r) => `- ${ruleInWords(r)}`),
    '',
    'Rules shared with other modules (generic, business line, tier) still apply next to these; the most severe level wins.',
  ];
  return { subject: `[Faultline] Level rules v${row.version} approved for ${mod.id}`, text: lines.join('\n') };
}

// ---------------------------------------------------------------------------------------------------------
// Verbs
// ---------------------------------------------------------------------------------------------------------

function moduleOf(cfg: LoadedConfig, moduleId: string): ModuleEntry {
  const mod = cfg.catalog.module(moduleId);
  if (!mod) throw new AppError('NOT_FOUND', `module ${moduleId} is not in the catalog`);
  return mod;
}

async function lockModule(tx: Db, moduleId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${MODULE_LOCK_CLASS}, hashtext(${moduleId}))`);
}

async function versionsOf(db: Db, moduleId: string): Promise<VersionRow[]> {
  return db
    .select()
    .from(levelRuleVersions)
    .where(eq(levelRuleVersions.module, moduleId))
    .orderBy(desc(levelRuleVersions.version));
}

async function findVersion(db: Db, moduleId: string, version: number): Promise<VersionRow> {
  const [row] = await db
    .select()
    .from(levelRuleVersions)
    .where(and(eq(levelRuleVersions.module, moduleId), eq(levelRuleVersions.version, version)))
    .limit(1);
  if (!row) throw new AppError('NOT_FOUND', `module ${moduleId} has no level-rule version ${version}`);
  return row;
}

async function findByStatus(db: Db, moduleId: string, status: Status): Promise<VersionRow | undefined> {
  const [row] = await db
    .select()
    .from(levelRuleVersions)
    .where(and(eq(levelRuleVersions.module, moduleId), eq(levelRuleVersions.status, status)))
    .orderBy(desc(levelRuleVersions.version))
    .limit(1);
  return row;
}

const errorsOf = (problems: readonly RuleProblem[]) => problems.filter((p) => p.severity === 'error');
const fieldsOf = (problems: readonly RuleProblem[]) =>
  errorsOf(problems).map((p) => ({ path: p.path || 'rules', message: p.message }));

/** Lints proposed rules of a module against the active config. */
function lint(cfg: LoadedConfig, moduleId: string, rules: readonly unknown[]): RuleProblem[] {
  return lintModuleRules(cfg.config, cfg.catalog, moduleId, rules);
}

/** Rules as stored: parsed (defaults filled in) and scoped to the module. Call only on rules without lint errors. */
function storedRules(moduleId: string, rules: readonly unknown[]): LevelRuleConfig[] {
  return rules.map((r) => versionRule(LevelRuleConfig.parse(r), moduleId));
}

function publish(ctx: Ctx, moduleId: string): void {
  ctx.rt.bus.publish({ type: 'rules.changed', module: moduleId });
}

/** Every module of the catalog with its approved (active) version, if any. */
export async function listModules({ ctx }: Verb<Record<string, never>>): Promise<ModuleView[]> {
  authorize(ctx, 'incident:read');
  const active = await ctx.tx
    .select({ module: levelRuleVersions.module, version: levelRuleVersions.version })
    .from(levelRuleVersions)
    .where(eq(levelRuleVersions.status, 'approved'));
  const byModule = new Map(active.map((a) => [a.module, a.version] as const));
  return ctx.config.catalog.modules().map((m) => moduleView(m, byModule.get(m.id) ?? null));
}

/**
 * What grades a module now and its history: the effective rules (the approved version's, else the configured
 * and template rules, then the rules shared with other modules; see `effectiveModuleRules`), every version
 * newest first, and the lint problems of the module's own effective rules. Problem paths are
 * `effective.N…`, N indexing `effective` (the module's own rules come first).
 *
 * @throws AppError NOT_FOUND for a module not in the catalog
 */
export async function getModuleLevelRules({ ctx, input }: Verb<{ moduleId: string }>): Promise<ModuleLevelRules> {
  authorize(ctx, 'incident:read');
  const { moduleId } = input;
  const cfg = ctx.config;
  const mod = moduleOf(cfg, moduleId);
  const versions = await versionsOf(ctx.tx, moduleId);
  const approved = versions.find((v) => v.status === 'approved');
  const approvedRules = approved ? (approved.rules as LevelRuleConfig[]) : undefined;
  const effective = effectiveModuleRules(
    cfg.config,
    cfg.catalog,
    moduleId,
    approvedRules ? new Map([[moduleId, approvedRules]]) : undefined,
  );
  const own = approvedRules ?? cfg.config.levels.rules.filter((r) => r.scope.module === moduleId);
  const problems = lint(cfg, moduleId, own).map((p) => ({
    ...p,
    path: p.path.startsWith('rules.') ? `effective.${p.path.slice('rules.'.length)}` : p.path,
  }));
  return {
    module: moduleView(mod, approved?.version ?? null),
    effective: effective as Record<string, unknown>[],
    effectiveSource: approved ? 'version' : 'config',
    versions: versions.map(versionView),
    problems,
  };
}

/** Writes the module's draft (creating version max+1 when there is none) in the caller's transaction. */
async function writeDraft(
  tx: Db,
  moduleId: string,
  rules: LevelRuleConfig[],
  note: string | null | undefined,
  author: string,
  now: Date,
): Promise<VersionRow> {
  const draft = await findByStatus(tx, moduleId, 'draft');
  if (draft) {
    const [row] = await tx
      .update(levelRuleVersions)
      .set({ rules, author, note: note === undefined ? draft.note : note })
      .where(eq(levelRuleVersions.id, draft.id))
      .returning();
    return row!;
  }
  const [top] = await tx
    .select({ v: max(levelRuleVersions.version) })
    .from(levelRuleVersions)
    .where(eq(levelRuleVersions.module, moduleId));
  const [row] = await tx
    .insert(levelRuleVersions)
    .values({
      module: moduleId,
      version: (top?.v ?? 0) + 1,
      rules,
      status: 'draft',
      author,
      note: note ?? null,
      createdAt: now,
    })
    .returning();
  return row!;
}

/**
 * Creates the module's draft from the fault-level template (see `templateDraftRules`), or replaces the rules
 * of its existing draft with them.
 *
 * @throws AppError NOT_FOUND for an unknown module; PRECONDITION_FAILED when the template gives no rule
 */
export async function draftFromTemplate({ ctx, input }: Verb<{ moduleId: string }>): Promise<DraftResult> {
  authorize(ctx, 'incident:respond');
  const { moduleId } = input;
  const author = ctx.principal.name;
  const cfg = ctx.config;
  const mod = moduleOf(cfg, moduleId);
  const rules = templateDraftRules(mod, cfg.config);
  if (rules.length === 0) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `the fault-level template gives no rule for module ${moduleId} (it grades the P sequence, which the config does not define)`,
    );
  }
  const problems = lint(cfg, moduleId, rules);
  const note = `from the fault-level template (${mod.tier}, ${mod.volume} volume)`;
  const row = await ctx.tx.transaction(async (tx) => {
    await lockModule(tx, moduleId);
    return writeDraft(tx, moduleId, storedRules(moduleId, rules), note, author, ctx.clock.now());
  });
  publish(ctx, moduleId);
  return { version: versionView(row), problems };
}

/**
 * Creates or updates the module's draft with `rules` (scoped to the module). Rules with lint errors are
 * refused; warnings are returned and the rules are stored.
 *
 * @throws AppError NOT_FOUND for an unknown module; VALIDATION naming each error (`rules.N…`)
 */
export async function updateDraft({
  ctx,
  input: update,
}: Verb<{ moduleId: string; rules: readonly unknown[]; note?: string | undefined }>): Promise<DraftResult> {
  authorize(ctx, 'incident:respond');
  const { moduleId } = update;
  const author = ctx.principal.name;
  const cfg = ctx.config;
  moduleOf(cfg, moduleId);
  const problems = lint(cfg, moduleId, update.rules);
  if (errorsOf(problems).length > 0) throw validationError(fieldsOf(problems), `level rules for module ${moduleId}`);
  const row = await ctx.tx.transaction(async (tx) => {
    await lockModule(tx, moduleId);
    return writeDraft(tx, moduleId, storedRules(moduleId, update.rules), update.note, author, ctx.clock.now());
  });
  publish(ctx, moduleId);
  return { version: versionView(row), problems };
}

/** The lint problems of proposed rules for a module; writes nothing. @throws AppError NOT_FOUND */
export function lintDraft({ ctx, input }: Verb<{ moduleId: string; rules: readonly unknown[] }>): RuleProblem[] {
  authorize(ctx, 'incident:respond');
  const { moduleId, rules } = input;
  const cfg = ctx.config;
  moduleOf(cfg, moduleId);
  return lint(cfg, moduleId, rules);
}

/**
 * Submits the module's draft for approval (draft → pending) and tells the technical owner, if any, that a
 * version awaits their decision.
 *
 * @throws AppError NOT_FOUND for an unknown module; PRECONDITION_FAILED without a draft or when its rules
 *   have lint errors against the current config
 */
export async function submitDraft({ ctx, input }: Verb<{ moduleId: string }>): Promise<LevelRuleVersion> {
  authorize(ctx, 'incident:respond');
  const { moduleId } = input;
  const author = ctx.principal.name;
  const rt = ctx.rt;
  const cfg = ctx.config;
  const mod = moduleOf(cfg, moduleId);
  const row = await ctx.tx.transaction(async (tx) => {
    await lockModule(tx, moduleId);
    const draft = await findByStatus(tx, moduleId, 'draft');
    if (!draft)
      throw new AppError('PRECONDITION_FAILED', `module ${moduleId} has no draft to submit; create one first`);
    const problems = lint(cfg, moduleId, draft.rules);
    if (errorsOf(problems).length > 0) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `the draft of module ${moduleId} has lint errors; fix them before submitting`,
        fieldsOf(problems),
      );
    }
    const now = ctx.clock.now();
    const [updated] = await tx
      .update(levelRuleVersions)
      .set({ status: 'pending', submittedAt: now })
      .where(eq(levelRuleVersions.id, draft.id))
      .returning();
    if (mod.owner) {
      const text = [
        `${author} submitted version ${draft.version} of the level rules of module ${mod.name} (${mod.id}) for your approval.`,
        ...(draft.note ? [`Note: ${draft.note}`] : []),
        '',
        draft.rules.length === 0 ? 'Rules: none.' : 'Rules:',
        ...draft.rules.map((r) => `- ${ruleInWords(r)}`),
        '',
        `Approve: faultline levels approve ${mod.id} ${draft.version} --reason "…"`,
        `Reject:  faultline levels reject ${mod.id} ${draft.version} --reason "…"`,
        `Or POST ${rt.publicUrl}/api/v1/modules/${mod.id}/level-rules/versions/${draft.version}/approve (or /reject).`,
      ].join('\n');
      await enqueueJob(
        tx,
        'notify.mail',
        {
          to: [mod.owner],
          subject: `[Faultline] Level rules v${draft.version} for ${mod.id} await your approval`,
          text,
        },
        now,
        now,
      );
    }
    return updated!;
  });
  rt.wakeEngine();
  publish(ctx, moduleId);
  return versionView(row);
}

/**
 * Approves a pending version: it becomes the module's active rules (the previously approved version becomes
 * superseded) in one transaction that also queues the notice to the owning teams and the owner. Grading
 * uses the new rules as soon as this resolves (`rt.refreshRules()`).
 *
 * @throws AppError NOT_FOUND (module or version); FORBIDDEN (see `assertMayDecide`); PRECONDITION_FAILED when
 *   the version is not pending, is older than the active version, or its rules have lint errors against the
 *   current config
 */
export async function approveVersion({
  ctx,
  input,
}: Verb<{ moduleId: string; version: number; reason?: string | undefined }>): Promise<LevelRuleVersion> {
  authorize(ctx, 'incident:read');
  const { moduleId, version, reason } = input;
  const approver: Actor = ctx.principal;
  const rt = ctx.rt;
  const cfg = ctx.config;
  const mod = moduleOf(cfg, moduleId);
  const row = await ctx.tx.transaction(async (tx) => {
    await lockModule(tx, moduleId);
    const target = await findVersion(tx, moduleId, version);
    assertMayDecide(mod, approver, target.author, version);
    assertPending(target);
    const active = await findByStatus(tx, moduleId, 'approved');
    if (active && active.version > target.version) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `version ${version} is older than the active version ${active.version} of module ${moduleId}; reject it, or draft a new version`,
      );
    }
    const problems = lint(cfg, moduleId, target.rules);
    if (errorsOf(problems).length > 0) {
      throw new AppError(
        'PRECONDITION_FAILED',
        `version ${version} of module ${moduleId} has lint errors against the current config; reject it`,
        fieldsOf(problems),
      );
    }
    const now = ctx.clock.now();
    const why = reason?.trim() || null;
    if (active) {
      await tx.update(levelRuleVersions).set({ status: 'superseded' }).where(eq(levelRuleVersions.id, active.id));
    }
    const [approved] = await tx
      .update(levelRuleVersions)
      .set({ status: 'approved', decidedBy: approver.name, decidedAt: now, decisionReason: why })
      .where(eq(levelRuleVersions.id, target.id))
      .returning();
    const to = approvalRecipients(cfg.catalog, mod);
    if (to.length > 0) {
      const mail = approvalMail(mod, target, {
        by: approver.name,
        at: now,
        reason: why,
        replaced: active?.version ?? null,
      });
      await enqueueJob(tx, 'notify.mail', { to, ...mail }, now, now);
    }
    return approved!;
  });
  try {
    await rt.refreshRules();
  } catch (err) {
    rt.log.error(
      { err, module: moduleId, version },
      'approved level rules could not be compiled; grading keeps the previous rules',
    );
  }
  rt.wakeEngine();
  publish(ctx, moduleId);
  return versionView(row);
}

/**
 * Rejects a pending version with a reason (pending → rejected). Same permission as approving.
 *
 * @throws AppError VALIDATION without a reason; NOT_FOUND; FORBIDDEN; PRECONDITION_FAILED when not pending
 */
export async function rejectVersion({
  ctx,
  input,
}: Verb<{ moduleId: string; version: number; reason: string | undefined }>): Promise<LevelRuleVersion> {
  authorize(ctx, 'incident:read');
  const { moduleId, version, reason } = input;
  const approver: Actor = ctx.principal;
  const cfg = ctx.config;
  const mod = moduleOf(cfg, moduleId);
  const why = reason?.trim() ?? '';
  if (why.length === 0)
    throw validationError([{ path: 'reason', message: 'say why the version is rejected' }], 'rejection');
  const row = await ctx.tx.transaction(async (tx) => {
    await lockModule(tx, moduleId);
    const target = await findVersion(tx, moduleId, version);
    assertMayDecide(mod, approver, target.author, version);
    assertPending(target);
    const [rejected] = await tx
      .update(levelRuleVersions)
      .set({ status: 'rejected', decidedBy: approver.name, decidedAt: ctx.clock.now(), decisionReason: why })
      .where(eq(levelRuleVersions.id, target.id))
      .returning();
    return rejected!;
  });
  publish(ctx, moduleId);
  return versionView(row);
}

function assertPending(row: VersionRow): void {
  if (row.status === 'pending') return;
  const hint = row.status === 'draft' ? '; submit it first' : '';
  throw new AppError(
    'PRECONDITION_FAILED',
    `version ${row.version} of module ${row.module} is ${row.status}, not pending${hint}`,
  );
}
