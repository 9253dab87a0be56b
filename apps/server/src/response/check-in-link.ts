/**
 * Checking in from an email (issue 17 point 5: "each member checks in … from the console, a signed link in the
 * page, or a chat button"). When someone is invited to a response group — by a person, with a team, or paged
 * after the incident was already acknowledged (its page's acknowledge link then does nothing for them) — the
 * room emails them a signed check-in link (auth/signed-link.ts, action `check-in`, 7 days). The link opens a
 * page with **Join** and **Decline**; its GET changes nothing (mail scanners follow links), its POST checks the
 * person in as themself, through the same verb as the console's button.
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { Runtime } from '../kernel/index.ts';
import { enqueueJob } from '../engine/index.ts';
import { formatLevels, type IncidentRow } from '../incident/index.ts';
import { users } from '../people/index.ts';
import { DRILL_MARK, signedCheckInUrl } from '../notify/index.ts';

/** The check-in link for `person` (an email) on incident `incidentId`, for their user `userId` (via email). */
export function checkInLink(
  rt: Pick<Runtime, 'publicUrl' | 'linkSecret'>,
  o: { incidentId: number; person: string; userId: number; now: Date },
): string {
  return signedCheckInUrl(rt, { ...o, via: 'email link' });
}

/**
 * Emails each of `people` (emails) who is a user an invitation to check in to `row`'s response group, in
 * the caller's transaction (outbox). An address that is nobody's account gets nothing: the link acts as a
 * person. Returns the addresses mailed.
 */
export async function mailCheckInInvitations(
  tx: Db,
  rt: Pick<Runtime, 'publicUrl' | 'linkSecret'>,
  row: Pick<IncidentRow, 'id' | 'title' | 'levels' | 'risk' | 'drill'>,
  people: readonly string[],
  now: Date,
): Promise<string[]> {
  if (people.length === 0) return [];
  const found = await tx
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(inArray(users.email, [...new Set(people.map((p) => p.toLowerCase()))]));
  const levels = row.risk ? '' : ` ${formatLevels(row.levels)}`;
  // A drill's invitation says so, and goes to its participants only.
  const mark = row.drill ? `${DRILL_MARK} ` : '';
  const allowed = row.drill ? new Set(row.drill.participants) : null;
  for (const u of found.filter((f) => !allowed || allowed.has(f.email.toLowerCase()))) {
    const link = checkInLink(rt, { incidentId: row.id, person: u.email, userId: u.id, now });
    await enqueueJob(
      tx,
      'notify.mail',
      {
        to: [u.email],
        subject: `${mark}[Faultline] #${row.id}${levels}: you are asked to join the response group`,
        text: [
          `${mark}You are asked to join the response group of incident #${row.id}${levels}: ${row.title}`,
          '',
          `Check in (join or decline): ${link}`,
          `The incident: ${rt.publicUrl.replace(/\/+$/, '')}/incidents/${row.id}`,
        ].join('\n'),
      },
      now,
      now,
    );
  }
  return found.map((u) => u.email);
}
