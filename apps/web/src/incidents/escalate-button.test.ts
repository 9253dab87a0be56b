import { describe, expect, it } from 'vitest';
import { noPolicyReason } from './escalate-button.tsx';

describe('Escalate is offered only where a policy can run', () => {
  it('blocks a team no policy is used by, and an incident with no team; not while the policies are unknown', () => {
    const policies = [{ teams: ['payments'] }, { teams: [] }];
    expect(noPolicyReason('payments', policies)).toBeNull();
    expect(noPolicyReason('storefront', policies)).toMatch(/^Team storefront has no escalation policy/);
    expect(noPolicyReason(null, policies)).toMatch(/no team/);
    expect(noPolicyReason('storefront', undefined)).toBeNull();
  });
});
