/**
 * How the incident timeline reads (issue 12): instants written into messages by the server (UTC, ISO 8601,
 * e.g. `retrying at 2026-12-06T23:54:11.052Z`) in the viewer's zone, and one entry per failing delivery
 * instead of one per retry. Pure.
 */
import type { TimelineEntry } from '@faultline/contracts';
import { formatAbsolute } from '../ui/format-time.ts';

const ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})/g;

/** `message` with every ISO 8601 instant in it written in `timeZone` (default: the viewer's). */
export function localizeInstants(message: string, timeZone?: string): string {
  return message.replace(ISO_INSTANT, (iso) => formatAbsolute(iso, timeZone));
}

/** A timeline entry as shown: `count` entries folded into it (1 when it stands alone). */
export interface ShownEntry {
  entry: TimelineEntry;
  count: number;
}

const retryOf = (e: TimelineEntry): number | null => {
  if (e.kind !== 'notification_failed') return null;
  const data = e.data as { notificationId?: unknown; final?: unknown };
  return typeof data.notificationId === 'number' && data.final !== true ? data.notificationId : null;
};

/**
 * `entries` (oldest first) with the retries of one delivery folded: consecutive-or-not `notification_failed`
 * entries of the same notification that are not its final failure become ONE entry, the latest, with their
 * count, in the place of the first. A final failure stays its own entry.
 */
export function foldRetries(entries: readonly TimelineEntry[]): ShownEntry[] {
  const shown: ShownEntry[] = [];
  const byNotification = new Map<number, ShownEntry>();
  for (const entry of entries) {
    const id = retryOf(entry);
    const folded = id === null ? undefined : byNotification.get(id);
    if (folded) {
      folded.entry = entry;
      folded.count += 1;
      continue;
    }
    const item = { entry, count: 1 };
    shown.push(item);
    if (id !== null) byNotification.set(id, item);
  }
  return shown;
}

/** Who last did `kind` (acknowledged, resolved…) and when, from the timeline; null when nobody has. */
export function lastBy(
  entries: readonly TimelineEntry[],
  kind: TimelineEntry['kind'],
): { actor: string; at: string } | null {
  let last: TimelineEntry | null = null;
  for (const e of entries) {
    if (e.kind !== kind) continue;
    if (!last || Date.parse(e.at) > Date.parse(last.at) || (e.at === last.at && e.id > last.id)) last = e;
  }
  return last ? { actor: last.actor, at: last.at } : null;
}
