/**
 * Lint of schedules, channels and escalation policies (DESIGN §7, CONVENTIONS §4): references that do not
 * resolve, hand-off cycles, targets that cannot be paged, policies nobody uses and steps that can have
 * nobody to page. The checks are listed in docs/escalation.md ("Lint checks").
 */
import type { FaultlineConfig, ConfigProblem } from '../kernel/index.ts';
import { providerFactories } from '../notify/index.ts';
import { gaps, overlaps } from '../oncall/index.ts';
import type { Interval } from '../oncall/index.ts';

/** How far ahead lint looks for steps that can have nobody to page. */
export const GAP_HORIZON_DAYS = 7;

/** How far ahead lint looks for gaps and layer overlaps in each schedule (issue 4 point 8). */
export const SCHEDULE_HORIZON_DAYS = 28;

/** Intersection of two sorted lists of disjoint intervals. */
function intersect(a: readonly Interval[], b: readonly Interval[]): Interval[] {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i]!.start.getTime(), b[j]!.start.getTime());
    const end = Math.min(a[i]!.end.getTime(), b[j]!.end.getTime());
    if (end > start) out.push({ start: new Date(start), end: new Date(end) });
    if (a[i]!.end.getTime() < b[j]!.end.getTime()) i++;
    else j++;
  }
  return out;
}

const minute = (d: Date) => d.toISOString().slice(0, 16) + 'Z';
const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

/**
 * Lints the escalation parts of a config that passed the schema. Never throws.
 *
 * Errors: duplicate schedule, channel or policy ids; a channel named `email` (reserved for SMTP); a schedule
 * participant or override user, or a `{user}` target, who is not a member of any team; a target naming an
 * unknown schedule, team or channel; a channel target whose provider sends to a person's phone number (it
 * needs a person, not a step); a Slack app channel target without `defaultChannel`; an unknown `handoffTo`
 * or a hand-off cycle.
 * Warnings: a team's or a service's `escalationPolicy` not in the file (it may be a policy stored through the
 * API, which only the server's lint can see — `GET /api/v1/oncall/lint`; without it the team is paged through
 * its `oncall` list, the service through its team's policy); a policy no team or service uses (directly or through hand-offs), or used only by teams that own no
 * service; a step whose targets can all be empty at once within the next 7 days from `now` (a schedule gap,
 * a team without members) — it would be skipped; `teamMode: round-robin` on a step without a team target; a
 * schedule with nobody on call at some time within the next 28 days, and one whose layers overlap then
 * (the higher layer wins; reported so an unintended overlap is seen — intended layering is normal).
 */
