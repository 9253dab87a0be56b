/**
 * Commands in an SMS reply to a page (DESIGN §7: "Ack/resolve from SMS replies where the provider supports
 * inbound messages"). The sender is identified by the number the reply comes from; the server's inbound route
 * maps it to a user and, when no incident id is given, to the last incident paged to that number.
 */

export interface ReplyCommand {
  action: 'ack' | 'resolve';
  /** The incident named in the reply (`ACK 42`, `ack #42`); absent for a bare `ACK` or `1`. */
  incidentId?: number;
}

const ACK_WORDS = new Set(['ACK', 'A', 'ACKNOWLEDGE', 'OK', '1', '确认']);
const RESOLVE_WORDS = new Set(['RESOLVE', 'RES', 'RESOLVED', '解决']);

/**
 * Parses a reply body: `ACK`, `A`, `OK`, `1` or `确认` acknowledge; `RESOLVE`, `RES` or `解决` resolve; either
 * may be followed by an incident id (`ACK 42`, `resolve #42`). Case, surrounding whitespace and trailing
 * punctuation are ignored. Returns null for anything else, including `STOP`/`START`, which carriers and
 * providers handle themselves.
 */
export function parseReplyCommand(body: string): ReplyCommand | null {
  const text = body
    .normalize('NFKC')
    .trim()
    .replace(/[.!。！]+$/u, '')
    .toUpperCase();
  const m = /^(\S+?)(?:(?:\s+#?|\s*#)\s*(\d{1,15}))?$/u.exec(text);
  if (!m) return null;
  const word = m[1]!;
  const action = ACK_WORDS.has(word) ? 'ack' : RESOLVE_WORDS.has(word) ? 'resolve' : null;
  if (!action) return null;
  if (m[2] === undefined) return { action };
  const incidentId = Number(m[2]);
  return Number.isSafeInteger(incidentId) && incidentId > 0 ? { action, incidentId } : null;
}
