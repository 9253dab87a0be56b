import { Anchor, Badge, Group, Stack, Tooltip, type MantineBreakpoint } from '@mantine/core';
import { NavLink } from 'react-router';
import { useRisks } from '../api/incidents.ts';
import { useQuarantine } from '../api/intake.ts';
import { usePermissions } from '../api/people.ts';
import { OncallNavLinks } from '../oncall/nav-links.tsx';
import classes from './main-nav.module.css';

function RiskCount() {
  const risks = useRisks();
  const count = risks.data?.length ?? 0;
  if (count === 0) return null;
  return (
    <Tooltip label={`${count} open risk${count === 1 ? '' : 's'}: visible, not paged`} withArrow>
      <Badge
        size="xs"
        color="gray"
        variant="filled"
        circle={count < 10}
        data-testid="risk-count"
        aria-label={`${count} open`}
      >
        {count > 99 ? '99+' : count}
      </Badge>
    </Tooltip>
  );
}

/** Admins only: the intake quarantine, with how many events wait there (red: paging may be missing alerts). */
function QuarantineLink({ className }: { className?: string | undefined }) {
  const { can } = usePermissions();
  const admin = can('server:admin');
  const list = useQuarantine(admin);
  if (!admin) return null;
  const first = list.data?.pages[0];
  const count = first?.events.length ?? 0;
  return (
    <Anchor component={NavLink} to="/intake/quarantine" size="sm" fw={500} className={className}>
      <Group gap={6} wrap="nowrap" component="span">
        Quarantine
        {count > 0 && (
          <Badge size="xs" color="red" variant="filled" circle={count < 10} data-testid="quarantine-count">
            {first?.nextCursor !== null ? `${count}+` : count}
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
  const links = (
    <>
      <Anchor component={NavLink} to="/incidents" size="sm" fw={500} className={classes.link}>
        Incidents
      </Anchor>
      <Anchor component={NavLink} to="/alerts" size="sm" fw={500} className={classes.link} data-testid="nav-alerts">
        Alerts
      </Anchor>
      <Anchor component={NavLink} to="/risks" size="sm" fw={500} className={classes.link} data-testid="nav-risks">
        <Group gap={6} wrap="nowrap" component="span">
          Risks
          <RiskCount />
        </Group>
      </Anchor>
      <Anchor component={NavLink} to="/board" size="sm" fw={500} className={classes.link}>
        Board
      </Anchor>
      <Anchor component={NavLink} to="/analytics" size="sm" fw={500} className={classes.link}>
        Analytics
      </Anchor>
      <Anchor component={NavLink} to="/modules" size="sm" fw={500} className={classes.link}>
        Levels
      </Anchor>
      <Anchor component={NavLink} to="/kpi" size="sm" fw={500} className={classes.link}>
        KPI
      </Anchor>
      <Anchor component={NavLink} to="/silences" size="sm" fw={500} className={classes.link}>
        Silences
      </Anchor>
      <Anchor component={NavLink} to="/maintenance" size="sm" fw={500} className={classes.link}>
        Maintenance
      </Anchor>
      <Anchor component={NavLink} to="/heartbeats" size="sm" fw={500} className={classes.link}>
        Heartbeats
      </Anchor>
      <Anchor component={NavLink} to="/changes" size="sm" fw={500} className={classes.link}>
        Changes
      </Anchor>
      <Anchor component={NavLink} to="/playbooks" size="sm" fw={500} className={classes.link}>
        Playbooks
      </Anchor>
      <OncallNavLinks className={classes.link} />
      <QuarantineLink className={classes.link} />
    </>
  );
  return vertical ? (
    <Stack gap="md" component="nav" aria-label="Main" align="flex-start">
      {links}
    </Stack>
  ) : (
    <Group gap="md" wrap="nowrap" component="nav" aria-label="Main" className={classes.nav} visibleFrom={visibleFrom}>
      {links}
    </Group>
  );
}
