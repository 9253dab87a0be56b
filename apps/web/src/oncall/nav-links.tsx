import { Anchor } from '@mantine/core';
import { NavLink } from 'react-router';
import { usePermissions } from '../api/people.ts';
import { useT } from '../i18n/index.ts';

/**
 * The header's On-call and People links. On-call shows only to those who may read on-call data on some team
 * (a stakeholder may not); everyone has a profile.
 */
export function OncallNavLinks({ className }: { className?: string | undefined }) {
  const t = useT();
  const { canSomewhere } = usePermissions();
  return (
    <>
      {canSomewhere('oncall:read') && (
        <Anchor component={NavLink} to="/oncall" size="sm" fw={500} className={className}>
          {t('console.nav.oncall')}
        </Anchor>
      )}
      <Anchor component={NavLink} to="/people" size="sm" fw={500} className={className}>
        {t('console.nav.people')}
      </Anchor>
    </>
  );
}
