/**
 * `faultline change run|record|list|evaluate` and `faultline incident suspects|label-change`: changes from the terminal
 * (docs/changes.md). `change run` wraps a deploy command: it records the start, runs the command with the
 * terminal attached, records the end and the exit status, and exits with the command's status.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import type { ChangeList, ChangeView, RankingEvaluation, SuspectChanges } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

interface ChangeOptions extends ClientOptions {
  service: string[];
  kind: string;
  summary?: string;
  author?: string;
  environment?: string;
  label: string[];
  link?: string;
  rollbackOf?: string;
  externalId?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `name=value` options as labels; exits 1 on a malformed one. */
function labelsOf(list: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of list) {
    const at = item.indexOf('=');
    if (at <= 0) {
      process.stderr.write(`--label ${item}: use name=value, e.g. region=eu-west-1\n`);
      process.exit(1);
    }
    labels[item.slice(0, at)] = item.slice(at + 1);
  }
  return labels;
}

function changeBody(o: ChangeOptions, summary: string) {
  return {
    kind: o.kind,
    summary,
    services: o.service,
    source: 'cli',
    ...(o.author ? { author: o.author } : process.env.USER ? { author: process.env.USER } : {}),
    ...(o.environment ? { environment: o.environment } : {}),
    ...(o.label.length ? { labels: labelsOf(o.label) } : {}),
    ...(o.link ? { url: o.link } : {}),
    ...(o.rollbackOf ? { rollbackOf: Number(o.rollbackOf) } : {}),
    ...(o.externalId ? { externalId: o.externalId } : {}),
  };
}

function changeOptions(cmd: Command): Command {
  return withServer(
    cmd
      .requiredOption('--service <id>', 'a service the change lands on (repeat for several)', collect, [])
      .option('--kind <kind>', 'deploy, config, flag, migration or infra', 'deploy')
      .option('--author <who>', 'who made it (default: $USER)')
      .option('--environment <env>', 'environment, e.g. production')
      .option('--label <name=value>', 'where it lands, e.g. region=eu-west-1 (repeatable)', collect, [])
      .option('--link <url>', 'a link to the pipeline run or pull request')
      .option('--rollback-of <id>', 'the id of the change this one rolls back')
      .option('--external-id <id>', "the pipeline's id for it (a repeat updates the change)"),
  );
}

function line(c: ChangeView): string {
  const end = c.endedAt ? `→ ${c.endedAt}` : '(rolling out)';
  const exit = c.exitCode === null ? '' : ` exit ${c.exitCode}`;
  return `#${c.id} ${c.kind} on ${c.services.join(', ')}: ${c.summary}\n    ${c.startedAt} ${end} · ${c.status}${exit} · ${c.source}${c.author ? ` · ${c.author}` : ''}`;
}

/** Runs the command with the terminal attached; resolves with its exit code (128 + n for a signal). */
function runCommand(argv: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    const forward = (sig: NodeJS.Signals) => () => child.kill(sig);
    const onInt = forward('SIGINT');
    const onTerm = forward('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
    const done = (code: number) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code);
    };
    child.on('error', (e) => {
      process.stderr.write(`cannot run ${argv[0]}: ${e.message}\n`);
      done(127);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 128 + (SIGNALS[signal] ?? 0) : 1)));
  });
}
const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/**
 * Registers `change …`, and `incident suspects|label-change` under the `incident` command (call after
 * `registerIncidentCommands`; without it they get an `incident` command of their own).
 */
