/**
 * `faultline postmortem …`, `faultline action …`, `faultline board` and `faultline incident close`: the
 * closed loop from the terminal (DESIGN §8), through the same API as the console.
 */
import type { Command } from 'commander';
import type { ActionView, BoardView, PostmortemView } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

function printPostmortem(p: PostmortemView): void {
  const out = process.stdout;
  out.write(`postmortem #${p.id} for incident #${p.incidentId} ${p.incidentTitle}\n`);
  out.write(`  ${p.status} · ${p.level ?? 'no level'} · owner ${p.owner ?? '—'} · team ${p.team ?? '—'}\n`);
  out.write(`  due ${p.dueAt}${p.overdue ? ' (OVERDUE)' : ''} on calendar ${p.calendar}\n`);
  out.write(`  template: ${p.templateSource} — ${p.template.join(', ')}\n`);
  const impact = p.sections.impact;
  if (p.template.includes('impact') && impact.declinePercent !== null)
    out.write(`  decline: ${impact.declinePercent} %${impact.declineSource ? ` (${impact.declineSource})` : ''}\n`);
  out.write(`  root cause class: ${p.classification ?? '—'}\n`);
  out.write('  checkpoints:\n');
  for (const c of p.checkpoints) out.write(`    ${c.state.padEnd(7)} ${c.id}${c.detail ? ` — ${c.detail}` : ''}\n`);
  if (p.actions.length) out.write('  actions:\n');
  for (const a of p.actions) printAction(a, '    ');
}

function printAction(a: ActionView, indent = ''): void {
  const sync = a.sync
    ? ` · ${a.sync.tracker}: ${a.sync.url ?? (a.sync.error ? `failed: ${a.sync.error}` : 'pending')}`
    : '';
  process.stdout.write(
    `${indent}#${a.id} [${a.state}${a.overdue ? ', OVERDUE' : ''}] ${a.title} — owner ${a.owner}, verifier ${a.verifier}, due ${a.dueAt}${sync}\n`,
  );
}

