import type { EscalationTargetView } from '@faultline/contracts';

/**
 * A target in words: `schedule primary`, `team payments`, `#ops-slack`, or the person — by `name(email)`
 * when given (the console's people directory), else by email.
 */
export function targetLabel(t: EscalationTargetView, name: (email: string) => string = (e) => e): string {
  if ('user' in t) return name(t.user);
  if ('schedule' in t) return `schedule ${t.schedule}`;
  if ('team' in t) return `team ${t.team}`;
  return `#${t.channel}`;
}
