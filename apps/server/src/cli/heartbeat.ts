/**
 * `faultline heartbeat`: list, add, pause, resume and delete heartbeat monitors (docs/intake.md#heartbeats).
 * A heartbeat expects a ping at least every interval; when pings stop, an incident opens and pages.
 */
import type { Command } from 'commander';
import type { HeartbeatCreated, HeartbeatInput, HeartbeatView } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';
import { parseSilenceDuration } from './silence.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

/** `5m`, `1h`, `1d` → seconds; exits 2 naming the option when it is not a duration. */
function seconds(option: string, text: string): number {
  const ms = parseSilenceDuration(text);
  if (ms === null) {
    process.stderr.write(`${option}: "${text}" is not a duration like 5m, 1h or 1d\n`);
    process.exit(2);
  }
  return ms / 1000;
}

function line(h: HeartbeatView): string {
  const last = h.lastPingAt ? h.lastPingAt.slice(0, 19).replace('T', ' ') : 'never';
  return `${h.id.padEnd(28)} ${h.status.padEnd(7)} last ping ${last.padEnd(19)}  every ${h.intervalSeconds} s  ${h.name}`;
}

/** The body that replaces `h` with `paused` changed (PUT is a full replace). */
function inputOf(h: HeartbeatView, paused: boolean): HeartbeatInput {
  return {
    name: h.name,
    ...(h.service ? { service: h.service } : {}),
    intervalSeconds: h.intervalSeconds,
    graceSeconds: h.graceSeconds,
    labels: h.labels,
    matchers: h.matchers,
    paused,
  };
}

export function registerHeartbeatCommands(program: Command): void {
  const hb = program.command('heartbeat').description('heartbeat monitors: page when expected pings stop');

  withServer(hb.command('list').description('heartbeats with their status and last ping').option('--json')).action(
    async (o: ClientOptions & { json?: boolean }) => {
      const list = await callAll<HeartbeatView>(o, '/api/v1/heartbeats', 'heartbeats');
      if (o.json) {
        out(JSON.stringify(list, null, 2));
        return;
      }
      if (list.length === 0) out('no heartbeats');
      for (const h of list) out(line(h));
    },
  );

  withServer(
    hb
      .command('add')
      .description('create a heartbeat; prints its id and ping token (shown only once)')
      .argument('<name>')
      .requiredOption('--every <duration>', 'a ping is expected at least this often: 5m, 1h, 1d')
      .option('--grace <duration>', 'tolerated lateness before it pages', '1m')
      .option('--id <id>', 'the ping URL segment; default from the name')
      .option('--service <id>', 'service of the alert')
      .option('--integration <key>', 'integration key: pings may use it; its alerts matching --match ping')
      .option('--match <matcher...>', 'Alertmanager matchers of alerts that count as pings (alertname="Watchdog")')
      .option('--label <name=value...>', 'labels added to the alert (severity=critical)'),
  ).action(
    async (
      name: string,
      o: ClientOptions & {
        every: string;
        grace: string;
        id?: string;
        service?: string;
        integration?: string;
        match?: string[];
        label?: string[];
      },
    ) => {
      const labels: Record<string, string> = {};
      for (const l of o.label ?? []) {
        const eq = l.indexOf('=');
        if (eq <= 0) {
          process.stderr.write(`--label: "${l}" is not name=value\n`);
          process.exit(2);
        }
        labels[l.slice(0, eq)] = l.slice(eq + 1);
      }
      const created = await call<HeartbeatCreated>(o, 'POST', '/api/v1/heartbeats', {
        name,
        intervalSeconds: seconds('--every', o.every),
        graceSeconds: seconds('--grace', o.grace),
        ...(o.id ? { id: o.id } : {}),
        ...(o.service ? { service: o.service } : {}),
        ...(o.integration ? { integration: o.integration } : {}),
        ...(o.match ? { matchers: o.match } : {}),
        labels,
      });
      out(`${created.id}`);
      out(`ping: POST /api/v1/heartbeats/${created.id}/ping  (Authorization: Bearer ${created.token})`);
    },
  );

  for (const [verb, paused] of [
    ['pause', true],
    ['resume', false],
  ] as const) {
    withServer(
      hb
        .command(verb)
        .description(paused ? 'pause heartbeats: no page while pings are missing' : 'resume paused heartbeats')
        .argument('<ids...>'),
    ).action(async (ids: string[], o: ClientOptions) => {
      for (const id of ids) {
        const path = `/api/v1/heartbeats/${encodeURIComponent(id)}`;
        const h = await call<HeartbeatView>(o, 'GET', path);
        const after = await call<HeartbeatView>(o, 'PUT', path, inputOf(h, paused));
        out(`${after.id} ${after.status}`);
      }
    });
  }

  withServer(hb.command('delete').description('delete heartbeats').argument('<ids...>')).action(
    async (ids: string[], o: ClientOptions) => {
      for (const id of ids) {
        await call(o, 'DELETE', `/api/v1/heartbeats/${encodeURIComponent(id)}`);
        out(`${id} deleted`);
      }
    },
  );
}