export function lintEscalation(config: FaultlineConfig, now: Date): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const error = (path: string, message: string): void => void problems.push({ path, message, severity: 'error' });
  const warn = (path: string, message: string): void => void problems.push({ path, message, severity: 'warning' });

  const members = new Set(config.teams.flatMap((t) => t.members.map((m) => m.email.toLowerCase())));
  const isMember = (email: string) => members.has(email.toLowerCase());
  const teamIds = new Set(config.teams.map((t) => t.id));

  const unique = <T extends { id: string }>(list: readonly T[], section: string, what: string): Map<string, T> => {
    const seen = new Map<string, T>();
    const at = new Map<string, number>();
    list.forEach((x, i) => {
      if (seen.has(x.id))
        error(`${section}.${i}.id`, `duplicate ${what} id "${x.id}" (first defined at ${section}.${at.get(x.id)})`);
      else {
        seen.set(x.id, x);
        at.set(x.id, i);
      }
    });
    return seen;
  };
  const schedules = unique(config.schedules, 'schedules', 'schedule');
  const channels = unique(config.channels, 'channels', 'channel');
  const policies = unique(config.escalationPolicies, 'escalationPolicies', 'escalation policy');

  // Schedules: everyone on them is a team member (that is where their contact details live).
  config.schedules.forEach((s, i) => {
    s.layers.forEach((layer, j) =>
      layer.participants.forEach((email, k) => {
        if (!isMember(email))
          error(`schedules.${i}.layers.${j}.participants.${k}`, `"${email}" is not a member of any team`);
      }),
    );
    s.overrides?.forEach((o, j) => {
      if (!isMember(o.user)) error(`schedules.${i}.overrides.${j}.user`, `"${o.user}" is not a member of any team`);
    });
  });

  config.channels.forEach((c, i) => {
    if (c.id === 'email') error(`channels.${i}.id`, 'the channel id "email" is reserved for email (configure smtp)');
  });

  // Schedules over the next 28 days: gaps (nobody on call) and layer overlaps.
  const longHorizon = new Date(now.getTime() + SCHEDULE_HORIZON_DAYS * 24 * 3_600_000);
  config.schedules.forEach((s, i) => {
    if (schedules.get(s.id) !== s) return;
    const holes = gaps(s, now, longHorizon);
    if (holes.length > 0)
      warn(
        `schedules.${i}`,
        `schedule "${s.id}" has nobody on call ${times(holes.length)} in the next ${SCHEDULE_HORIZON_DAYS} days, e.g. from ${minute(holes[0]!.start)} to ${minute(holes[0]!.end)}`,
      );
    const both = overlaps(s, now, longHorizon);
    if (both.length > 0) {
      const first = both[0]!;
      const names = first.layers.map((l) => `"${l.layer}"`);
      warn(
        `schedules.${i}.layers`,
        `layers of schedule "${s.id}" overlap ${times(both.length)} in the next ${SCHEDULE_HORIZON_DAYS} days, e.g. ${names.join(' and ')} from ${minute(first.start)} to ${minute(first.end)}: the higher layer ${names[names.length - 1]} wins there`,
      );
    }
  });

  // Policies: targets, hand-offs.
  const gapCache = new Map<string, Interval[]>();
  const horizon = new Date(now.getTime() + GAP_HORIZON_DAYS * 24 * 3_600_000);
  const gapsOf = (id: string): Interval[] => {
    let g = gapCache.get(id);
    if (!g) gapCache.set(id, (g = gaps(schedules.get(id)!, now, horizon)));
    return g;
  };
  config.escalationPolicies.forEach((policy, i) => {
    const pp = `escalationPolicies.${i}`;
    policy.steps.forEach((step, j) => {
      const sp = `${pp}.steps.${j}`;
      if (step.minLevel) {
        const seq = config.levels.sequences.find((q) => q.id === step.minLevel![0]);
        if (!seq) error(`${sp}.minLevel`, `no level sequence "${step.minLevel[0]}" (see levels.sequences)`);
        else if (Number(step.minLevel.slice(1)) > seq.levels)
          error(`${sp}.minLevel`, `sequence ${seq.id} has levels 1–${seq.levels}, not ${step.minLevel.slice(1)}`);
      }
      // When every target can be empty at once, the step has nobody: the intervals where it does.
      let empty: Interval[] | null = [{ start: now, end: horizon }];
      const why: string[] = [];
      step.targets.forEach((t, k) => {
        const tp = `${sp}.targets.${k}`;
        if ('user' in t) {
          if (!isMember(t.user)) error(`${tp}.user`, `"${t.user}" is not a member of any team`);
          empty = null;
        } else if ('schedule' in t) {
          if (!schedules.has(t.schedule)) {
            error(`${tp}.schedule`, `unknown schedule "${t.schedule}"`);
            empty = null;
          } else if (empty) {
            empty = intersect(empty, gapsOf(t.schedule));
            why.push(`schedule ${t.schedule}`);
          }
        } else if ('team' in t) {
          const team = config.teams.find((x) => x.id === t.team);
          if (!teamIds.has(t.team)) {
            error(`${tp}.team`, `unknown team "${t.team}"`);
            empty = null;
          } else if (team && team.members.length > 0) empty = null;
          else why.push(`team ${t.team} (no members)`);
        } else {
          const ch = channels.get(t.channel);
          empty = null;
          if (!ch) error(`${tp}.channel`, `unknown channel "${t.channel}"`);
          else {
            const address = providerFactories[ch.type].address;
            if (address === 'phone' || address === 'email')
              error(
                `${tp}.channel`,
                `channel "${t.channel}" (${ch.type}) sends to a person's ${address}; a step cannot page it on its own`,
              );
            else if (ch.type === 'slack' && !ch.config.defaultChannel)
              error(
                `${tp}.channel`,
                `channel "${t.channel}" is a Slack app without defaultChannel: set it, so a step knows where to post`,
              );
          }
        }
      });
      const first = (empty as Interval[] | null)?.[0];
      if (first) {
        warn(
          sp,
          `step ${j + 1} of policy "${policy.id}" can have nobody to page (${why.join(', ')}), e.g. from ${minute(first.start)} to ${minute(first.end)}; the step is then skipped`,
        );
      }
      if (step.teamMode === 'round-robin' && !step.targets.some((t) => 'team' in t))
        warn(`${sp}.teamMode`, 'teamMode applies to team targets; this step has none');
    });
    if (policy.handoffTo !== undefined && !policies.has(policy.handoffTo))
      error(`${pp}.handoffTo`, `unknown escalation policy "${policy.handoffTo}"`);
  });

  // Hand-off cycles: follow each chain; a policy met twice is a cycle (reported once per policy on it).
  const inCycle = new Set<string>();
  config.escalationPolicies.forEach((policy, i) => {
    if (policies.get(policy.id) !== policy || inCycle.has(policy.id)) return;
    const chain = [policy.id];
    let cur = policy.handoffTo;
    while (cur !== undefined && policies.has(cur) && !chain.includes(cur)) {
      chain.push(cur);
      cur = policies.get(cur)!.handoffTo;
    }
    if (cur !== undefined && chain[0] === cur) {
      chain.forEach((id) => inCycle.add(id));
      error(
        `escalationPolicies.${i}.handoffTo`,
        `hand-off cycle: ${[...chain, cur].join(' → ')}; an escalation would never end`,
      );
    }
  });

  // Teams: their policy exists; policies are used by a team, directly or through hand-offs, and reach a
  // service (a team that owns none is never paged by an incident).
  const owning = new Set(
    config.catalog.businessLines.flatMap((l) => l.modules.flatMap((m) => m.services.map((s) => s.team))),
  );
  const used = new Set<string>();
  const reachesService = new Set<string>();
  config.teams.forEach((team, i) => {
    if (team.escalationPolicy === undefined) return;
    if (!policies.has(team.escalationPolicy)) {
      warn(
        `teams.${i}.escalationPolicy`,
        `escalation policy "${team.escalationPolicy}" is not in the config file: it must be created through the API (the server's on-call lint checks it), else the team is paged through its oncall list`,
      );
      return;
    }
    const seen = new Set<string>();
    for (let id: string | undefined = team.escalationPolicy; id && !seen.has(id); id = policies.get(id)?.handoffTo) {
      seen.add(id);
      used.add(id);
      if (owning.has(team.id)) reachesService.add(id);
    }
  });
  // Services: a service's own policy (issue 12) is paged before its team's.
  config.catalog.businessLines.forEach((line, li) =>
    line.modules.forEach((mod, mi) =>
      mod.services.forEach((svc, si) => {
        if (svc.escalationPolicy === undefined) return;
        if (!policies.has(svc.escalationPolicy)) {
          warn(
            `catalog.businessLines.${li}.modules.${mi}.services.${si}.escalationPolicy`,
            `escalation policy "${svc.escalationPolicy}" of service "${svc.id}" is not in the config file: it must be created through the API (the server's on-call lint checks it), else the service is paged through its team's policy`,
          );
          return;
        }
        const seen = new Set<string>();
        for (let id: string | undefined = svc.escalationPolicy; id && !seen.has(id); id = policies.get(id)?.handoffTo) {
          seen.add(id);
          used.add(id);
          reachesService.add(id);
        }
      }),
    ),
  );
  config.escalationPolicies.forEach((policy, i) => {
    if (policies.get(policy.id) !== policy) return;
    if (!used.has(policy.id))
      warn(
        `escalationPolicies.${i}`,
        `no team uses escalation policy "${policy.id}" (set teams[].escalationPolicy, a service's escalationPolicy, or hand off to it)`,
      );
    else if (!reachesService.has(policy.id))
      warn(
        `escalationPolicies.${i}`,
        `no service is paged through escalation policy "${policy.id}": the teams that use it own no service`,
      );
  });
  return problems;
}