export function registerChangeCommands(program: Command): void {
  const incident =
    program.commands.find((c) => c.name() === 'incident') ?? program.command('incident').description('incidents');
  registerSuspectCommands(incident);
  const change = program.command('change').description('changes: deploys, config changes, flag flips, migrations');

  changeOptions(
    change
      .command('run')
      .description('record a change around a command: its start, its end and its exit status (exits with it)')
      .argument('<command...>', 'the command, after --, e.g. -- ./deploy.sh v1.2.3')
      .option('--summary <text>', 'what it changes (default: the command line)'),
  ).action(async (argv: string[], o: ChangeOptions) => {
    const started = await call<ChangeView>(o, 'POST', '/api/v1/changes', changeBody(o, o.summary ?? argv.join(' ')));
    process.stderr.write(`faultline: change #${started.id} started\n`);
    const code = await runCommand(argv);
    const ended = await call<ChangeView>(o, 'PATCH', `/api/v1/changes/${started.id}`, {
      status: code === 0 ? 'succeeded' : 'failed',
      exitCode: code,
    });
    process.stderr.write(`faultline: change #${ended.id} ${ended.status} (exit ${code})\n`);
    process.exit(code);
  });

  changeOptions(
    change
      .command('record')
      .description('record a change that has happened (or started)')
      .requiredOption('--summary <text>', 'what it changed')
      .option('--started-at <iso>', 'when it started (default: now)')
      .option('--ended-at <iso>', 'when it ended (default: still rolling out)'),
  ).action(async (o: ChangeOptions & { summary: string; startedAt?: string; endedAt?: string }) => {
    const c = await call<ChangeView>(o, 'POST', '/api/v1/changes', {
      ...changeBody(o, o.summary),
      ...(o.startedAt ? { startedAt: o.startedAt } : {}),
      ...(o.endedAt ? { endedAt: o.endedAt } : {}),
    });
    out(line(c));
  });

  withServer(
    change
      .command('list')
      .description('changes, newest start first')
      .option('--service <id>', 'only those on this service')
      .option('--kind <kind>', 'only this kind')
      .option('--source <source>', 'api, cli, pagerduty or webhook')
      .option('--from <iso>', 'started at or after')
      .option('--to <iso>', 'started before')
      .option('--limit <n>', 'how many', '50')
      .option('--cursor <cursor>', 'the next page: the cursor printed after the previous one')
      .option('--json', 'print them as JSON'),
  ).action(async (o: ClientOptions & Record<string, string | undefined> & { json?: boolean }) => {
    const q = new URLSearchParams();
    for (const k of ['service', 'kind', 'source', 'from', 'to', 'limit', 'cursor']) if (o[k]) q.set(k, o[k]!);
    const list = await call<ChangeList>(o, 'GET', `/api/v1/changes?${q}`);
    if (o.json) {
      out(JSON.stringify(list, null, 2));
      return;
    }
    if (list.changes.length === 0) out('no changes');
    for (const c of list.changes) out(line(c));
    if (list.nextCursor !== null) out(`more: --cursor ${list.nextCursor}`);
  });

  withServer(
    change
      .command('evaluate')
      .description('how the suspect ranking did on incidents with a change labelled caused, against recency alone')
      .option('--from <iso>', 'incidents whose impact started at or after')
      .option('--to <iso>', 'incidents whose impact started before')
      .option('--json', 'print it as JSON'),
  ).action(async (o: ClientOptions & { from?: string; to?: string; json?: boolean }) => {
    const q = new URLSearchParams();
    if (o.from) q.set('from', o.from);
    if (o.to) q.set('to', o.to);
    const e = await call<RankingEvaluation>(o, 'GET', `/api/v1/changes/ranking-evaluation?${q}`);
    if (o.json) {
      out(JSON.stringify(e, null, 2));
      return;
    }
    out(`${e.incidents} incident${e.incidents === 1 ? '' : 's'} with a change labelled caused`);
    const score = (name: string, m: RankingEvaluation['ranking']) =>
      out(`${name}: first ${m.top1}, top 3 ${m.top3}, not ranked ${m.notRanked}, MRR ${m.mrr ?? '-'}`);
    score('ranking', e.ranking);
    score('recency', e.recency);
    for (const r of e.rows)
      out(`  #${r.incidentId} ${r.title}: rank ${r.rank ?? '-'} (recency ${r.recencyRank ?? '-'}) of ${r.candidates}`);
  });
}

function printSuspects(s: SuspectChanges): void {
  out(`impact started ${s.impactStartedAt}; change introduced: ${s.changeIntroducedAt ?? 'unknown'}`);
  if (s.suspects.length === 0) out('no suspect changes');
  for (const x of s.suspects) {
    const v = x.verdict ? `  [${x.verdict.verdict}: ${x.verdict.why}]` : '';
    out(`${x.rank}. score ${x.score}  ${line(x.change)}${v}`);
    for (const r of x.reasons) out(`      × ${r.factor}  ${r.text}`);
  }
}

/** `faultline incident suspects <id>` and `faultline incident label-change <id> <change>` (under `incident`). */
function registerSuspectCommands(incident: Command): void {
  withServer(
    incident
      .command('suspects')
      .argument('<id>', 'incident id')
      .description("the incident's suspect changes, ranked, with their reasons"),
  ).action(async (id: string, o: ClientOptions) => {
    printSuspects(await call<SuspectChanges>(o, 'GET', `/api/v1/incidents/${id}/suspect-changes`));
  });
  withServer(
    incident
      .command('label-change')
      .argument('<id>', 'incident id')
      .argument('<change>', 'change id')
      .description(
        'label a change caused, fixed, suspect or dismissed for this incident (caused sets change_introduced_at)',
      )
      .requiredOption('--verdict <v>', 'caused, fixed, suspect or dismissed')
      .requiredOption('--why <text>', 'why'),
  ).action(async (id: string, changeId: string, o: ClientOptions & { verdict: string; why: string }) => {
    printSuspects(
      await call<SuspectChanges>(o, 'POST', `/api/v1/incidents/${id}/suspect-changes/${changeId}/verdict`, {
        verdict: o.verdict,
        why: o.why,
      }),
    );
  });
}
