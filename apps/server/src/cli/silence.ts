/**
 * `faultline silence`: add, list, show, expire and preview silences (docs/convergence.md#silences). Matchers
 * are Alertmanager's text (`alertname="HighLatency"`, `instance=~"db-.*"`), given as arguments like amtool's.
 */
import type { Command } from 'commander';
import type { MatcherPreview, SilenceView } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

/** `90m`, `2h`, `1d12h`, `1h30m` → milliseconds; null when it is not a duration. */
export function parseSilenceDuration(text: string): number | null {
  const m = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/.exec(text.trim());
  if (!m || text.trim() === '') return null;
  const [, d, h, min] = m;
  const ms = ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000;
  return ms > 0 ? ms : null;
}

function line(s: SilenceView): string {
  const until = s.endsAt.slice(0, 16).replace('T', ' ');
  return `${s.id.padEnd(38)} ${s.state.padEnd(8)} until ${until}  ${s.matchers.join(', ')}  — ${s.createdBy}: ${s.comment}`;
}

export function registerSilenceCommands(program: Command): void {
  const silence = program.command('silence').description('silences: mute matching alerts for a while');

  withServer(
    silence
      .command('add')
      .description('create a silence; matching alerts are recorded but do not page until it ends')
      .argument('<matchers...>', 'Alertmanager matchers, all must match: alertname="X" instance=~"db-.*"')
      .requiredOption('--comment <text>', 'why (required)')
      .option('--duration <d>', 'how long from the start: 90m, 2h, 1d', '1h')
      .option('--start <iso>', 'when it starts (ISO 8601); default now')
      .option('--end <iso>', 'when it ends (ISO 8601); instead of --duration')
      .option('--author <name>', "who silences; default: the token's name"),
  ).action(
    async (
      matchers: string[],
      o: ClientOptions & { comment: string; duration: string; start?: string; end?: string; author?: string },
    ) => {
      const start = o.start ? new Date(o.start) : new Date();
      let endsAt = o.end;
      if (!endsAt) {
        const ms = parseSilenceDuration(o.duration);
        if (ms === null) {
          process.stderr.write(`--duration: "${o.duration}" is not a duration like 90m, 2h or 1d\n`);
          process.exit(2);
        }
        endsAt = new Date(start.getTime() + ms).toISOString();
      }
      const created = await call<SilenceView>(o, 'POST', '/api/v1/silences', {
        matchers,
        ...(o.start ? { startsAt: o.start } : {}),
        endsAt,
        comment: o.comment,
        ...(o.author ? { createdBy: o.author } : {}),
      });
      out(created.id);
    },
  );

  withServer(
    silence
      .command('list')
      .description('silences, ordered by end')
      .option('--state <state>', 'pending, active or expired; default all kept ones')
      .option('--json', 'print them as JSON'),
  ).action(async (o: ClientOptions & { state?: string; json?: boolean }) => {
    const path = o.state ? `/api/v1/silences?state=${encodeURIComponent(o.state)}` : '/api/v1/silences';
    const list = await callAll<SilenceView>(o, path, 'silences');
    if (o.json) {
      out(JSON.stringify(list, null, 2));
      return;
    }
    if (list.length === 0) out('no silences');
    for (const s of list) out(line(s));
  });

  withServer(silence.command('show').description('one silence as JSON').argument('<id>')).action(
    async (id: string, o: ClientOptions) => {
      out(JSON.stringify(await call<SilenceView>(o, 'GET', `/api/v1/silences/${encodeURIComponent(id)}`), null, 2));
    },
  );

  withServer(
    silence
      .command('expire')
      .description('end silences now; what they held back and still fires pages at once')
      .argument('<ids...>'),
  ).action(async (ids: string[], o: ClientOptions) => {
    for (const id of ids) {
      const s = await call<SilenceView>(o, 'DELETE', `/api/v1/silences/${encodeURIComponent(id)}`);
      out(`${s.id} expired`);
    }
  });

  withServer(
    silence
      .command('query')
      .description('which firing alerts these matchers accept now (before adding a silence)')
      .argument('<matchers...>'),
  ).action(async (matchers: string[], o: ClientOptions) => {
    const p = await call<MatcherPreview>(o, 'POST', '/api/v1/silences/preview', { matchers });
    out(`${p.matched} firing alert${p.matched === 1 ? '' : 's'} match`);
    for (const a of p.alerts) out(`#${a.incidentId}  ${a.summary}`);
  });
}
