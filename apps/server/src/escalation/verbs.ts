/**
 * The escalation domain's API verbs (docs/architecture.md "Verbs"): stored escalation policies (create,
 * replace, delete, read), who is on call, the simulator and the on-call lint. Each checks the principal's
 * permission itself, so the API, the CLI and the console meet the same check.
 */
import type { OncallLintReport, OncallView, PolicyView, SimulationView } from '@faultline/contracts';
import { actorOfCtx, authorizeCtx as authorize, can, type Ctx, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { readBody } from '../oncall/index.ts';
import type { EscalationPolicyConfig } from './config.ts';
import { lintOncall } from './oncall-lint.ts';
import { createPolicy, deletePolicy, policyOwner, POLICY_KIND, updatePolicy } from './policies.ts';
import { hideContacts, simulateEscalation } from './simulate.ts';
import { loadMutes, muteRecords, type MuteReason } from '../suppression/index.ts';
import { listEscalationPolicies, oncallView, policyView } from './views.ts';

/** The owner of policy `id`. @throws AppError NOT_FOUND */
function ownerOf(ctx: Ctx, id: string): NonNullable<ReturnType<typeof policyOwner>> {
  const owner = policyOwner(ctx.config, ctx.rt.policies.stored(), id);
  if (!owner) throw new AppError('NOT_FOUND', `no escalation policy "${id}"`);
  return owner;
}

/** The policy as the API shows it, from the directories as they are now (after a refresh). */
const viewNow = (ctx: Ctx, id: string): PolicyView => policyView(ctx.rt.config(), ctx.rt.policies.stored(), id)!;

/** Every policy the principal may read (`oncall:read` on its owning team), by id. */
export function listReadablePolicies({ ctx }: Verb<Record<string, never>>): ReturnType<typeof listEscalationPolicies> {
  const stored = ctx.rt.policies.stored();
  return listEscalationPolicies(ctx.config).filter((p) =>
    can(ctx.principal, 'oncall:read', policyOwner(ctx.config, stored, p.id)?.team),
  );
}

/** One policy, for a principal with `oncall:read` on its owning team. @throws AppError NOT_FOUND; FORBIDDEN */
export function readEscalationPolicy({ ctx, input }: Verb<{ id: string }>): PolicyView {
  authorize(ctx, 'oncall:read', ownerOf(ctx, input.id).team);
  return viewNow(ctx, input.id);
}

/**
 * Stores a new policy from an API body (the config shape plus an optional `team`); needs `oncall:write` on
 * that team (server-wide without one). Refreshes the directories.
 * @throws AppError VALIDATION (body, references); FORBIDDEN; CONFLICT when the id is taken
 */
export async function createEscalationPolicy({
  ctx,
  input,
}: Verb<{ body: Record<string, unknown> }>): Promise<PolicyView> {
  const parsed = readBody<EscalationPolicyConfig>(POLICY_KIND, input.body);
  authorize(ctx, 'oncall:write', parsed.team);
  await createPolicy(ctx.tx, ctx.config, parsed, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
  return viewNow(ctx, parsed.body.id);
}

/**
 * Replaces stored policy `id` from an API body; needs `oncall:write` on its owning team, and on the new
 * team when the body moves it. Refreshes the directories.
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION; CONFLICT for a config policy
 */
export async function updateEscalationPolicy({
  ctx,
  input,
}: Verb<{ id: string; body: Record<string, unknown> }>): Promise<PolicyView> {
  const owner = ownerOf(ctx, input.id);
  authorize(ctx, 'oncall:write', owner.team);
  const parsed = readBody<EscalationPolicyConfig>(POLICY_KIND, input.body, input.id);
  if (owner.source === 'api' && parsed.team !== owner.team) authorize(ctx, 'oncall:write', parsed.team);
  await updatePolicy(ctx.tx, ctx.config, parsed, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
  return viewNow(ctx, input.id);
}

/**
 * Deletes stored policy `id`; needs `oncall:write` on its owning team. Refreshes the directories.
 * @throws AppError NOT_FOUND; FORBIDDEN; CONFLICT for a config policy or one still in use
 */
export async function deleteEscalationPolicy({ ctx, input }: Verb<{ id: string }>): Promise<void> {
  authorize(ctx, 'oncall:write', ownerOf(ctx, input.id).team);
  await deletePolicy(ctx.tx, ctx.config, ctx.rt.oncall.stored(), input.id, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
}

/** Who is on call at `at` (default now), per schedule and per team; needs `oncall:read`. @throws AppError FORBIDDEN */
export function readOncall({ ctx, input }: Verb<{ at?: string | undefined }>): OncallView {
  authorize(ctx, 'oncall:read');
  return oncallView(ctx.config, input.at ? new Date(input.at) : ctx.clock.now());
}

/**
 * Simulates who a new incident of `service` at `level` would page at `at` (default now); needs `oncall:read`
 * on the service's team. Others' contact addresses are masked unless the principal is that person or may
 * read contacts (`people:contact`).
 * @throws AppError FORBIDDEN; NOT_FOUND for an unknown service; VALIDATION for a malformed level
 */
export async function simulateEscalationFor({
  ctx,
  input,
}: Verb<{
  service: string;
  level: string;
  at?: string | undefined;
  labels?: Record<string, string> | undefined;
}>): Promise<SimulationView> {
  const cfg = ctx.config;
  const svc = cfg.catalog.service(input.service) ?? cfg.catalog.resolveService(input.service);
  authorize(ctx, 'oncall:read', svc?.team ?? null);
  const p = ctx.principal;
  const at = input.at ? new Date(input.at) : ctx.clock.now();
  // Muted at `at` (issue 16 point 10): the page is held until the mutes end, so the steps start then.
  const reasons = input.labels && svc ? (await loadMutes(ctx.tx, cfg, at)).of(input.labels, svc) : [];
  const heldUntil = heldUntilOf(reasons);
  const view = {
    ...(await simulateEscalation(ctx.tx, cfg, { service: input.service, level: input.level, at: heldUntil ?? at })),
    mutedBy: muteRecords(reasons),
    heldUntil: heldUntil?.toISOString() ?? null,
  };
  const self = p.userId !== null ? p.name.toLowerCase() : null;
  return hideContacts(view, (email) => email.toLowerCase() === self || can(p, 'people:contact'));
}

/**
 * When the held page of an alert muted by `reasons` would go out: the latest end among them (the release check
 * pages once nothing mutes the alert); null when not muted, or when a reason ends only by an event (an
 * inhibition's source resolving).
 */
function heldUntilOf(reasons: readonly MuteReason[]): Date | null {
  if (reasons.length === 0) return null;
  let latest = 0;
  for (const r of reasons) {
    if (r.kind === 'inhibition' || r.until === null) return null;
    latest = Math.max(latest, r.until.getTime());
  }
  return new Date(latest);
}

/** The on-call lint from `at` (default now); needs `oncall:read` server-wide. @throws AppError FORBIDDEN */
export async function readOncallLint({ ctx, input }: Verb<{ at?: string | undefined }>): Promise<OncallLintReport> {
  authorize(ctx, 'oncall:read');
  const at = input.at ? new Date(input.at) : ctx.clock.now();
  return lintOncall(ctx.tx, ctx.config, ctx.rt.oncall.stored(), at);
}
