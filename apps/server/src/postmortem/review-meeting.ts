/**
 * The review meeting's invitation (issue 10 item 2: "scheduled within 24 h, an iCal invitation to the
 * participants: handler, coordinator, owner, owner's lead"). An iCalendar `REQUEST` with one event and the
 * participants as attendees, built with ical-generator. Pure: the caller passes who and when.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';

/** What the invitation says. */
export interface ReviewMeeting {
  postmortemId: number;
  incidentId: number;
  title: string;
  /** Start of the meeting (UTC instant). */
  start: Date;
  /** Length in minutes. */
  minutes: number;
  /** Participants' email addresses; names without an `@` and duplicates (any case) are left out. */
  attendees: ReadonlyArray<string | null>;
  /** Link to the postmortem in the console. */
  url: string;
  /** When the invitation is made (DTSTAMP). */
  now: Date;
}

/** The attendees that can receive an invitation: email addresses, once each, in the order given. */
export function inviteesOf(attendees: ReadonlyArray<string | null>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of attendees) {
    if (!a || !a.includes('@')) continue;
    const key = a.trim().toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(a.trim());
  }
  return out;
}

/** The invitation as iCalendar text (`text/calendar`, METHOD:REQUEST). */
export function reviewInvitation(m: ReviewMeeting): string {
  const calendar = ical({
    name: `Postmortem review #${m.postmortemId}`,
    prodId: { company: 'faultline', product: 'postmortem' },
    method: ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: `postmortem-${m.postmortemId}-review@faultline`,
    start: m.start,
    end: new Date(m.start.getTime() + m.minutes * 60_000),
    stamp: m.now,
    summary: `Postmortem review: #${m.incidentId} ${m.title}`,
    description: `Review of the postmortem of incident #${m.incidentId}: ${m.url}`,
    url: m.url,
    attendees: inviteesOf(m.attendees).map((email) => ({ email, rsvp: true })),
  });
  return calendar.toString();
}
