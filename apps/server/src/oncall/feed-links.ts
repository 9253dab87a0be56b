/**
 * iCalendar feed links (docs/schedules.md, docs/security.md): each subscription URL is a row of `feed_links`
 * whose id its token carries (oncall/feeds.ts), so links are listed and revoked one by one. Rules:
 *
 * - A person's feed link is made by that person or an admin (`people:admin`); a schedule's by whoever may
 *   read the schedule (`oncall:read` on its team).
 * - Each person lists the links they made, plus links to their own feed; an admin lists every link. The
 *   creator, the person whose feed it is, or an admin revokes a link; to anyone else it does not exist.
 * - A link opens its feed while it is not revoked and, when a person made it, while that person is enabled
 *   and still may make it (a person's feed: it is theirs or they are an admin; a schedule's: they may read
 *   the schedule's team). Links made by a service token answer to revocation only.
 *
 * Making and revoking a link is audited (`feed-link.create`, `feed-link.revoke`); the URL never is.
 */
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { FeedLinkView } from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import { feedLinks } from './tables.ts';
import { AppError } from '../lib/index.ts';
import { can, type Principal, type Actor } from '../kernel/index.ts';
import { auditBy, recordAudit } from '../audit/index.ts';
import { personPrincipal } from '../auth/index.ts';
import { feedUrl, feedUser, verifyFeedToken, type Feed } from './feeds.ts';
import { scheduleOwner } from './store.ts';

type Row = typeof feedLinks.$inferSelect;
/** The runtime services feed links use. */
export type FeedRt = Pick<Runtime, 'db' | 'config' | 'oncall' | 'publicUrl' | 'linkSecret'>;
type Rt = FeedRt;

function view(rt: Rt, r: Row): FeedLinkView {
  const kind = r.kind as Feed['kind'];
  return {
    id: r.id,
    kind,
    target: r.target,
    label: r.label,
    url: feedUrl(rt.publicUrl, { kind, id: r.target, link: r.id }, rt.linkSecret),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
  };
}

/**
 * Whether `p` may make (and keep using) a link to `feed`.
 * @throws AppError NOT_FOUND for an unknown schedule, or an unknown or disabled person
 */
async function mayLink(rt: Rt, p: Principal, feed: Feed): Promise<boolean> {
  if (feed.kind === 'schedule') {
    const owner = scheduleOwner(rt.config(), rt.oncall.stored(), feed.id);
    if (!owner) throw new AppError('NOT_FOUND', `no schedule "${feed.id}"`);
    return can(p, 'oncall:read', owner.team);
  }
  await feedUser(rt.db, Number(feed.id));
  return p.userId === Number(feed.id) || can(p, 'people:admin');
}

/**
 * Makes a feed link (see the module comment for who may).
 * @throws AppError NOT_FOUND (schedule or person); FORBIDDEN
 */
export async function createFeedLink(
  rt: Rt,
  actor: Actor,
  feed: Feed,
  label: string | undefined,
): Promise<FeedLinkView> {
  const p = actor.principal;
  if (!(await mayLink(rt, p, feed))) {
    const what = feed.kind === 'schedule' ? `schedule ${feed.id}` : `user ${feed.id}: only they or an admin may`;
    throw new AppError('FORBIDDEN', `${p.name} (${p.role}) may not make a feed link for ${what}`);
  }
  return rt.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(feedLinks)
      .values({
        kind: feed.kind,
        target: feed.id,
        label: label ?? null,
        createdBy: p.name,
        createdByUserId: p.userId,
        createdAt: actor.now,
      })
      .returning();
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'feed-link.create',
      targetType: 'feed-link',
      targetId: row!.id,
      after: { kind: feed.kind, target: feed.id, label: label ?? null },
    });
    return view(rt, row!);
  });
}

/**
 * Links `p` made, and links to `p`'s own feed (admins: every link). A service token is no person and its
 * name is not unique, so only an admin lists or revokes what service tokens made.
 */
function visibleTo(p: Principal): SQL | undefined {
  if (can(p, 'people:admin')) return undefined;
  if (p.userId === null) return sql`false`;
  return or(
    eq(feedLinks.createdByUserId, p.userId),
    and(eq(feedLinks.kind, 'user'), eq(feedLinks.target, String(p.userId))),
  );
}

/**
 * The active (unrevoked) links the caller may see, oldest first; `feed` narrows to one kind of feed, and with
 * an id to one feed.
 */
export async function listFeedLinks(
  rt: Rt,
  actor: Actor,
  feed?: { kind: Feed['kind']; id?: string | undefined },
): Promise<FeedLinkView[]> {
  const rows = await rt.db
    .select()
    .from(feedLinks)
    .where(
      and(
        isNull(feedLinks.revokedAt),
        visibleTo(actor.principal),
        feed ? eq(feedLinks.kind, feed.kind) : undefined,
        feed?.id !== undefined ? eq(feedLinks.target, feed.id) : undefined,
      ),
    )
    .orderBy(asc(feedLinks.createdAt), asc(feedLinks.id));
  return rows.map((r) => view(rt, r));
}

/**
 * Revokes link `id`: its feed URL stops working at once.
 * @throws AppError NOT_FOUND when there is no such active link the caller may see
 */
export async function revokeFeedLink(rt: Rt, actor: Actor, id: number): Promise<void> {
  await rt.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(feedLinks)
      .where(and(eq(feedLinks.id, id), isNull(feedLinks.revokedAt), visibleTo(actor.principal)))
      .for('update')
      .limit(1);
    if (!row) throw new AppError('NOT_FOUND', `no active feed link ${id} of yours`);
    await tx
      .update(feedLinks)
      .set({ revokedAt: actor.now, revokedBy: actor.principal.name })
      .where(eq(feedLinks.id, id));
    await recordAudit(tx, {
      ...auditBy(actor),
      action: 'feed-link.revoke',
      targetType: 'feed-link',
      targetId: id,
      before: { kind: row.kind, target: row.target, label: row.label, createdBy: row.createdBy },
    });
  });
}

/**
 * Whether `token` opens `feed` now: a well-signed token of an unrevoked link to exactly this feed, whose
 * creator (when a person) is enabled and still may make it. Never throws for a bad token.
 */
export async function feedLinkOpens(rt: Rt, token: string, feed: Feed): Promise<boolean> {
  const id = verifyFeedToken(token, rt.linkSecret, feed);
  if (id === null) return false;
  const [row] = await rt.db.select().from(feedLinks).where(eq(feedLinks.id, id)).limit(1);
  if (!row || row.revokedAt !== null || row.kind !== feed.kind || row.target !== feed.id) return false;
  if (row.createdByUserId === null) return true;
  const creator = await personPrincipal(rt.db, row.createdByUserId);
  if (!creator) return false;
  try {
    return await mayLink(rt, creator, feed);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return false;
    throw e;
  }
}
