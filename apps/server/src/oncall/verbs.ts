/**
 * The oncall domain's API verbs (docs/architecture.md "Verbs"): stored schedules (create, replace, delete,
 * read), the final schedule, who is on call, overrides, and feed links. Each checks the principal's
 * permission itself: `oncall:read` / `oncall:write` on the schedule's owning team; a responder of the team
 * may add or remove an override that puts themselves on call.
 */
import type {
  FeedLinkView,
  FinalScheduleView,
  OverrideInput,
  OverrideView,
  ScheduleOncallView,
  ScheduleView,
} from '@faultline/contracts';
import { actorOfCtx, authorizeCtx as authorize, can, type Ctx, type Verb } from '../kernel/index.ts';
import { AppError } from '../lib/index.ts';
import { createFeedLink, listFeedLinks, revokeFeedLink as revokeLink, type FeedRt } from './feed-links.ts';
import type { Feed } from './feeds.ts';
import { onCallAt } from './final.ts';
import { createOverride, deleteOverride, getOverride, listOverrides } from './overrides.ts';
import type { Schedule } from './schema.ts';
import { createSchedule, deleteSchedule, readBody, SCHEDULE_KIND, scheduleOwner, updateSchedule } from './store.ts';
import { finalScheduleView, scheduleView, scheduleViews } from './views.ts';

const DAY_MS = 86_400_000;
/** The longest final-schedule window one request may ask for, in days. */
export const MAX_WINDOW_DAYS = 366;

/** The schedule's owner. @throws AppError NOT_FOUND */
function ownerOf(ctx: Ctx, id: string): NonNullable<ReturnType<typeof scheduleOwner>> {
  const owner = scheduleOwner(ctx.config, ctx.rt.oncall.stored(), id);
  if (!owner) throw new AppError('NOT_FOUND', `no schedule "${id}"`);
  return owner;
}

/** Schedule `id` after checking `oncall:read` on its team. @throws AppError NOT_FOUND; FORBIDDEN */
function readable(ctx: Ctx, id: string): Schedule {
  authorize(ctx, 'oncall:read', ownerOf(ctx, id).team);
  return ctx.config.escalation.schedules.get(id)!;
}

/** A responder may put themselves on call; anything else needs `oncall:write` on the team. */
function authorizeOverride(ctx: Ctx, team: string | null, user: string): void {
  const p = ctx.principal;
  const self = p.userId !== null && p.name.toLowerCase() === user.toLowerCase();
  if (self && can(p, 'incident:respond', team)) return;
  authorize(ctx, 'oncall:write', team);
}

/** The schedule as the API shows it, from the directories as they are now (after a refresh). */
const viewNow = (ctx: Ctx, id: string): ScheduleView => scheduleView(ctx.rt.config(), ctx.rt.oncall.stored(), id)!;

/** Schedules (config and stored) the principal may read, by id. */
export function listReadableSchedules({ ctx }: Verb<Record<string, never>>): ScheduleView[] {
  return scheduleViews(ctx.config, ctx.rt.oncall.stored()).filter((s) => can(ctx.principal, 'oncall:read', s.team));
}

/** One schedule (`oncall:read` on its team). @throws AppError NOT_FOUND; FORBIDDEN */
export function readSchedule({ ctx, input }: Verb<{ id: string }>): ScheduleView {
  readable(ctx, input.id);
  return viewNow(ctx, input.id);
}

/**
 * Stores a new schedule from an API body (the config shape plus an optional `team`); needs `oncall:write` on
 * that team (server-wide without one). Refreshes the directories.
 * @throws AppError VALIDATION; FORBIDDEN; CONFLICT when the id is taken
 */