export function registerPostmortemCommands(program: Command): void {
  const pm = program.command('postmortem').description('postmortems: deadlines, checkpoints, publishing');
  withServer(pm.command('show').argument('<incident>', 'incident id').description("an incident's postmortem")).action(
    async (incident: string, o: ClientOptions) =>
      printPostmortem(await call<PostmortemView>(o, 'GET', `/api/v1/incidents/${incident}/postmortem`)),
  );
  withServer(
    pm.command('open').argument('<incident>', 'incident id').description('open the postmortem of an incident by hand'),
  ).action(async (incident: string, o: ClientOptions) =>
    printPostmortem(await call<PostmortemView>(o, 'POST', '/api/v1/postmortems', { incidentId: Number(incident) })),
  );
  withServer(
    pm
      .command('edit')
      .argument('<id>', 'postmortem id')
      .description('edit a draft')
      .option('--owner <email>', 'postmortem owner')
      .option('--team <team>', 'owning team')
      .option('--classification <class>', 'root-cause class (see the config: postmortem.classifications)')
      .option('--detection-source <source>', 'monitoring, customer, internal or public-opinion')
      .option('--changes-reviewed', 'record that you reviewed the related changes')
      .option('--monitoring-reviewed', 'record that you reviewed the monitoring')
      .option('--clock-explanation <text>', 'why the 1-5-10 targets were missed')
      .option('--summary <markdown>', 'summary')
      .option('--root-cause <markdown>', 'root cause'),
  ).action(async (id: string, o: ClientOptions & Record<string, string | boolean | undefined>) => {
    const sections = {
      ...(o.summary !== undefined ? { summary: o.summary } : {}),
      ...(o.rootCause !== undefined ? { rootCause: o.rootCause } : {}),
    };
    const body = {
      ...(o.owner !== undefined ? { owner: o.owner } : {}),
      ...(o.team !== undefined ? { team: o.team } : {}),
      ...(o.classification !== undefined ? { classification: o.classification } : {}),
      ...(o.detectionSource !== undefined ? { detectionSource: o.detectionSource } : {}),
      ...(o.changesReviewed ? { changesReviewed: true } : {}),
      ...(o.monitoringReviewed ? { monitoringReviewed: true } : {}),
      ...(o.clockExplanation !== undefined ? { clockExplanation: o.clockExplanation } : {}),
      ...(Object.keys(sections).length ? { sections } : {}),
    };
    printPostmortem(await call<PostmortemView>(o, 'PATCH', `/api/v1/postmortems/${id}`, body));
  });
  withServer(
    pm
      .command('waive')
      .argument('<id>', 'postmortem id')
      .argument('<checkpoint>', 'checkpoint id, e.g. monitoring_reviewed')
      .requiredOption('--reason <text>', 'why it is waived (audited)')
      .description('waive a checkpoint (needs postmortem:review)'),
  ).action(async (id: string, checkpoint: string, o: ClientOptions & { reason: string }) =>
    printPostmortem(
      await call<PostmortemView>(o, 'POST', `/api/v1/postmortems/${id}/waivers`, { checkpoint, reason: o.reason }),
    ),
  );
  withServer(
    pm.command('publish').argument('<id>', 'postmortem id').description('publish (checkpoints must pass)'),
  ).action(async (id: string, o: ClientOptions) =>
    printPostmortem(await call<PostmortemView>(o, 'POST', `/api/v1/postmortems/${id}/publish`)),
  );
  withServer(
    pm.command('markdown').argument('<id>', 'postmortem id').description('print the postmortem as Markdown'),
  ).action(async (id: string, o: ClientOptions) => {
    const token = o.token ?? process.env.FAULTLINE_TOKEN;
    const res = await fetch(`${o.url.replace(/\/$/, '')}/api/v1/postmortems/${id}/markdown`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    if (!res.ok) {
      process.stderr.write(`${res.status}: ${await res.text()}\n`);
      process.exit(1);
    }
    process.stdout.write(await res.text());
  });

  const action = program.command('action').description('improvement actions');
  withServer(
    action
      .command('add')
      .argument('<postmortem>', 'postmortem id')
      .requiredOption('--title <text>', 'what is to be done')
      .requiredOption('--owner <email>', 'who does it')
      .requiredOption('--verifier <email>', 'who accepts it (not the owner)')
      .requiredOption('--acceptance <text>', 'acceptance criteria')
      .requiredOption('--type <type>', 'prevent, detect, mitigate or process')
      .option('--priority <p>', 'high, medium or low', 'medium')
      .option('--due <iso>', 'due time (default: by level, in working days)')
      .option('--team <team>', 'owning team')
      .option('--tracker <email>', 'who tracks it (gets the overdue reminder and digest too)')
      .option('--sync <tracker>', 'mirror it to this configured tracker (postmortem.trackers[].id)')
      .description('add an action to a postmortem'),
  ).action(async (postmortem: string, o: ClientOptions & Record<string, string | undefined>) =>
    printAction(
      await call<ActionView>(o, 'POST', `/api/v1/postmortems/${postmortem}/actions`, {
        title: o.title,
        owner: o.owner,
        verifier: o.verifier,
        acceptanceCriteria: o.acceptance,
        type: o.type,
        priority: o.priority,
        ...(o.due ? { dueAt: o.due } : {}),
        ...(o.team ? { team: o.team } : {}),
        ...(o.tracker ? { tracker: o.tracker } : {}),
        ...(o.sync ? { sync: o.sync } : {}),
      }),
    ),
  );
  withServer(
    action
      .command('move')
      .argument('<id>', 'action id')
      .argument('<state>', 'open, in_progress, done or verified')
      .option('--reason <text>', 'why (needed to reject or reopen)')
      .description('move an action (verify and reject are the verifier’s)'),
  ).action(async (id: string, state: string, o: ClientOptions & { reason?: string }) =>
    printAction(
      await call<ActionView>(o, 'POST', `/api/v1/actions/${id}/move`, {
        to: state,
        ...(o.reason ? { reason: o.reason } : {}),
      }),
    ),
  );

  withServer(
    program
      .command('board')
      .description('faults whose postmortem is not published, overdue actions, pending actions')
      .option('--team <team>', 'only this team')
      .option('--business-line <id>', 'only incidents of this business line')
      .option('--level <level>', 'only this level, e.g. P1')
      .option('--owner <email>', 'only this owner'),
  ).action(async (o: ClientOptions & { team?: string; businessLine?: string; level?: string; owner?: string }) => {
    const q = new URLSearchParams(
      Object.entries({ team: o.team, businessLine: o.businessLine, level: o.level, owner: o.owner }).filter(
        (e): e is [string, string] => !!e[1],
      ),
    );
    const b = await call<BoardView>(o, 'GET', `/api/v1/board${q.size ? `?${q}` : ''}`);
    const out = process.stdout;
    out.write(`Faults (${b.faults.length})\n`);
    for (const f of b.faults)
      out.write(
        `  #${f.incidentId} ${f.title} — ${f.level ?? '—'}, owner ${f.owner ?? '—'}, due ${f.dueAt}${f.overdue ? ' (OVERDUE)' : ''}; missing: ${f.missing.join(', ') || 'nothing'}\n`,
      );
    out.write(`Overdue actions (${b.overdue.length})\n`);
    for (const a of b.overdue) printAction(a, '  ');
    out.write(`Pending actions (${b.pending.length})\n`);
    for (const a of b.pending) printAction(a, '  ');
  });
}

/** `faultline incident close <id>`: closes a resolved incident once its postmortem's checkpoints allow it. */
export function registerIncidentClose(program: Command): void {
  const incident = program.commands.find((c) => c.name() === 'incident');
  if (!incident) return;
  withServer(
    incident
      .command('close')
      .argument('<id>', 'incident id')
      .description('close a resolved incident (its postmortem checkpoints must pass, or give --waiver)')
      .option('--waiver <text>', 'why the postmortem is waived (recorded on the timeline)'),
  ).action(async (id: string, o: ClientOptions & { waiver?: string }) => {
    const r = await call<{ closed: boolean }>(
      o,
      'POST',
      `/api/v1/incidents/${id}/close`,
      o.waiver === undefined ? {} : { waiver: o.waiver },
    );
    process.stdout.write(r.closed ? `closed #${id}\n` : `#${id} was already closed\n`);
  });
}
