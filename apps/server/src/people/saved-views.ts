/**
 * Saved views of the incident list, per person (issue 12; docs/console.md "Views"): a name and the list's
 * address query. Rules:
 *
 * - They are the caller's own: a console session or personal token of a person reads and changes that
 *   person's views only; a service token is no person and has none (403).
 * - A name is unique per person: saving under a name replaces the view of that name.
 * - At most `MAX_SAVED_VIEWS` per person (409 beyond), so a script cannot grow the table without bound.
 *
 * Not audited: a view changes what one person sees first, nothing anyone else sees or is paged for.
 */
import { and, asc, count, eq } from 'drizzle-orm';
import type { SavedViewPut, SavedViewView } from '@faultline/contracts';
import { AppError } from '../lib/index.ts';
import { actorOfCtx, type Ctx, type Verb } from '../kernel/index.ts';
import { savedViews } from './tables.ts';

/** How many views one person keeps. */
export const MAX_SAVED_VIEWS = 50;

type Row = typeof savedViews.$inferSelect;
const view = (r: Row): SavedViewView => ({ name: r.name, query: r.query, updatedAt: r.updatedAt.toISOString() });

/** @throws AppError FORBIDDEN for a principal that is no person */
function personOf(ctx: Ctx): number {
  const p = actorOfCtx(ctx).principal;
  if (p.userId === null) {
    throw new AppError('FORBIDDEN', `${p.name} is a service token, not a person: saved views belong to a person`);
  }
  return p.userId;
}

/** The caller's saved views, by name. */
export async function listSavedViews({ ctx }: Verb<Record<string, never>>): Promise<SavedViewView[]> {
  const me = personOf(ctx);
  const rows = await ctx.tx.select().from(savedViews).where(eq(savedViews.userId, me)).orderBy(asc(savedViews.name));
  return rows.map(view);
}

/**
 * Saves the caller's view `name`, replacing one of that name.
 * @throws AppError FORBIDDEN (no person); CONFLICT when the person already keeps `MAX_SAVED_VIEWS` others
 */
export async function putSavedView({ ctx, input }: Verb<SavedViewPut>): Promise<SavedViewView> {
  const me = personOf(ctx);
  const now = actorOfCtx(ctx).now;
  const [kept] = await ctx.tx.select({ n: count() }).from(savedViews).where(eq(savedViews.userId, me));
  const [same] = await ctx.tx
    .select({ name: savedViews.name })
    .from(savedViews)
    .where(and(eq(savedViews.userId, me), eq(savedViews.name, input.name)));
  if (!same && (kept?.n ?? 0) >= MAX_SAVED_VIEWS) {
    throw new AppError('CONFLICT', `you keep ${MAX_SAVED_VIEWS} saved views already; delete one first`);
  }
  const [row] = await ctx.tx
    .insert(savedViews)
    .values({ userId: me, name: input.name, query: input.query, updatedAt: now })
    .onConflictDoUpdate({ target: [savedViews.userId, savedViews.name], set: { query: input.query, updatedAt: now } })
    .returning();
  return view(row!);
}

/**
 * Deletes the caller's view `name`.
 * @throws AppError FORBIDDEN (no person); NOT_FOUND when they have none of that name
 */
export async function deleteSavedView({ ctx, input }: Verb<{ name: string }>): Promise<void> {
  const me = personOf(ctx);
  const gone = await ctx.tx
    .delete(savedViews)
    .where(and(eq(savedViews.userId, me), eq(savedViews.name, input.name.trim())))
    .returning({ name: savedViews.name });
  if (gone.length === 0) throw new AppError('NOT_FOUND', `you have no saved view "${input.name}"`);
}
