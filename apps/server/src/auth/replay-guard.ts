/**
 * One-time keys of signed inbound requests (`replay_guard`): a request whose signature is valid but was
 * already received is a replay (OWASP: a signature with a timestamp limits a replay to the tolerance window;
 * a cache of what was seen in that window refuses it). Kept in the database, so every node refuses a request
 * another node already took.
 */
import { lt } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { replayGuard } from './tables.ts';

/**
 * Records `key` as used until `expiresAt` (when the request would fail its freshness check anyway) and says
 * whether this was its first use. Keys past their expiry are deleted on the way.
 * @returns true the first time `key` is seen, false for a replay
 */
export async function firstUse(db: Db, key: string, expiresAt: Date, now: Date): Promise<boolean> {
  await db.delete(replayGuard).where(lt(replayGuard.expiresAt, now));
  const inserted = await db
    .insert(replayGuard)
    .values({ key, expiresAt })
    .onConflictDoNothing()
    .returning({ key: replayGuard.key });
  return inserted.length === 1;
}
