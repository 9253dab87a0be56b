import type { EscalationTargetView } from '@faultline/contracts';

/** A target in words: `schedule primary`, `team payments`, `#ops-slack`, or the person's email. */
export function targetLabel(t: EscalationTargetView): string {
  if ('user' in t) return t.user;
  if ('schedule' in t) return `schedule ${t.schedule}`;
  if ('team' in t) return `team ${t.team}`;
  return `#${t.channel}`;
}
