/**
 * The automatic public "resolved" update: when an incident that published to the status page is resolved or
 * cancelled, the page gets a final update `resolved` with every component its updates named back to
 * `operational` — unless a person already published a resolved one, or `statusPage.autoResolve` is off. It runs
 * as the `statuspage.auto-resolve` job, enqueued by incident in the transaction that resolves or cancels, so
 * the page follows whichever way the incident ended (console, API, link, chat button).
 */
import { eq } from 'drizzle-orm';
import type { JobOutcome } from '../engine/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { incidents } from '../incident/index.ts';
import { postPublicUpdate } from './publish.ts';
import { publicIncidentOf } from './store.ts';
import type { ComponentStatus } from './status.ts';

/**
 * The components a public incident's updates named, each back to `operational` (pure).
 * @returns component id → `operational`, in the order first named
 */
export function componentsBackToOperational(
  updates: ReadonlyArray<{ components: Readonly<Record<string, ComponentStatus>> }>,
): Record<string, ComponentStatus> {
  const out: Record<string, ComponentStatus> = {};
  for (const u of updates) for (const id of Object.keys(u.components)) out[id] = 'operational';
  return out;
}

/** The `statuspage.auto-resolve` job for internal incident `incidentId` (see the module comment). */
export async function autoResolvePublicIncident(rt: Runtime, incidentId: number): Promise<JobOutcome> {
  const config = rt.config().config;
  if (!config.statusPage.autoResolve) return { kind: 'done' };
  const now = rt.clock.now();
  const posted = await rt.db.transaction(async (tx) => {
    // The incident row's lock orders this after the transition and against a person's update in the room.
    const [row] = await tx
      .select({ status: incidents.status })
      .from(incidents)
      .where(eq(incidents.id, incidentId))
      .for('update');
    // Reopened before the job ran: the public incident stays as it is.
    if (!row || !['resolved', 'closed', 'cancelled'].includes(row.status)) return false;
    const pub = await publicIncidentOf(tx, incidentId);
    if (!pub || pub.state === 'resolved') return false;
    const known = new Set(config.statusPage.components.map((c) => c.id));
    const components = Object.fromEntries(
      Object.entries(componentsBackToOperational(pub.updates)).filter(([id]) => known.has(id)),
    );
    await postPublicUpdate(tx, config, {
      incidentId,
      at: now,
      state: 'resolved',
      message: config.statusPage.autoResolveMessage,
      components,
      baseUrl: rt.publicUrl.replace(/\/+$/, ''),
      secret: rt.linkSecret,
    });
    return true;
  });
  return { kind: 'done', incidentIds: posted ? [incidentId] : [] };
}
