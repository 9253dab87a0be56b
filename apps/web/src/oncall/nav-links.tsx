import { Anchor } from '@mantine/core';
import { NavLink } from 'react-router';
import { usePermissions } from '../api/people.ts';

/**
 * The header's On-call and People links. On-call shows only to those who may read on-call data on some team
 * (a stakeholder may not); everyone has a profile.
 */
export function OncallNavLinks({ className }: { className?: string | undefined }) {
  const { canSomewhere } = usePermissions();
  return (
    <>
      {canSomewhere('oncall:read') && (
        <Anchor component={NavLink} to="/oncall" size="sm" fw={500} className={className}>
          On-call
        </Anchor>
      )}
      <Anchor component={NavLink} to="/people" size="sm" fw={500} className={className}>
        People
      </Anchor>
    </>
  );
}
