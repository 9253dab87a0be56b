/**
 * `faultline oncall …`: who is on call, the escalation simulator and the on-call lint, through the API
 * (so the CLI enforces the same permissions as the console).
 */
import type { Command } from 'commander';
import type { OncallLintReport, ScheduleOncallView, SimulatedPerson, SimulationView } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

/** `+5 min` / `+1 h 30 min` from a number of minutes. */
function offset(minutes: number): string {
  if (minutes === 0) return 'at once';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `+${h ? `${h} h` : ''}${h && m ? ' ' : ''}${m ? `${m} min` : ''}`;
}

function person(p: SimulatedPerson): string[] {
  const name = p.name && p.name !== p.email ? `${p.name} <${p.email}>` : p.email;
  if (!p.reachable) return [`    ${name}: NOT REACHED (${p.why})`];
  return [
    `    ${name}${p.timeZone ? ` [${p.timeZone}]` : ''}`,
    ...p.contacts.map((c) => `      ${c.kind} ${c.address} ${offset(c.delayMinutes)} (${c.at})`),
  ];
}

/** A readable plan of a simulation, one line per step and contact. */
export function formatSimulation(s: SimulationView): string {
  const lines = [
    `${s.service} (module ${s.module}, team ${s.team}) at ${s.level} (${s.urgency} urgency), from ${s.at}`,
  ];
  if (s.mutedBy.length) {
    lines.push(
      s.heldUntil
        ? `Muted: nothing is paged until ${s.heldUntil}, then (if the alert still fires):`
        : 'Muted: nothing is paged until what mutes it ends (then, if the alert still fires):',
      ...s.mutedBy.map((m) => `  ${m.reason}`),
    );
  }
  if (s.leadership.length) lines.push('Leadership, at once:', ...s.leadership.flatMap(person));
  if (!s.policy) {
    lines.push(`No escalation policy (${s.end}): the team's on-call list is paged at once`);
    lines.push(...(s.oncallList.length ? s.oncallList.flatMap(person) : ['    nobody']));
  } else {
    lines.push(`Escalation policy ${s.policy.name} (${s.policy.id}):`);
    for (const step of s.steps) {
      const head = `  ${offset(step.offsetMinutes).padEnd(14)} step ${step.step} of ${step.policy}${step.round ? ` (repeat ${step.round})` : ''} at ${step.at}`;
      if (step.skipped) {
        lines.push(`${head}: skipped, nobody to page (${step.nobody.join('; ')})`);
        continue;
      }
      lines.push(`${head}${step.roundRobin ? ' — round-robin: one of' : ''}`);
      lines.push(...step.people.flatMap(person), ...step.channels.map((c) => `    channel ${c}`));
      if (step.nobody.length) lines.push(`    (${step.nobody.join('; ')})`);
    }
    lines.push(`Then: ${s.end}`);
  }
  if (s.unreachable.length) lines.push('Would NOT be reached:', ...s.unreachable.map((u) => `  ${u.email}: ${u.why}`));
  return lines.join('\n');
}

/** Registers `faultline oncall simulate|who|lint`. */
export function registerOncallCommands(program: Command): void {
  const oncall = program.command('oncall').description('on-call: who is on call, the simulator, the lint');

  withServer(
    oncall
      .command('simulate')
      .description('who gets paged, how and when, for a new incident of a service at a level')
      .requiredOption('--service <id>', 'service id or alias')
      .requiredOption('--level <level>', 'e.g. P1')
      .option('--at <instant>', 'ISO 8601 instant (default now)')
      .option(
        '--label <name=value>',
        'an alert label (repeat): apply the silences, windows and inhibition that would mute it',
        (v: string, acc: string[]) => [...acc, v],
        [] as string[],
      )
      .option('--json', 'print the API answer as JSON'),
  ).action(
    async (o: ClientOptions & { service: string; level: string; at?: string; label: string[]; json?: boolean }) => {
      const labels = Object.fromEntries(
        o.label.map((l) => {
          const i = l.indexOf('=');
          if (i <= 0) throw new Error(`--label ${l}: expected name=value`);
          return [l.slice(0, i), l.slice(i + 1).replace(/^"(.*)"$/, '$1')];
        }),
      );
      const body = {
        service: o.service,
        level: o.level,
        ...(o.at ? { at: o.at } : {}),
        ...(o.label.length ? { labels } : {}),
      };
      const s = await call<SimulationView>(o, 'POST', '/api/v1/escalation/simulate', body);
      process.stdout.write(`${o.json ? JSON.stringify(s, null, 2) : formatSimulation(s)}\n`);
    },
  );

  withServer(
    oncall
      .command('who')
      .description('who is on call for a schedule at an instant')
      .requiredOption('--schedule <id>', 'schedule id')
      .option('--at <instant>', 'ISO 8601 instant (default now)'),
  ).action(async (o: ClientOptions & { schedule: string; at?: string }) => {
    const q = o.at ? `?at=${encodeURIComponent(o.at)}` : '';
    const v = await call<ScheduleOncallView>(
      o,
      'GET',
      `/api/v1/schedules/${encodeURIComponent(o.schedule)}/oncall${q}`,
    );
    process.stdout.write(`${v.schedule} at ${v.at}: ${v.onCall.length ? v.onCall.join(', ') : 'nobody'}\n`);
  });

  withServer(
    oncall
      .command('lint')
      .description('check schedules, policies, overrides and people (exit 1 on errors)')
      .option('--at <instant>', 'look ahead from (default now)'),
  ).action(async (o: ClientOptions & { at?: string }) => {
    const q = o.at ? `?at=${encodeURIComponent(o.at)}` : '';
    const r = await call<OncallLintReport>(o, 'GET', `/api/v1/oncall/lint${q}`);
    for (const f of r.findings) process.stdout.write(`${f.severity} ${f.code} ${f.path}: ${f.message}\n`);
    const errors = r.findings.filter((f) => f.severity === 'error').length;
    process.stdout.write(`${errors} error(s), ${r.findings.length - errors} warning(s)\n`);
    if (errors > 0) process.exit(1);
  });
}
