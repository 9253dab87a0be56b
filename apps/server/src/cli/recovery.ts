/**
 * `faultline incident playbooks ID` and `faultline incident step run|approve|skip ID PLAYBOOK STEP`: recovery
 * playbooks from the terminal (docs/recovery.md); `faultline playbook list|save FILE|delete ID`: stored
 * playbooks (docs/recovery.md "Saving playbooks").
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse } from 'yaml';
import type { IncidentPlaybooks, PlaybookList, PlaybookSummary } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

function printPlaybooks(v: IncidentPlaybooks): void {
  out(`recovery started: ${v.recoveryStartedAt ?? 'not yet'}`);
  if (v.nudge && !v.recoveryStartedAt) out(`nudge (${v.nudge.at}): ${v.nudge.message}`);
  if (v.playbooks.length === 0) out('no playbook matches this incident');
  for (const p of v.playbooks) {
    out(`${p.name} (${p.id})`);
    p.steps.forEach((s, i) => {
      const approvals = s.approvalsNeeded > 0 ? ` · ${s.approvals.length}/${s.approvalsNeeded} approvals` : '';
      out(
        `  ${i + 1}. ${s.stepId} [${s.method}${s.targets.length ? ` ${s.targets.join(', ')}` : ''}] ${s.status}${approvals}`,
      );
      out(`     ${s.guidance}`);
      if (s.status === 'awaiting_approval') out(`     may approve: ${s.approvers}`);
      if (s.lastAnswer) out(`     answer: HTTP ${s.lastAnswer.status} ${s.lastAnswer.body}`);
      if (s.lastError) out(`     error: ${s.lastError}`);
      if (s.skipReason) out(`     skipped: ${s.skipReason}`);
    });
  }
}

/** Registers `playbook list|save|delete`: the playbooks, and saving one from a YAML file. */
function registerPlaybookCommands(program: Command): void {
  const playbook = program.command('playbook').description('recovery playbooks (config ones are read-only)');
  withServer(playbook.command('list').description('every playbook: id, source, team, steps')).action(
    async (o: ClientOptions) => {
      const { playbooks } = await call<PlaybookList>(o, 'GET', '/api/v1/playbooks');
      for (const p of playbooks)
        out(
          `${p.id}\t${p.source}${p.team ? ` (team ${p.team})` : ''}\t${p.steps.map((s) => `${s.id}:${s.method}`).join(' → ')}`,
        );
    },
  );
  withServer(
    playbook
      .command('save')
      .argument('<file>', 'one playbook as YAML (the config shape, plus an optional team); - for stdin')
      .description('store the playbook, or replace the stored one with its id (secrets left out are kept)'),
  ).action(async (file: string, o: ClientOptions) => {
    const yaml = readFileSync(file === '-' ? 0 : file, 'utf8');
    let doc: unknown = null;
    try {
      doc = parse(yaml);
    } catch {
      // The server names the problem (field `yaml`, with line and column).
    }
    const id = typeof doc === 'object' && doc !== null ? (doc as { id?: unknown }).id : undefined;
    const { playbooks } = await call<PlaybookList>(o, 'GET', '/api/v1/playbooks');
    const exists = typeof id === 'string' && playbooks.some((p) => p.id === id);
    const saved = exists
      ? await call<PlaybookSummary>(o, 'PUT', `/api/v1/playbooks/${encodeURIComponent(String(id))}`, { yaml })
      : await call<PlaybookSummary>(o, 'POST', '/api/v1/playbooks', { yaml });
    out(`${exists ? 'replaced' : 'stored'} playbook ${saved.id} (${saved.steps.length} steps)`);
  });
  withServer(playbook.command('delete').argument('<id>', 'playbook id').description('delete a stored playbook')).action(
    async (id: string, o: ClientOptions) => {
      await call<void>(o, 'DELETE', `/api/v1/playbooks/${encodeURIComponent(id)}`);
      out(`deleted playbook ${id}`);
    },
  );
}

/** Registers the commands under `incident` (call after `registerIncidentCommands`) and `playbook`. */
export function registerRecoveryCommands(program: Command): void {
  registerPlaybookCommands(program);
  const incident =
    program.commands.find((c) => c.name() === 'incident') ?? program.command('incident').description('incidents');
  withServer(
    incident
      .command('playbooks')
      .argument('<id>', 'incident id')
      .description("the incident's recovery playbooks, each step with its state"),
  ).action(async (id: string, o: ClientOptions) => {
    printPlaybooks(await call<IncidentPlaybooks>(o, 'GET', `/api/v1/incidents/${id}/playbooks`));
  });
  const step = incident.command('step').description('act on a recovery step');
  for (const verb of ['run', 'approve'] as const)
    withServer(
      step
        .command(verb)
        .argument('<id>', 'incident id')
        .argument('<playbook>', 'playbook id')
        .argument('<step>', 'step id')
        .description(
          verb === 'run'
            ? 'run a step, or retry a failed one (it waits for approvals when needed)'
            : 'approve a step someone else asked for; the last approval runs it',
        ),
    ).action(async (id: string, playbook: string, stepId: string, o: ClientOptions) => {
      printPlaybooks(
        await call<IncidentPlaybooks>(
          o,
          'POST',
          `/api/v1/incidents/${id}/playbooks/${encodeURIComponent(playbook)}/steps/${encodeURIComponent(stepId)}/${verb}`,
        ),
      );
    });
  withServer(
    step
      .command('skip')
      .argument('<id>', 'incident id')
      .argument('<playbook>', 'playbook id')
      .argument('<step>', 'step id')
      .requiredOption('--reason <text>', 'why it is skipped')
      .description('skip a step, with a reason'),
  ).action(async (id: string, playbook: string, stepId: string, o: ClientOptions & { reason: string }) => {
    printPlaybooks(
      await call<IncidentPlaybooks>(
        o,
        'POST',
        `/api/v1/incidents/${id}/playbooks/${encodeURIComponent(playbook)}/steps/${encodeURIComponent(stepId)}/skip`,
        { reason: o.reason },
      ),
    );
  });
}
