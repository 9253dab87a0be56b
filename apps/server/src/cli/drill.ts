/**
 * `faultline drill run | list | report`: fault drills from the terminal (issue 17 point 10), through the
 * same endpoints as the console.
 */
import type { Command } from 'commander';
import type { DrillList, DrillReport, IncidentDetail } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

const collect = (v: string, prev: string[]) => [...prev, v];
const fmtMs = (ms: number | null) =>
  ms === null ? '—' : `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;

/** `summary key=value key=value` → an injected alert. */
function alertOf(text: string): { summary: string; labels: Record<string, string> } {
  const words = text.split(/\s+/);
  const labels: Record<string, string> = {};
  const summary: string[] = [];
  for (const w of words) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w);
    if (m) labels[m[1]!] = m[2]!;
    else summary.push(w);
  }
  return { summary: summary.join(' '), labels };
}

/** A drill's report as text. */
export function printDrillReport(r: DrillReport): void {
  const out = [`#${r.incidentId} DRILL ${r.title} (${r.level ?? 'no level'}, ${r.status})`];
  out.push(`  declared ${r.declaredAt} by ${r.declaredBy}${r.scheduleId ? ` (schedule ${r.scheduleId})` : ''}`);
  out.push(`  participants: ${r.participants.join(', ')}`);
  for (const s of r.stages)
    out.push(`  ${s.stage.padEnd(8)} ${s.state.padEnd(15)} took ${fmtMs(s.tookMs)} of target ${fmtMs(s.targetMs)}`);
  for (const c of r.checkIns) out.push(`  check-in ${c.person} ${c.state} after ${fmtMs(c.afterMs)}`);
  for (const role of r.roles)
    out.push(
      `  ${role.role.padEnd(13)} ${role.holder ?? (role.required ? 'NEVER FILLED (required)' : 'not filled')}${
        role.filledAfterMs === null ? '' : ` after ${fmtMs(role.filledAfterMs)}`
      }`,
    );
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Registers `faultline drill`. */
export function registerDrillCommands(program: Command): void {
  const drill = program.command('drill').description('fault drills: rehearse an incident, paging only participants');
  withServer(
    drill
      .command('run')
      .description('declare a drill from a scenario; it pages only the participants, marked [DRILL]')
      .requiredOption('--title <text>', 'the scenario')
      .requiredOption('--level <n>', 'level (1 = most severe)', Number)
      .requiredOption('--participant <email>', 'a participant (repeat)', collect, [])
      .option('--service <id>', 'catalog service')
      .option('--sequence <s>', 'sequence', 'P')
      .option('--description <text>', 'what the scenario plays')
      .option('--alert <text>', 'an injected alert: "summary key=value …" (repeat)', collect, [])
      .option('--kpi-drop <text>', 'the KPI drop the scenario plays'),
  ).action(async (o: ClientOptions & Record<string, unknown>) => {
    const body = {
      title: o.title,
      level: o.level,
      sequence: o.sequence,
      participants: o.participant,
      alerts: (o.alert as string[]).map(alertOf),
      ...(o.service ? { service: o.service } : {}),
      ...(o.description ? { description: o.description } : {}),
      ...(o.kpiDrop ? { kpiDrop: o.kpiDrop } : {}),
    };
    const d = await call<IncidentDetail>(o, 'POST', '/api/v1/drills', body);
    process.stdout.write(`DRILL #${d.id} ${d.title} (${Object.values(d.levels).join(' ')})\n`);
  });
  withServer(drill.command('list').description('drills, newest first')).action(async (o: ClientOptions) => {
    const r = await call<DrillList>(o, 'GET', '/api/v1/drills');
    for (const d of r.drills)
      process.stdout.write(
        `#${d.incidentId}\t${d.status}\t${d.declaredAt}\t${d.scheduleId ?? 'by hand'}\t${d.title}\n`,
      );
  });
  withServer(
    drill.command('report').argument('<id>', 'drill incident id').description('times per stage against the targets'),
  ).action(async (id: string, o: ClientOptions) =>
    printDrillReport(await call<DrillReport>(o, 'GET', `/api/v1/drills/${id}/report`)),
  );
}
