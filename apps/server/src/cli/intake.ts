/** `faultline intake quarantine list|replay|discard`: the intake quarantine (admins; docs/intake.md#quarantine). */
import type { Command } from 'commander';
import type { QuarantineDiscarded, QuarantineList, QuarantineReplayed } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);
const BASE = '/api/v1/intake/quarantine';

export function registerIntakeCommands(program: Command): void {
  const quarantine = program
    .command('intake')
    .description('intake')
    .command('quarantine')
    .description('events convergence set aside: list, replay after a fix, or discard');
  withServer(
    quarantine
      .command('list')
      .description('quarantined events, oldest first, with the reason')
      .option('--cursor <cursor>', 'the next page: the cursor printed after the previous one')
      .option('--limit <n>', 'how many', '100')
      .option('--json', 'print them as JSON, with the start of each body'),
  ).action(async (o: ClientOptions & { cursor?: string; limit: string; json?: boolean }) => {
    const q = new URLSearchParams({ limit: o.limit });
    if (o.cursor) q.set('cursor', o.cursor);
    const list = await call<QuarantineList>(o, 'GET', `${BASE}?${q}`);
    if (o.json) {
      out(JSON.stringify(list, null, 2));
      return;
    }
    if (list.events.length === 0) out('no quarantined events');
    for (const e of list.events) {
      out(
        `#${e.id}  received ${e.receivedAt}  quarantined ${e.quarantinedAt}  ${e.source} ${e.integration}  ${e.alerts} alert(s), ${e.attempts} tries\n    ${e.reason}`,
      );
    }
    if (list.nextCursor !== null) out(`more: --cursor ${list.nextCursor}`);
  });
  withServer(
    quarantine
      .command('replay')
      .argument('<id>', 'event id')
      .description('parse the event again and put it back in line for convergence'),
  ).action(async (id: string, o: ClientOptions) => {
    const r = await call<QuarantineReplayed>(o, 'POST', `${BASE}/${encodeURIComponent(id)}/replay`);
    out(`event #${r.eventId} replayed (${r.alerts} alert(s)); convergence applies it at its next round`);
  });
  withServer(
    quarantine
      .command('discard')
      .argument('<id>', 'event id')
      .description('set the event aside for good: kept, never applied'),
  ).action(async (id: string, o: ClientOptions) => {
    const r = await call<QuarantineDiscarded>(o, 'POST', `${BASE}/${encodeURIComponent(id)}/discard`);
    out(`event #${r.eventId} discarded`);
  });
}
