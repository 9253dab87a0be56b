/**
 * `faultline maintenance`: add, list, show, end and delete maintenance windows
 * (docs/convergence.md#maintenance-windows). A one-off window takes `--start`/`--end` or `--duration`; a
 * recurring one `--time-intervals` with Alertmanager's `time_interval` fields as JSON.
 */
import type { Command } from 'commander';
import type { MaintenanceWindowView } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';
import { parseSilenceDuration } from './silence.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);
const collect = (v: string, acc: string[]) => [...acc, v];

function when(w: MaintenanceWindowView): string {
  const at = (iso: string | null) => (iso ? iso.slice(0, 16).replace('T', ' ') : '');
  if (w.status === 'in-progress') return `until ${at(w.openUntil)}`;
  if (w.status === 'scheduled') return `from ${at(w.nextStartsAt)}`;
  return '';
}

function line(w: MaintenanceWindowView): string {
  const scope = [
    ...w.scope.services.map((s) => `service ${s}`),
    ...w.scope.modules.map((m) => `module ${m}`),
    ...w.scope.businessLines.map((b) => `business line ${b}`),
    ...w.scope.matchers,
  ].join(', ');
  return `${w.id.padEnd(38)} ${w.status.padEnd(11)} ${when(w).padEnd(22)} ${w.name} (${w.effect}) — ${scope}`;
}

interface AddOptions extends ClientOptions {
  name: string;
  service: string[];
  module: string[];
  businessLine: string[];
  start?: string;
  end?: string;
  duration?: string;
  timeIntervals?: string;
  effect?: string;
  comment?: string;
}

/** Registers `faultline maintenance add|list|show|end|delete`. */
export function registerMaintenanceCommands(program: Command): void {
  const m = program.command('maintenance').description('maintenance windows: planned work that should not page');

  withServer(
    m
      .command('add')
      .description('create a maintenance window; alerts in its scope do not page while it is open')
      .argument('[matchers...]', 'Alertmanager matchers the alerts must match too: alertname="X"')
      .requiredOption('--name <text>', 'what the work is')
      .option('--service <id>', 'a service in scope (repeat)', collect, [] as string[])
      .option('--module <id>', 'a module in scope (repeat)', collect, [] as string[])
      .option('--business-line <id>', 'a business line in scope (repeat)', collect, [] as string[])
      .option('--start <iso>', 'one-off: when it starts (ISO 8601); default now')
      .option('--end <iso>', 'one-off: when it ends (ISO 8601)')
      .option('--duration <d>', 'one-off: how long from the start: 90m, 2h, 1d')
      .option('--time-intervals <json>', "recurring: Alertmanager's time_interval list as JSON")
      .option('--effect <effect>', 'suppress-notifications (default), suppress-incidents or pause-escalations')
      .option('--comment <text>', 'why'),
  ).action(async (matchers: string[], o: AddOptions) => {
    let endsAt = o.end;
    if (!endsAt && o.duration) {
      const ms = parseSilenceDuration(o.duration);
      if (ms === null) {
        process.stderr.write(`--duration: "${o.duration}" is not a duration like 90m, 2h or 1d\n`);
        process.exit(2);
      }
      endsAt = new Date((o.start ? new Date(o.start) : new Date()).getTime() + ms).toISOString();
    }
    let timeIntervals: unknown;
    if (o.timeIntervals) {
      try {
        timeIntervals = JSON.parse(o.timeIntervals);
      } catch {
        process.stderr.write('--time-intervals: not JSON\n');
        process.exit(2);
      }
    }
    const created = await call<MaintenanceWindowView>(o, 'POST', '/api/v1/maintenance-windows', {
      name: o.name,
      ...(o.start ? { startsAt: o.start } : {}),
      ...(endsAt ? { endsAt } : {}),
      ...(timeIntervals !== undefined ? { timeIntervals } : {}),
      scope: { services: o.service, modules: o.module, businessLines: o.businessLine, matchers },
      ...(o.effect ? { effect: o.effect } : {}),
      ...(o.comment ? { comment: o.comment } : {}),
    });
    out(created.id);
  });

  withServer(
    m
      .command('list')
      .description('maintenance windows: in progress, scheduled, completed')
      .option('--status <status>', 'scheduled, in-progress or completed; default all')
      .option('--json', 'print them as JSON'),
  ).action(async (o: ClientOptions & { status?: string; json?: boolean }) => {
    const path = o.status
      ? `/api/v1/maintenance-windows?status=${encodeURIComponent(o.status)}`
      : '/api/v1/maintenance-windows';
    const list = await callAll<MaintenanceWindowView>(o, path, 'windows');
    if (o.json) {
      out(JSON.stringify(list, null, 2));
      return;
    }
    if (list.length === 0) out('no maintenance windows');
    for (const w of list) out(line(w));
  });

  withServer(m.command('show').description('one maintenance window as JSON').argument('<id>')).action(
    async (id: string, o: ClientOptions) => {
      const w = await call<MaintenanceWindowView>(o, 'GET', `/api/v1/maintenance-windows/${encodeURIComponent(id)}`);
      out(JSON.stringify(w, null, 2));
    },
  );

  withServer(
    m
      .command('end')
      .description('end windows early (a recurring one: its opening in progress); what still fires pages once')
      .argument('<ids...>'),
  ).action(async (ids: string[], o: ClientOptions) => {
    for (const id of ids) {
      await call<MaintenanceWindowView>(o, 'POST', `/api/v1/maintenance-windows/${encodeURIComponent(id)}/end`);
      out(`${id} ended`);
    }
  });

  withServer(m.command('delete').description('delete windows and their future openings').argument('<ids...>')).action(
    async (ids: string[], o: ClientOptions) => {
      for (const id of ids) {
        await call<unknown>(o, 'DELETE', `/api/v1/maintenance-windows/${encodeURIComponent(id)}`);
        out(`${id} deleted`);
      }
    },
  );
}
