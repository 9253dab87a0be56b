import { describe, expect, it } from 'vitest';
import { noPolicyReason } from './escalate-button.tsx';

describe('Escalate is offered only where a policy can run', () => {
  it('blocks a team no policy is used by, and an incident with no team; not while the policies are unknown', () => {
    const policies = [
      { teams: ['payments'], services: [] },
      { teams: [], services: ['promotions-api'] },
    ];
    expect(noPolicyReason('payments', null, policies)).toBeNull();
    expect(noPolicyReason('storefront', 'banner-api', policies)).toEqual({
      id: 'console.escalate.teamHasNoPolicy',
      values: { team: 'storefront' },
    });
    expect(noPolicyReason(null, null, policies)).toEqual({ id: 'console.escalate.noTeam' });
    expect(noPolicyReason('storefront', null, undefined)).toBeNull();
  });

  it("allows a service's own policy where its team has none", () => {
    const policies = [{ teams: [], services: ['promotions-api'] }];
    expect(noPolicyReason('storefront', 'promotions-api', policies)).toBeNull();
  });
});
