import type { NotificationRule, NotificationRuleView, Urgency } from '@faultline/contracts';

/** One row of the rules editor: which method, how many minutes after the page. */
export interface RuleRow {
  contactMethodId: number | null;
  delayMinutes: number;
}

/** The editor's state: rows per urgency, in the order shown. */
export type RulesDraft = Record<Urgency, RuleRow[]>;

export const URGENCIES: readonly Urgency[] = ['high', 'low'];

/** Rows per urgency from the stored rules, each urgency by delay (the order they fire in). */
export function rulesDraft(rules: readonly NotificationRuleView[]): RulesDraft {
  const rows = (u: Urgency) =>
    rules
      .filter((r) => r.urgency === u)
      .sort((a, b) => a.delayMinutes - b.delayMinutes)
      .map((r) => ({ contactMethodId: r.contactMethodId, delayMinutes: r.delayMinutes }));
  return { high: rows('high'), low: rows('low') };
}

/** The whole list to PUT: rows without a method are left out (an unfinished row). */
export function rulesBody(draft: RulesDraft): NotificationRule[] {
  return URGENCIES.flatMap((urgency) =>
    draft[urgency]
      .filter((r): r is { contactMethodId: number; delayMinutes: number } => r.contactMethodId !== null)
      .map((r) => ({ urgency, contactMethodId: r.contactMethodId, delayMinutes: r.delayMinutes })),
  );
}

/** Rows that name the same method at the same delay twice (the second would page nobody new). */
export function duplicateRows(rows: readonly RuleRow[]): number[] {
  const seen = new Set<string>();
  const dups: number[] = [];
  rows.forEach((r, i) => {
    const key = `${r.contactMethodId}:${r.delayMinutes}`;
    if (r.contactMethodId !== null && seen.has(key)) dups.push(i);
    seen.add(key);
  });
  return dups;
}
