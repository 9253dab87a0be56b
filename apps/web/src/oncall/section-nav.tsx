import { Anchor, Group } from '@mantine/core';
import { NavLink } from 'react-router';
import { usePermissions } from '../api/people.ts';
import classes from '../ui/main-nav.module.css';

/** Links of one console section (a second row under the header); the current one is marked. */
export interface SectionLink {
  to: string;
  label: string;
  /** Match only this exact path (for a section's index page). */
  end?: boolean;
}

const ONCALL_LINKS: SectionLink[] = [
  { to: '/oncall', label: 'Now', end: true },
  { to: '/oncall/schedules', label: 'Schedules' },
  { to: '/oncall/policies', label: 'Escalation policies' },
  { to: '/oncall/simulate', label: 'Simulator' },
  { to: '/oncall/lint', label: 'Checks' },
];

const PEOPLE_LINKS: SectionLink[] = [
  { to: '/people/me', label: 'My profile' },
  { to: '/people/invitations', label: 'Invitations' },
  { to: '/people/teams', label: 'Teams' },
  { to: '/people/users', label: 'Users' },
];

/** Shown to those who may read the audit log (managers, admins). */
const AUDIT_LINK: SectionLink = { to: '/people/audit', label: 'Audit log' };

function SectionNav({ label, links }: { label: string; links: SectionLink[] }) {
  return (
    <Group gap="md" component="nav" aria-label={label} className={classes.nav} wrap="nowrap">
      {links.map((link) => (
        <Anchor
          key={link.to}
          component={NavLink}
          to={link.to}
          end={link.end}
          size="sm"
          fw={500}
          className={classes.link}
        >
          {link.label}
        </Anchor>
      ))}
    </Group>
  );
}

/** The on-call section's pages: who is on call now, schedules, policies, simulator and checks. */
export function OncallNav() {
  return <SectionNav label="On-call" links={ONCALL_LINKS} />;
}

/**
 * The people section's pages: one's own profile and invitations, teams, users and, for managers, the audit
 * log.
 */
export function PeopleNav() {
  const { canSomewhere } = usePermissions();
  return (
    <SectionNav label="People" links={canSomewhere('audit:read') ? [...PEOPLE_LINKS, AUDIT_LINK] : PEOPLE_LINKS} />
  );
}
