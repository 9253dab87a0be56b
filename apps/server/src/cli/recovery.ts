/**
 * `faultline incident playbooks ID` and `faultline incident step run|approve|skip ID PLAYBOOK STEP`: recovery
 * playbooks from the terminal (docs/recovery.md).
 */
import type { Command } from 'commander';
import type { IncidentPlaybooks } from '@faultline/contracts';
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

/** Registers the commands under `incident` (call after `registerIncidentCommands`). */
export function registerRecoveryCommands(program: Command): void {
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
