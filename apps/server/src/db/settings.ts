/** Server-wide settings generated on first start and shared by every node (the `settings` table). */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './client.ts';
import { settings } from './tables.ts';

/**
 * The secret that signs ack links, feed links and short links: 32 random bytes (hex) made by the first node
 * that starts, then read by every node.
 */
export async function linkSecret(db: Db): Promise<string> {
  await db
    .insert(settings)
    .values({ key: 'link_secret', value: randomBytes(32).toString('hex') })
    .onConflictDoNothing();
  const [row] = await db.select().from(settings).where(eq(settings.key, 'link_secret'));
  return row!.value;
}
