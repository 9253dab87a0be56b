/**
 * An SMS reply to a page, from any provider that delivers inbound messages (Twilio's webhook today): who
 * sent it, what it asks, and the one-line answer texted back.
 *
 * - The sender is the user owning a verified `sms` or `voice` contact method with the number; an unknown
 *   number gets a polite answer and nothing changes.
 * - Commands are those of phone/reply-command.ts: `ACK 42` / `RES 42` name an incident; a bare `ACK`, `1`,
 *   `OK` or `RES` means the incident of the latest page sent to that number. A bare `2` is deliberately not
 *   "resolve": a mistyped digit must not close an incident, so resolving by SMS always takes the word.
 * - The sender needs the `incident:respond` permission on the incident's team.
 */
import { and, desc, eq, inArray, isNotNull, or } from 'drizzle-orm';
import type { Runtime } from '../../kernel/index.ts';
import { notifications } from '../tables.ts';
import { parseReplyCommand } from '../phone/reply-command.ts';
import { describeOutcome, respondToIncident, incidentTeam } from '../../incident/index.ts';
import { AppError } from '../../lib/index.ts';
import { contactMethodIds, mayRespond, personByContact } from './identify.ts';

/** The answer to a message that is no command. */
export const SMS_HELP =
  'Reply ACK 42 to acknowledge incident 42, RES 42 to resolve it; ACK alone acts on your latest page.';

/** The incident of the latest page sent to `number` (to that address or one of the person's methods at it). */
export async function lastPagedIncident(rt: Runtime, number: string, userId: number): Promise<number | null> {
  const methods = await contactMethodIds(rt.db, userId, number);
  const [row] = await rt.db
    .select({ incidentId: notifications.incidentId })
    .from(notifications)
    .where(
      and(
        isNotNull(notifications.sentAt),
        methods.length
          ? or(eq(notifications.recipient, number), inArray(notifications.contactMethodId, methods))
          : eq(notifications.recipient, number),
      ),
    )
    .orderBy(desc(notifications.sentAt), desc(notifications.id))
    .limit(1);
  return row?.incidentId ?? null;
}

/**
 * Handles one inbound SMS: `from` (E.164) and its `body`; `via` names the medium on the timeline
 * (`SMS reply`). Returns the text to answer with. Never throws for a person's mistake (unknown number,
 * unknown incident, no permission): those are answers too.
 */
export async function handleSmsReply(
  rt: Runtime,
  msg: { from: string; body: string },
  via = 'SMS reply',
): Promise<string> {
  const person = await personByContact(rt.db, ['sms', 'voice'], msg.from);
  if (!person) {
    return 'Sorry, this number is not linked to a Faultline user, so nothing was changed. Add it as a verified SMS contact method first.';
  }
  const command = parseReplyCommand(msg.body);
  if (!command) return SMS_HELP;
  const incidentId = command.incidentId ?? (await lastPagedIncident(rt, msg.from, person.userId));
  if (incidentId === null) return `No page was sent to this number yet. ${SMS_HELP}`;
  try {
    const team = await incidentTeam(rt.db, incidentId);
    if (!mayRespond(person, team)) {
      return `Sorry ${person.name}, you may not respond to incidents of team ${team ?? '(none)'}; nothing was changed.`;
    }
    const outcome = await respondToIncident(rt, {
      incidentId,
      action: command.action,
      by: { name: person.name, userId: person.userId },
      via,
    });
    return describeOutcome(outcome);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND')
      return `Incident ${incidentId} does not exist; nothing was changed.`;
    throw e;
  }
}
