import { Anchor, Badge, Group, Tooltip } from '@mantine/core';
import { NavLink } from 'react-router';
import { useRisks } from '../api/incidents.ts';
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

/** The console's sections; the current one is marked (`aria-current="page"`). Risks shows how many are open. */
export function MainNav() {
  return (
    <Group gap="md" wrap="nowrap" component="nav" aria-label="Main" className={classes.nav}>
      <Anchor component={NavLink} to="/incidents" size="sm" fw={500} className={classes.link}>
        Incidents
      </Anchor>
      <Anchor component={NavLink} to="/risks" size="sm" fw={500} className={classes.link} data-testid="nav-risks">
        <Group gap={6} wrap="nowrap" component="span">
          Risks
          <RiskCount />
        </Group>
      </Anchor>
      <Anchor component={NavLink} to="/modules" size="sm" fw={500} className={classes.link}>
        Levels
      </Anchor>
      <Anchor component={NavLink} to="/kpi" size="sm" fw={500} className={classes.link}>
        KPI
      </Anchor>
      <OncallNavLinks className={classes.link} />
    </Group>
  );
}
