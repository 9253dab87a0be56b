/**
 * The release check of held pages (DESIGN §5 step 3): the `convergence.release` job, due when the earliest
 * mute of an incident's paging alerts ends, and enqueued at once when a person expires or edits a silence.
 * In one transaction it locks the incident (so a convergence batch touching it waits), re-reads its firing
 * alerts and what mutes them now, and asks suppression's `decideHeldPage`:
 *
 * - still muted: records the current reasons on the alerts and re-checks at the next end;
 * - the mute ended while an alert fires: sends the held pages once (coalesced, `held.ts`) and clears the hold;
 * - nothing fires any more, or a person acknowledged it: clears the hold and pages nothing.
 *
 * Clearing the hold in the transaction that pages is what makes the release page once however many checks
 * race (a timer, a manual expire, a convergence batch releasing it on an unmuted alert).
 */
import type { LoadedConfig, Runtime } from '../kernel/index.ts';
import type { Db } from '../db/index.ts';
import { enqueueJob } from '../engine/index.ts';
import {
  addTimeline,
  alertsOfIncident,
  clearHeldPages,
  endWindowHold,
  firingAlertsOf,
  incidentsHoldingPages,
  lockIncidentForHold,
  setAlertMutes,
} from '../incident/index.ts';
import { pageOrEscalate } from '../escalation/index.ts';
import { decideHeldPage, loadMutes, muteRecords, purgeExpiredSilences } from '../suppression/index.ts';
import type { MuteReason } from '../suppression/index.ts';
import { coalesceHeldPages, incidentMutes } from './held.ts';
import { routeAlert } from './route.ts';

/**
 * Re-checks the held pages of one incident, or of every incident holding pages.
 * @returns what was done per incident (for logs and tests)
 */
export async function releaseHeldPages(
  rt: Runtime,
  incidentId: number | undefined,
): Promise<Array<{ incidentId: number; action: string }>> {
  const cfg = rt.config();
  const now = rt.clock.now();
  const ids = incidentId !== undefined ? [incidentId] : await incidentsHoldingPages(rt.db);
  const out: Array<{ incidentId: number; action: string }> = [];
  for (const id of ids) {
    const action = await rt.db.transaction((tx) => releaseOne(tx, cfg, id, now));
    out.push({ incidentId: id, action });
  }
  if (incidentId === undefined) await purgeExpiredSilences(rt.db, cfg, now);
  for (const o of out) if (o.action !== 'none') rt.bus.publish({ type: 'incident.updated', incidentId: o.incidentId });
  return out;
}

async function releaseOne(tx: Db, cfg: LoadedConfig, id: number, now: Date): Promise<string> {
  const incident = await lockIncidentForHold(tx, id);
  if (!incident?.heldSince && !incident?.heldByWindow) return 'none';
  const firing = await firingAlertsOf(tx, id);
  const mutes = await loadMutes(tx, cfg, now);
  const own = incident.service ? (cfg.catalog.service(incident.service) ?? null) : null;
  // Each alert is muted as on its own service: a topology join puts alerts of other services in the incident.
  const serviceOf = (a: (typeof firing)[number]) => {
    const integration = cfg.integrations.get(a.integration);
    return integration ? routeAlert(integration, a.labels, cfg.catalog).service : own;
  };
  const reasons = firing.map((a) => mutes.of(a.labels, serviceOf(a)));
  await setAlertMutes(
    tx,
    firing.map((a, i) => ({ id: a.id, mutedBy: muteRecords(reasons[i]!) })),
  );
  // A suppress-incidents window holds the incident back as a risk while it mutes every firing alert. When it
  // no longer does (ended, ended early, deleted), what still fires opens as an incident (and its held pages
  // go below, once); what resolved during the window stays a risk and opens nothing.
  if (incident.heldByWindow) {
    // With nothing firing, the window is judged on the alerts that resolved: the hold lasts until it ends.
    const judged =
      firing.length > 0 ? reasons : (await alertsOfIncident(tx, id)).map((a) => mutes.of(a.labels, serviceOf(a)));
    const held = judged.length > 0 && judged.every((r) => r.some((m) => isIncidentHold(m)));
    if (held) {
      const ends = judged.flat().flatMap((m) => (isIncidentHold(m) && m.until ? [m.until.getTime()] : []));
      if (ends.length > 0)
        await enqueueJob(tx, 'convergence.release', { incidentId: id }, new Date(Math.min(...ends)), now);
      return 'hold';
    }
    const opens = firing.length > 0;
    await endWindowHold(tx, id, opens, now);
    await addTimeline(tx, {
      incidentId: id,
      at: now,
      kind: opens ? 'risk_promoted' : 'note',
      actor: 'system',
      message: opens
        ? `maintenance window ${incident.heldByWindow} no longer holds it and its alerts still fire: the incident opens`
        : `maintenance window ${incident.heldByWindow} ended after its alerts resolved: it stays a risk`,
      data: { window: incident.heldByWindow },
    });
  }
  const heldSince = incident.heldSince;
  if (!heldSince) return incident.heldByWindow && firing.length > 0 ? 'open' : 'none';
  const decision = decideHeldPage({
    alertId: id,
    firing: firing.length > 0,
    heldSince,
    // A person who acknowledged the incident already knows: the held page is owed to no one.
    alreadyPaged: incident.status !== 'triggered',
    mutedBy: incidentMutes(reasons),
    now,
  });
  switch (decision.action) {
    case 'hold':
      if (decision.recheckAt) await enqueueJob(tx, 'convergence.release', { incidentId: id }, decision.recheckAt, now);
      return 'hold';
    case 'page': {
      const pages = coalesceHeldPages(incident.heldPages);
      await clearHeldPages(tx, id, now);
      await addTimeline(tx, {
        incidentId: id,
        at: now,
        kind: 'page_released',
        actor: 'system',
        message: `held pages sent: ${decision.why}`,
        data: { heldSince: heldSince.toISOString(), pages: pages.map((p) => p.step) },
      });
      for (const p of pages) {
        await pageOrEscalate(tx, cfg, { incidentId: id, team: incident.team, service: incident.service, ...p, now });
      }
      return 'page';
    }
    case 'drop':
      await clearHeldPages(tx, id, now);
      await addTimeline(tx, {
        incidentId: id,
        at: now,
        kind: 'page_dropped',
        actor: 'system',
        message: `held pages dropped: ${decision.why}`,
        data: { heldSince: heldSince.toISOString() },
      });
      return 'drop';
    case 'none':
      await clearHeldPages(tx, id, now);
      return 'none';
  }
}

/** A mute by a `suppress-incidents` maintenance window (it holds back incidents, not only pages). */
function isIncidentHold(m: MuteReason): m is Extract<MuteReason, { kind: 'maintenance' }> {
  return m.kind === 'maintenance' && m.effect === 'suppress-incidents';
}
