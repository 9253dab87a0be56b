/**
 * Check-in from the war room's Slack card (issue 17 point 5): the card posted to the war room's channel carries
 * Check in / Decline buttons; Slack sends the click to the signed interactivity URL (notify), which finds the
 * Faultline person behind the Slack user and calls the handler registered here. It checks them in as
 * themself (still enabled, still allowed to respond: `checkIn` decides), via "Slack", so the timeline reads
 * "ana@example.com joined the response group via Slack".
 */
import { ctxFor, type Runtime } from '../kernel/index.ts';
import { personPrincipal } from '../auth/index.ts';
import { AppError } from '../lib/index.ts';
import { onSlackCheckIn } from '../notify/index.ts';
import { checkIn } from './group-verbs.ts';

/** Registers the Slack check-in of runtime `rt` (once, with the routes). */
export function registerSlackCheckIn(rt: Runtime): void {
  onSlackCheckIn(rt, async (r, { incidentId, userId, state }) => {
    const principal = await personPrincipal(r.db, userId);
    if (!principal) throw new AppError('FORBIDDEN', 'your Faultline account is disabled');
    await checkIn({ ctx: ctxFor(r, principal), input: { id: incidentId, state, via: 'Slack' } });
    r.bus.publish({ type: 'incident.updated', incidentId });
    r.wakeEngine();
    return state === 'joined'
      ? `You joined the response group of #${incidentId}.`
      : `You declined to join the response group of #${incidentId}.`;
  });
}
