/** The delivery retry policy, shared by pages, digests and notices. */

/** Attempts before a notification is given up as failed. */
export const MAX_ATTEMPTS = 8;

/** Delay before attempt `attempt + 1`, in ms: 5 s doubling per attempt, capped at 10 min. */
export function retryDelayMs(attempt: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempt - 1), 600_000);
}
