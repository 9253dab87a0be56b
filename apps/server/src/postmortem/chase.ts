/**
 * Chasing overdue actions (issue 10 item 4: "reminders to owners, and a digest of overdue actions to the
 * coordinator and trackers, cadence configurable"; the source articles: actions are "chased by the coordinator
 * until done"). Pure: the digest job reads the overdue actions and who coordinates each incident, and this
 * decides who gets which list.
 */

/** One overdue action as the digest shows it. */
export interface OverdueItem {
  actionId: number;
  incidentId: number;
  title: string;
  owner: string;
  /** Due time (UTC instant). */
  dueAt: Date;
  /** The incident's coordinator (email or name), else the postmortem's owner; null when nobody is known. */
  coordinator: string | null;
  /** The action's tracker (an email address of a list or queue), when set. */
  tracker: string | null;
}

/** One digest email: its recipient, subject and text. */
export interface Digest {
  to: string;
  subject: string;
  text: string;
  /** The incidents it lists (for their timelines). */
  incidentIds: number[];
}

const isAddress = (s: string | null): s is string => !!s && s.includes('@');

/** Whole days from `dueAt` to `now`, at least 0 (24-hour days; the digest says "n days late", no calendar). */
export function daysLate(dueAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / 86_400_000));
}

/**
 * The digests to send at `now`: one per recipient (compared without case), each listing the overdue actions of
 * the incidents it coordinates and of the trackers it is, oldest due first. Recipients that are not email
 * addresses get none. An action listed for a person as coordinator and as tracker appears once.
 * @param items the overdue actions (open or in progress past their due time)
 * @param link the console link of an incident's postmortem
 */
export function overdueDigests(
  items: readonly OverdueItem[],
  now: Date,
  link: (incidentId: number) => string,
): Digest[] {
  const byRecipient = new Map<string, { to: string; items: Map<number, OverdueItem> }>();
  for (const item of items)
    for (const to of [item.coordinator, item.tracker]) {
      if (!isAddress(to)) continue;
      const key = to.trim().toLowerCase();
      const entry = byRecipient.get(key) ?? { to: to.trim(), items: new Map() };
      entry.items.set(item.actionId, item);
      byRecipient.set(key, entry);
    }
  return [...byRecipient.values()]
    .sort((a, b) => a.to.localeCompare(b.to))
    .map(({ to, items: mine }) => {
      const list = [...mine.values()].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.actionId - b.actionId);
      const n = list.length;
      return {
        to,
        subject: `Faultline: ${n} overdue improvement action${n === 1 ? '' : 's'}`,
        text: list
          .map(
            (a) =>
              `- #${a.actionId} "${a.title}" (incident #${a.incidentId}), owner ${a.owner}, due ${a.dueAt.toISOString()}, ${daysLate(a.dueAt, now)} days late: ${link(a.incidentId)}`,
          )
          .join('\n'),
        incidentIds: [...new Set(list.map((a) => a.incidentId))].sort((x, y) => x - y),
      };
    });
}