export async function createStoredSchedule({
  ctx,
  input,
}: Verb<{ body: Record<string, unknown> }>): Promise<ScheduleView> {
  const parsed = readBody<Schedule>(SCHEDULE_KIND, input.body);
  authorize(ctx, 'oncall:write', parsed.team);
  await createSchedule(ctx.tx, ctx.config, parsed, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
  return viewNow(ctx, parsed.body.id);
}

/**
 * Replaces stored schedule `id`; needs `oncall:write` on its team, and on the new team when the body moves
 * it. Refreshes the directories.
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION; CONFLICT for a config schedule
 */
export async function updateStoredSchedule({
  ctx,
  input,
}: Verb<{ id: string; body: Record<string, unknown> }>): Promise<ScheduleView> {
  const owner = ownerOf(ctx, input.id);
  authorize(ctx, 'oncall:write', owner.team);
  const parsed = readBody<Schedule>(SCHEDULE_KIND, input.body, input.id);
  if (owner.source === 'api' && parsed.team !== owner.team) authorize(ctx, 'oncall:write', parsed.team);
  await updateSchedule(ctx.tx, ctx.config, parsed, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
  return viewNow(ctx, input.id);
}

/**
 * Deletes stored schedule `id` and its overrides; needs `oncall:write` on its team.
 * @throws AppError NOT_FOUND; FORBIDDEN; CONFLICT for a config schedule or one a policy still pages
 */
export async function deleteStoredSchedule({ ctx, input }: Verb<{ id: string }>): Promise<void> {
  authorize(ctx, 'oncall:write', ownerOf(ctx, input.id).team);
  await deleteSchedule(ctx.tx, ctx.config, input.id, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
}

/**
 * The rendered final schedule over [from, to) (default: now to 14 days ahead, at most MAX_WINDOW_DAYS).
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION (`to`)
 */
export function readFinalSchedule({
  ctx,
  input,
}: Verb<{ id: string; from?: string | undefined; to?: string | undefined }>): FinalScheduleView {
  const schedule = readable(ctx, input.id);
  const from = input.from ? new Date(input.from) : ctx.clock.now();
  const to = input.to ? new Date(input.to) : new Date(from.getTime() + 14 * DAY_MS);
  if (to.getTime() <= from.getTime())
    throw new AppError('VALIDATION', 'to must be after from', [{ path: 'to', message: 'must be after from' }]);
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS)
    throw new AppError('VALIDATION', `the window is at most ${MAX_WINDOW_DAYS} days`, [
      { path: 'to', message: `at most ${MAX_WINDOW_DAYS} days after from` },
    ]);
  return finalScheduleView(schedule, from, to);
}

/** Who is on call on schedule `id` at `at` (default now). @throws AppError NOT_FOUND; FORBIDDEN */
export function readScheduleOncall({ ctx, input }: Verb<{ id: string; at?: string | undefined }>): ScheduleOncallView {
  const schedule = readable(ctx, input.id);
  const at = input.at ? new Date(input.at) : ctx.clock.now();
  return { schedule: schedule.id, at: at.toISOString(), onCall: onCallAt(schedule, at) };
}

/**
 * A page of schedule `id`'s overrides that end after `after` (default now), by start then id.
 * @throws AppError NOT_FOUND; FORBIDDEN
 */
export async function readOverrides({
  ctx,
  input,
}: Verb<{
  id: string;
  after?: string | undefined;
  limit: number;
  afterPosition?: readonly [string, number] | undefined;
}>): Promise<OverrideView[]> {
  readable(ctx, input.id);
  const after = input.after ? new Date(input.after) : ctx.clock.now();
  return listOverrides(ctx.tx, input.id, after, { limit: input.limit, afterPosition: input.afterPosition });
}

/**
 * Puts someone on call on schedule `id` over a window (a swap with `replaces`). A responder of the team may
 * for themselves; otherwise `oncall:write` on the team. Refreshes the directories.
 * @throws AppError NOT_FOUND; FORBIDDEN; VALIDATION
 */
export async function addOverride({
  ctx,
  input,
}: Verb<{ id: string; override: OverrideInput }>): Promise<OverrideView> {
  authorizeOverride(ctx, ownerOf(ctx, input.id).team, input.override.user);
  const view = await createOverride(ctx.tx, ctx.config, input.id, input.override, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
  return view;
}

/**
 * Removes override `overrideId` of schedule `id` (the same rule as adding it, for the person it puts on
 * call). Refreshes the directories.
 * @throws AppError NOT_FOUND; FORBIDDEN
 */
export async function removeOverride({ ctx, input }: Verb<{ id: string; overrideId: number }>): Promise<void> {
  const owner = ownerOf(ctx, input.id);
  authorize(ctx, 'oncall:read', owner.team);
  const o = await getOverride(ctx.tx, input.id, input.overrideId);
  authorizeOverride(ctx, owner.team, o.user);
  await deleteOverride(ctx.tx, input.id, input.overrideId, actorOfCtx(ctx));
  await ctx.rt.refreshOncall();
}

/** The services feed links use, on the verb's database and config. */
const feedRt = (ctx: Ctx): FeedRt => ({
  db: ctx.tx,
  config: () => ctx.config,
  oncall: ctx.rt.oncall,
  publicUrl: ctx.rt.publicUrl,
  linkSecret: ctx.rt.linkSecret,
});

/**
 * Makes a subscription link to a feed: a schedule's (`oncall:read` on its team) or a person's (the person,
 * or an admin). Audited.
 * @throws AppError NOT_FOUND; FORBIDDEN
 */
export async function makeFeedLink({
  ctx,
  input,
}: Verb<{ feed: Feed; label?: string | undefined }>): Promise<FeedLinkView> {
  return createFeedLink(feedRt(ctx), actorOfCtx(ctx), input.feed, input.label);
}

/**
 * Active feed links the principal may see; `kind` (and `target`) narrow them.
 * @throws AppError VALIDATION when `target` comes without `kind`
 */
export async function readFeedLinks({
  ctx,
  input,
}: Verb<{ kind?: Feed['kind'] | undefined; target?: string | undefined }>): Promise<FeedLinkView[]> {
  const { kind, target } = input;
  if (target !== undefined && kind === undefined) {
    throw new AppError('VALIDATION', 'target needs kind', [{ path: 'kind', message: 'required with target' }]);
  }
  return listFeedLinks(feedRt(ctx), actorOfCtx(ctx), kind ? { kind, id: target } : undefined);
}

/** Revokes feed link `id` (its creator, its person, or an admin). @throws AppError NOT_FOUND */
export async function revokeFeedLink({ ctx, input }: Verb<{ id: number }>): Promise<void> {
  await revokeLink(feedRt(ctx), actorOfCtx(ctx), input.id);
}
