/** `faultline audit`: the audit log, newest first (needs audit:read: a manager or admin). */
import type { Command } from 'commander';
import type { AuditList } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

export function registerAuditCommand(program: Command): void {
  withServer(
    program
      .command('audit')
      .description('who changed what: the audit log, newest first')
      .option('--target-type <type>', 'only entries about this kind of record, e.g. user, team, token')
      .option('--target-id <id>', 'only entries about this record')
      .option('--cursor <cursor>', 'the next page: the cursor printed after the previous one')
      .option('--limit <n>', 'how many', '50')
      .option('--json', 'print the entries as JSON, with the records before and after'),
  ).action(
    async (
      o: ClientOptions & { targetType?: string; targetId?: string; cursor?: string; limit: string; json?: boolean },
    ) => {
      const q = new URLSearchParams({ limit: o.limit });
      if (o.targetType) q.set('targetType', o.targetType);
      if (o.targetId) q.set('targetId', o.targetId);
      if (o.cursor) q.set('cursor', o.cursor);
      const list = await call<AuditList>(o, 'GET', `/api/v1/audit?${q}`);
      if (o.json) {
        out(JSON.stringify(list, null, 2));
        return;
      }
      for (const e of list.entries) {
        out(
          `${String(e.id).padEnd(6)} ${e.at.slice(0, 19).replace('T', ' ')}  ${e.actor.padEnd(28)} ${e.action.padEnd(20)} ${e.targetType} ${e.targetId}`,
        );
      }
      if (list.nextCursor !== null) out(`more: --cursor ${list.nextCursor}`);
    },
  );
}
