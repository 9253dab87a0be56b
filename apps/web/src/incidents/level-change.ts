/** What a person's level change means, before it is sent: an upgrade pages, a downgrade stays. */

/** The shortest reason the API accepts for a level change, a promotion or a dismissal. */
export const MIN_REASON = 3;

/** `upgrade`: more severe (or a first level); `downgrade`: less severe or cleared; `same`: no change. */
export type LevelChangeDirection = 'upgrade' | 'downgrade' | 'same';

/**
 * Compares a sequence's current level number (`undefined` = none) with the chosen one (`null` = clear).
 * Level 1 is the most severe, so a smaller number is an upgrade.
 */
export function levelChangeDirection(current: number | undefined, next: number | null): LevelChangeDirection {
  if (next === null) return current === undefined ? 'same' : 'downgrade';
  if (current === undefined) return 'upgrade';
  if (next === current) return 'same';
  return next < current ? 'upgrade' : 'downgrade';
}

/** Level numbers to offer for a sequence: 1…4 (the default scheme), more when a level past 4 is in use. */
export function levelChoices(...inUse: Array<number | null | undefined>): number[] {
  const deepest = Math.max(4, ...inUse.filter((n): n is number => typeof n === 'number'));
  return Array.from({ length: Math.min(9, deepest) }, (_, i) => i + 1);
}
