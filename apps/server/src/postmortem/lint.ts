/**
 * Postmortem config lint: calendars that exist, zones that are real, team calendars that name known calendars
 * and teams, required levels that have a deadline.
 */
import type { ConfigProblem, FaultlineConfig } from '../kernel/index.ts';
import { POSTMORTEM_SECTION_IDS } from '@faultline/contracts';
import { isValidTimeZone } from '../lib/index.ts';

/** The postmortem section's cross-reference checks. */
export function lintPostmortem(config: FaultlineConfig): ConfigProblem[] {
  const pm = config.postmortem;
  const out: ConfigProblem[] = [];
  const ids = new Set<string>();
  pm.calendars.forEach((c, i) => {
    if (ids.has(c.id))
      out.push({
        severity: 'error',
        path: `postmortem.calendars.${i}.id`,
        message: `calendar ${c.id} is defined twice`,
      });
    ids.add(c.id);
    if (!isValidTimeZone(c.timeZone))
      out.push({
        severity: 'error',
        path: `postmortem.calendars.${i}.timeZone`,
        message: `unknown time zone "${c.timeZone}"`,
      });
  });
  if (pm.defaultCalendar && !ids.has(pm.defaultCalendar))
    out.push({ severity: 'error', path: 'postmortem.defaultCalendar', message: `no calendar ${pm.defaultCalendar}` });
  const teams = new Set(config.teams.map((t) => t.id));
  for (const [team, cal] of Object.entries(pm.teamCalendars)) {
    if (!ids.has(cal))
      out.push({ severity: 'error', path: `postmortem.teamCalendars.${team}`, message: `no calendar ${cal}` });
    if (!teams.has(team))
      out.push({ severity: 'warning', path: `postmortem.teamCalendars.${team}`, message: `no team ${team}` });
  }
  const trackers = new Set<string>();
  pm.trackers.forEach((t, i) => {
    if (trackers.has(t.id))
      out.push({ severity: 'error', path: `postmortem.trackers.${i}.id`, message: `tracker ${t.id} is defined twice` });
    trackers.add(t.id);
    if (!t.webhookSecret)
      out.push({
        severity: 'warning',
        path: `postmortem.trackers.${i}.webhookSecret`,
        message: `tracker ${t.id} has no webhookSecret: issues closed there do not flow back`,
      });
  });
  const known = POSTMORTEM_SECTION_IDS as readonly string[];
  const checkTemplate = (path: string, sections: readonly string[]) => {
    const seen = new Set<string>();
    sections.forEach((id, i) => {
      if (!known.includes(id))
        out.push({
          severity: 'error',
          path: `${path}.${i}`,
          message: `unknown section "${id}"; one of ${known.join(', ')}`,
        });
      else if (seen.has(id))
        out.push({ severity: 'warning', path: `${path}.${i}`, message: `section ${id} is listed twice` });
      seen.add(id);
    });
  };
  for (const [level, sections] of Object.entries(pm.templates))
    checkTemplate(`postmortem.templates.${level}`, sections);
  checkTemplate('postmortem.defaultTemplate', pm.defaultTemplate);
  return out;
}
