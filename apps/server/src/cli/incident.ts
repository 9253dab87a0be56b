/** `faultline incident …` and `faultline risk …`: people grade incidents from the terminal. */
import type { Command } from 'commander';
import type { IncidentDetail, IncidentSummary } from '@faultline/contracts';
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
