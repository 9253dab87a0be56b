/**
 * Posting to the public page (issue 17 point 9): the response room's status-update verb calls this, in its
 * own transaction, for an update published to the `public` audience. What is stored is only what the
 * communicator wrote for the public: the public title, the public message and component statuses.
 */
import { eq } from 'drizzle-orm';
import type { FieldError } from '@faultline/contracts';
import type { Db } from '../db/index.ts';
import type { FaultlineConfig } from '../kernel/index.ts';
import { validationError } from '../lib/index.ts';
import { publicIncidents, publicUpdates } from './tables.ts';
import { componentsSince } from './store.ts';
import { mailSubscribers } from './subscriptions.ts';
import type { ComponentStatus, PublicIncidentState } from './status.ts';

/** One public update, as the room hands it over. */
export interface PublicPost {
  /** The internal incident (kept to find its public incident; never shown). */
  incidentId: number;
  at: Date;
  state: PublicIncidentState;
  message: string;
  /** The public title: required on the incident's first public update; renames it later. */
  title?: string | undefined;
  /** Configured component ids and the status this update gives each; components not named keep theirs. */
  components?: Readonly<Record<string, ComponentStatus>> | undefined;
  /** The server's public URL (no trailing slash) and link secret, for the subscribers' emails. */
  baseUrl: string;
  secret: string;
}

/**
 * Publishes `post` to the page; returns the public incident's id.
 * @throws AppError VALIDATION naming `components.<id>` for a component the page does not have, and
 *   `publicTitle` for a first public update without a title (call inside the caller's transaction: nothing
 *   is written then)
 */
export async function postPublicUpdate(tx: Db, config: FaultlineConfig, post: PublicPost): Promise<number> {
  const known = new Set(config.statusPage.components.map((c) => c.id));
  const fields: FieldError[] = [];
  for (const id of Object.keys(post.components ?? {}))
    if (!known.has(id))
      fields.push({
        path: `components.${id}`,
        message: known.size ? `no status page component "${id}"` : 'the status page has no components',
      });
  const [existing] = await tx
    .select()
    .from(publicIncidents)
    .where(eq(publicIncidents.incidentId, post.incidentId))
    .for('update');
  if (!existing && !post.title)
    fields.push({ path: 'publicTitle', message: "the incident's first public update needs a public title" });
  if (fields.length) throw validationError(fields, 'status update');
  const resolvedAt = post.state === 'resolved' ? post.at : null;
  let id: number;
  if (existing) {
    id = existing.id;
    await tx
      .update(publicIncidents)
      .set({ state: post.state, updatedAt: post.at, resolvedAt, ...(post.title ? { title: post.title } : {}) })
      .where(eq(publicIncidents.id, id));
  } else {
    const [row] = await tx
      .insert(publicIncidents)
      .values({
        incidentId: post.incidentId,
        title: post.title!,
        state: post.state,
        startedAt: post.at,
        updatedAt: post.at,
        resolvedAt,
      })
      .returning({ id: publicIncidents.id });
    id = row!.id;
  }
  await tx.insert(publicUpdates).values({
    publicIncidentId: id,
    at: post.at,
    state: post.state,
    message: post.message,
    components: { ...(post.components ?? {}) },
  });
  // A component named for the first time starts its uptime record no later than its first impact.
  await componentsSince(tx, Object.keys(post.components ?? {}), post.at);
  await mailSubscribers(tx, {
    pageTitle: config.statusPage.title,
    incidentTitle: post.title ?? existing!.title,
    state: post.state,
    message: post.message,
    at: post.at,
    baseUrl: post.baseUrl,
    secret: post.secret,
  });
  return id;
}
