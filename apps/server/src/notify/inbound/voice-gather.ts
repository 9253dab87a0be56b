/**
 * A key pressed during a voice page (`twilio-voice`): the call's TwiML gathers one digit and Twilio POSTs it
 * to the Gather `action` URL, which carries the page's signed ack token (providers/twilio-voice/twiml.ts).
 * `1` acknowledges as the person the page was for, exactly as the ack link would (and only while that person
 * still may, as for the link); the spoken answer says what happened.
 */
import type { Runtime } from '../../kernel/index.ts';
import { verifyLink } from '../../auth/index.ts';
import { describeOutcome, respondToIncident, incidentTeam } from '../../incident/index.ts';
import type { TwilioGatherCallback } from '../providers/twilio-voice/index.ts';
import { AppError } from '../../lib/index.ts';
import { linkActor } from './identify.ts';

/**
 * Handles a verified Gather callback; returns the sentence to say before hanging up. Never throws for an
 * expired token, another key or a missing incident: those are answers too.
 */
export async function handleVoiceGather(rt: Runtime, g: TwilioGatherCallback): Promise<string> {
  if (!g.acknowledged) return 'Nothing was changed. Goodbye.';
  const claims = g.token ? verifyLink(g.token, rt.linkSecret, rt.clock.now()) : null;
  if (!claims || claims.action !== 'ack') return 'This page has expired, so nothing was changed. Goodbye.';
  try {
    // The same check as the ack link's: the person must still be allowed to respond (identify.ts).
    const link = { recipient: claims.recipient, userId: claims.uid ?? null };
    const actor = await linkActor(rt.db, link, await incidentTeam(rt.db, claims.incidentId));
    if (!actor.ok) return `${actor.why}, so nothing was changed. Goodbye.`;
    const outcome = await respondToIncident(rt, {
      incidentId: claims.incidentId,
      action: 'ack',
      by: actor.by,
      via: 'phone call',
    });
    return `${describeOutcome(outcome)} Goodbye.`;
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') return 'This incident no longer exists. Goodbye.';
    throw e;
  }
}
