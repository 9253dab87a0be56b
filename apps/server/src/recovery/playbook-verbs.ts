/**
 * Saving playbooks (docs/recovery.md "Saving playbooks"; issue 9 point 5): the API verbs to create, replace,
 * delete and read a stored playbook. Who may: `oncall:write` on the playbook's owning team (server-wide
 * without one), as for escalation policies (escalation/verbs.ts). Each verb checks the principal itself, so
 * the API, the CLI and the console meet the same check; config playbooks are read-only (409).
 */
import type { PlaybookSummary } from '@faultline/contracts';
import { actorOfCtx, authorizeCtx as authorize, type Ctx, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { originOf, playbookSummary } from './catalog-view.ts';
import { createPlaybook, deletePlaybook, playbookOwner, readPlaybookBody, updatePlaybook } from './stored.ts';

/** The owner of playbook `id`. @throws AppError NOT_FOUND */
function ownerOf(ctx: Ctx, id: string): NonNullable<ReturnType<typeof playbookOwner>> {
  const owner = playbookOwner(ctx.config, ctx.rt.playbooks.stored(), id);
  if (!owner) throw new AppError('NOT_FOUND', `no playbook "${id}"`);
  return owner;
}

/** The playbook as the API shows it, from the directory as it is now (after a refresh). */
function viewNow(ctx: Ctx, id: string): PlaybookSummary {
  const cfg = ctx.rt.config();
  const p = cfg.config.playbooks.find((x) => x.id === id);
  if (!p) throw new AppError('NOT_FOUND', `no playbook "${id}"`);
  return playbookSummary(p, originOf({ config: cfg, rt: ctx.rt }, id));
}

/** One playbook (needs `incident:read`). @throws AppError NOT_FOUND; FORBIDDEN */
export function readPlaybook({ ctx, input }: Verb<{ id: string }>): PlaybookSummary {
  authorize(ctx, 'incident:read');
  ownerOf(ctx, input.id);
  return viewNow(ctx, input.id);
}

/**
 * Stores a new playbook from an API body (the config shape plus an optional `team`, or `{ yaml, team? }`);
 * needs `oncall:write` on that team (server-wide without one).
 * @throws AppError VALIDATION (body, catalog references); FORBIDDEN; CONFLICT when the id is taken
 */
export async function createStoredPlaybook({ ctx, input }: Verb<{ body: unknown }>): Promise<PlaybookSummary> {
  const parsed = readPlaybookBody(input.body);
  authorize(ctx, 'oncall:write', parsed.team);
  await createPlaybook(ctx.tx, ctx.config, parsed, actorOfCtx(ctx));
  await ctx.rt.refreshPlaybooks();
  return viewNow(ctx, parsed.body.id);
}

/**
 * Replaces stored playbook `id`; needs `oncall:write` on its owning team, and on the new team when the body
 * moves it. An automation given without its secret keeps the stored one.
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION; CONFLICT for a config playbook
 */
export async function updateStoredPlaybook({
  ctx,
  input,
}: Verb<{ id: string; body: unknown }>): Promise<PlaybookSummary> {
  const owner = ownerOf(ctx, input.id);
  authorize(ctx, 'oncall:write', owner.team);
  const parsed = readPlaybookBody(input.body, input.id, owner.item?.body);
  if (owner.source === 'api' && parsed.team !== owner.team) authorize(ctx, 'oncall:write', parsed.team);
  await updatePlaybook(ctx.tx, ctx.config, parsed, actorOfCtx(ctx));
  await ctx.rt.refreshPlaybooks();
  return viewNow(ctx, input.id);
}

/**
 * Deletes stored playbook `id`; needs `oncall:write` on its owning team.
 * @throws AppError NOT_FOUND; FORBIDDEN; CONFLICT for a config playbook
 */
export async function deleteStoredPlaybook({ ctx, input }: Verb<{ id: string }>): Promise<void> {
  authorize(ctx, 'oncall:write', ownerOf(ctx, input.id).team);
  await deletePlaybook(ctx.tx, ctx.config, input.id, actorOfCtx(ctx));
  await ctx.rt.refreshPlaybooks();
}
