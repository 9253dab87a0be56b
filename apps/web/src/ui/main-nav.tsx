import { Anchor, Badge, Group, Stack, Tooltip, type MantineBreakpoint } from '@mantine/core';
import { NavLink } from 'react-router';
import { useRisks } from '../api/incidents.ts';
import { useQuarantine } from '../api/intake.ts';
import { usePermissions } from '../api/people.ts';
import { OncallNavLinks } from '../oncall/nav-links.tsx';
import classes from './main-nav.module.css';
import { useT } from '../i18n/index.ts';

function RiskCount() {
  const t = useT();
  const risks = useRisks();
  const count = risks.data?.length ?? 0;
  if (count === 0) return null;
  return (
    <Tooltip label={t('console.nav.risks.countHint', { count })} withArrow>
      <Badge
        size="xs"
        color="gray"
        variant="filled"
        circle={count < 10}
        data-testid="risk-count"
        aria-label={t('console.nav.risks.countLabel', { count })}
      >
        {count > 99 ? t('console.nav.risks.countMore', { count: 99 }) : count}
      </Badge>
    </Tooltip>
  );
}

/** Admins only: the intake quarantine, with how many events wait there (red: paging may be missing alerts). */
function QuarantineLink({ className }: { className?: string | undefined }) {
  const t = useT();
  const { can } = usePermissions();
  const admin = can('server:admin');
  const list = useQuarantine(admin);
  if (!admin) return null;
  const first = list.data?.pages[0];
  const count = first?.events.length ?? 0;
  return (
    <Anchor component={NavLink} to="/intake/quarantine" size="sm" fw={500} className={className}>
      <Group gap={6} wrap="nowrap" component="span">
        {t('console.nav.quarantine')}
        {count > 0 && (
          <Badge size="xs" color="red" variant="filled" circle={count < 10} data-testid="quarantine-count">
            {first?.nextCursor !== null ? t('console.nav.risks.countMore', { count }) : count}
          </Badge>
        )}
      </Group>
    </Anchor>
  );
}

/**
 * The console's sections; the current one is marked (`aria-current="page"`). Risks shows how many are open;
 * admins also see the intake quarantine. A row in the header, or a column (`vertical`) in the phone's drawer.
 */
export function MainNav({ vertical = false, visibleFrom }: { vertical?: boolean; visibleFrom?: MantineBreakpoint }) {
  const t = useT();
  const links = (
    <>
      <Anchor component={NavLink} to="/incidents" size="sm" fw={500} className={classes.link}>
        {t('console.nav.incidents')}
      </Anchor>
      <Anchor component={NavLink} to="/alerts" size="sm" fw={500} className={classes.link} data-testid="nav-alerts">
        {t('console.nav.alerts')}
      </Anchor>
      <Anchor component={NavLink} to="/risks" size="sm" fw={500} className={classes.link} data-testid="nav-risks">
        <Group gap={6} wrap="nowrap" component="span">
          {t('console.nav.risks')}
          <RiskCount />
        </Group>
      </Anchor>
      <Anchor component={NavLink} to="/board" size="sm" fw={500} className={classes.link}>
        {t('console.nav.board')}
      </Anchor>
      <Anchor component={NavLink} to="/analytics" size="sm" fw={500} className={classes.link}>
        {t('console.nav.analytics')}
      </Anchor>
      <Anchor component={NavLink} to="/modules" size="sm" fw={500} className={classes.link}>
        {t('console.nav.levels')}
      </Anchor>
      <Anchor component={NavLink} to="/kpi" size="sm" fw={500} className={classes.link}>
        {t('console.nav.kpi')}
      </Anchor>
      <Anchor component={NavLink} to="/silences" size="sm" fw={500} className={classes.link}>
        {t('console.nav.silences')}
      </Anchor>
      <Anchor component={NavLink} to="/maintenance" size="sm" fw={500} className={classes.link}>
        {t('console.nav.maintenance')}
      </Anchor>
      <Anchor component={NavLink} to="/heartbeats" size="sm" fw={500} className={classes.link}>
        {t('console.nav.heartbeats')}
      </Anchor>
      <Anchor component={NavLink} to="/changes" size="sm" fw={500} className={classes.link}>
        {t('console.nav.changes')}
      </Anchor>
      <Anchor component={NavLink} to="/playbooks" size="sm" fw={500} className={classes.link}>
        {t('console.nav.playbooks')}
      </Anchor>
      <OncallNavLinks className={classes.link} />
      <QuarantineLink className={classes.link} />
    </>
  );
  return vertical ? (
    <Stack gap="md" component="nav" aria-label={t('console.nav.label')} align="flex-start">
      {links}
    </Stack>
  ) : (
    <Group
      gap="md"
      wrap="nowrap"
      component="nav"
      aria-label={t('console.nav.label')}
      className={classes.nav}
      visibleFrom={visibleFrom}
    >
      {links}
    </Group>
  );
}
