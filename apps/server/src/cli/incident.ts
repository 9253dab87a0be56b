/** `faultline incident …` and `faultline risk …`: people grade incidents from the terminal. */
import type { Command } from 'commander';
import type { BulkResponse, IncidentDetail, IncidentPage, IncidentSummary } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const num = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`not a number: ${v}`);
  return n;
};

function printIncident(i: IncidentDetail): void {
  const levels = Object.values(i.levels).join(' ') || (i.risk ? 'risk' : 'ungraded');
  process.stdout.write(`#${i.id} ${i.title}\n  ${levels} · ${i.status} · ${i.service ?? 'unrouted'}\n`);
  for (const e of i.levelExplanation) process.stdout.write(`  ${e.level}: ${e.rule} [${e.evidence.join('; ')}]\n`);
  if (Object.keys(i.facts).length) process.stdout.write(`  facts: ${JSON.stringify(i.facts)}\n`);
  if (i.noise) process.stdout.write(`  noise: marked by ${i.noise.by} at ${i.noise.at}: ${i.noise.reason}\n`);
}

export function registerIncidentCommands(program: Command): void {
  const incident = program.command('incident').description('incidents');
  withServer(
    incident
      .command('facts')
      .argument('<id>', 'incident id')
      .description('enter impact facts; the incident is re-graded')
      .option('--affected-users <n>', 'affected users', num)
      .option('--affected-users-pct <pct>', '% of active users affected', num)
      .option('--merchants <n>', 'affected merchants', num)
      .option('--complaint-increase-pct <pct>', 'complaint increase %', num)
      .option('--financial-loss <amount>', 'financial loss', num)
      .option('--data-asset-level <n>', 'data asset level (1 = most critical)', num)
      .option('--public-opinion <level>', 'none, low, medium or high')
      .option('--sla-breach-minutes <n>', 'SLA breach minutes', num)
      .option('--note <text>', 'why'),
  ).action(async (id: string, o: ClientOptions & Record<string, unknown>) => {
    const keys = [
      'affectedUsers',
      'affectedUsersPct',
      'merchants',
      'complaintIncreasePct',
      'financialLoss',
      'dataAssetLevel',
      'publicOpinion',
      'slaBreachMinutes',
    ];
    const facts = Object.fromEntries(keys.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
    printIncident(
      await call<IncidentDetail>(o, 'POST', `/api/v1/incidents/${id}/facts`, {
        facts,
        ...(o.note ? { note: o.note } : {}),
      }),
    );
  });
  withServer(
    incident
      .command('level')
      .argument('<id>', 'incident id')
      .description("set a sequence's level by hand (a downgrade needs a reason)")
      .requiredOption('--level <n>', 'level number, 1 = most severe', num)
      .option('--sequence <s>', 'sequence', 'P')
      .requiredOption('--reason <text>', 'why'),
  ).action(async (id: string, o: ClientOptions & { level: number; sequence: string; reason: string }) => {
    printIncident(
      await call<IncidentDetail>(o, 'POST', `/api/v1/incidents/${id}/level`, {
        sequence: o.sequence,
        level: o.level,
        reason: o.reason,
      }),
    );
  });
  withServer(
    incident
      .command('escalate')
      .argument('<id>', 'incident id')
      .description("run the incident's next escalation step now (pages the next people at once)"),
  ).action(async (id: string, o: ClientOptions) => {
    const d = await call<IncidentDetail>(o, 'POST', `/api/v1/incidents/${id}/escalate`);
    printIncident(d);
    const last = [...d.timeline].reverse().find((t) => t.kind === 'note' && 'escalation' in t.data);
    if (last) process.stdout.write(`  ${last.message}\n`);
  });
  for (const [verb, path, what] of [
    ['ack', 'acknowledge', 'acknowledge an incident: its escalation stops paging'],
    ['resolve', 'resolve', 'resolve an incident: its escalation ends and the next alert opens a new one'],
  ] as const) {
    withServer(incident.command(verb).argument('<id>', 'incident id').description(what)).action(
      async (id: string, o: ClientOptions) =>
        printIncident(await call<IncidentDetail>(o, 'POST', `/api/v1/incidents/${id}/${path}`)),
    );
  }
  const noise = incident
    .command('noise')
    .argument('<id>', 'incident id')
    .description('mark an incident (or one of its alerts) as noise with a reason, or take the mark back')
    .option('--reason <text>', 'why it is noise (required unless --undo)')
    .option('--alert <alertId>', 'mark this alert of the incident instead of the incident', num)
    .option('--undo', 'take the noise mark back');
  withServer(noise).action(
    async (id: string, o: ClientOptions & { reason?: string; alert?: number; undo?: boolean }) => {
      if (!o.undo && o.reason === undefined)
        noise.error('error: give --reason <text>, or --undo to take the mark back');
      const path = `/api/v1/incidents/${id}${o.alert === undefined ? '' : `/alerts/${o.alert}`}/noise`;
      const d = o.undo
        ? await call<IncidentDetail>(o, 'DELETE', path)
        : await call<IncidentDetail>(o, 'POST', path, { reason: o.reason });
      printIncident(d);
      if (o.alert !== undefined) {
        const a = d.alerts.find((x) => x.id === o.alert);
        process.stdout.write(`  alert ${o.alert}: ${a?.noise ? `noise (${a.noise.reason})` : 'not marked as noise'}\n`);
      } else if (!d.noise) process.stdout.write('  not marked as noise\n');
    },
  );
  withServer(
    incident
      .command('list')
      .description('list incidents, newest first; filters as in GET /api/v1/incidents (docs/api.md)')
      .option('--status <s>', 'open (default), all, or a comma list such as triggered,acknowledged')
      .option('--search <text>', 'words in the title, or #42')
      .option('--team <id>', 'team id')
      .option('--service <name>', 'service')
      .option('--level <labels>', 'comma list of level labels, e.g. P1,P2')
      .option('--source <source>', 'intake source, e.g. alertmanager')
      .option('--risk <which>', 'include (default), exclude or only')
      .option('--postmortem <which>', 'overdue: incidents whose postmortem is past its due time and not published')
      .option('--since <iso>', 'opened at or after')
      .option('--until <iso>', 'opened before')
      .option('--oldest', 'oldest first')
      .option('--limit <n>', 'at most this many (one page, up to 1000)', '100'),
  ).action(async (o: ClientOptions & Record<string, string | boolean | undefined>) => {
    const params = new URLSearchParams();
    const pairs = [
      ['status', o.status],
      ['q', o.search],
      ['team', o.team],
      ['service', o.service],
      ['level', o.level],
      ['source', o.source],
      ['risk', o.risk],
      ['postmortem', o.postmortem],
      ['since', o.since],
      ['until', o.until],
      ['limit', o.limit],
    ] as const;
    for (const [k, v] of pairs) if (typeof v === 'string') params.set(k, v);
    if (o.oldest) params.set('sort', 'oldest');
    const page = await call<IncidentPage>(o, 'GET', `/api/v1/incidents?${params.toString()}`);
    for (const i of page.incidents) {
      const levels = Object.values(i.levels).join(' ') || (i.risk ? 'risk' : '—');
      const late = i.postmortemOverdue ? '  [postmortem OVERDUE]' : '';
      process.stdout.write(`#${i.id}  ${levels}  ${i.status}  ${i.service ?? 'unrouted'}  ${i.title}${late}\n`);
    }
    process.stdout.write(`${page.incidents.length} shown of ${page.total} matching\n`);
  });
  withServer(
    incident
      .command('bulk')
      .argument('<action>', 'acknowledge, resolve or escalate')
      .argument('<ids...>', 'incident ids (up to 200)')
      .description('act on many incidents at once; each is checked and done like its own command'),
  ).action(async (action: string, ids: string[], o: ClientOptions) => {
    const r = await call<BulkResponse>(o, 'POST', '/api/v1/incidents/bulk', { action, ids: ids.map(num) });
    for (const x of r.results)
      process.stdout.write(x.ok ? `#${x.id} ${x.status}\n` : `#${x.id} not done: ${x.error!.message}\n`);
  });
  withServer(
    incident.command('show').argument('<id>', 'incident id').description('show an incident, its levels and why'),
  ).action(async (id: string, o: ClientOptions) =>
    printIncident(await call<IncidentDetail>(o, 'GET', `/api/v1/incidents/${id}`)),
  );

  const risk = program.command('risk').description('risks: signals below every level');
  withServer(risk.command('list').description('open risks')).action(async (o: ClientOptions) => {
    const incidents = await callAll<IncidentSummary>(o, '/api/v1/risks', 'incidents');
    if (incidents.length === 0) process.stdout.write('no open risks\n');
    for (const i of incidents) process.stdout.write(`#${i.id}  ${i.service ?? 'unrouted'}  ${i.title}\n`);
  });
  withServer(
    risk
      .command('promote')
      .argument('<id>', 'risk id')
      .requiredOption('--level <n>', 'level number', num)
      .option('--sequence <s>', 'sequence', 'P')
      .requiredOption('--reason <text>', 'why'),
  ).action(async (id: string, o: ClientOptions & { level: number; sequence: string; reason: string }) => {
    printIncident(
      await call<IncidentDetail>(o, 'POST', `/api/v1/risks/${id}/promote`, {
        sequence: o.sequence,
        level: o.level,
        reason: o.reason,
      }),
    );
  });
  withServer(risk.command('dismiss').argument('<id>', 'risk id').requiredOption('--reason <text>', 'why')).action(
    async (id: string, o: ClientOptions & { reason: string }) => {
      printIncident(await call<IncidentDetail>(o, 'POST', `/api/v1/risks/${id}/dismiss`, { reason: o.reason }));
    },
  );
}
