/**
 * `faultline incident declare | room | note | paste | key-time | role | check-in | invite | update |
 * mitigate | cancel | reopen | close`: the response room from the terminal (issue 17), through the same
 * endpoints as the console.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { IncidentDetail, ResponseRoom } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

const fmtMs = (ms: number | null) =>
  ms === null ? '—' : `${Math.floor(ms / 60_000)}m${Math.floor((ms % 60_000) / 1000)}s`;

/** The room as text: clock, roles, group, key times, the last update. */
export function printRoom(r: ResponseRoom): void {
  const out: string[] = [`#${r.incidentId} room`];
  out.push(
    `  1-5-10: ${r.clock.stages
      .map(
        (s) =>
          `${s.stage} ${s.state}${s.state === 'not-applicable' ? '' : ` ${fmtMs(s.elapsedMs)}/${fmtMs(s.targetMs)}`}`,
      )
      .join(' · ')}`,
  );
  for (const s of r.roles)
    out.push(
      `  ${s.name.padEnd(13)} ${s.holder ?? (s.required ? 'EMPTY (required)' : 'empty')}${
        s.pending ? ` (hand-over to ${s.pending.to} pending)` : ''
      }`,
    );
  if (r.group.length) out.push(`  group: ${r.group.map((m) => `${m.person} ${m.state}`).join(', ')}`);
  for (const k of r.keyTimes) if (k.at) out.push(`  ${k.label.padEnd(22)} ${k.at}`);
  const last = r.updates.at(-1);
  if (last) out.push(`  last update ${last.at} (${last.phase}): ${last.impact}`);
  if (r.cadence.state === 'overdue') out.push(`  UPDATE OVERDUE since ${r.cadence.dueAt}`);
  else if (r.cadence.dueAt) out.push(`  next update due ${r.cadence.dueAt}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Registers the room's commands under `faultline incident` (made by incident.ts). */
export function registerRoomCommands(program: Command): void {
  const incident = program.commands.find((c) => c.name() === 'incident');
  if (!incident) throw new Error('register the incident commands first');
  const act = (o: ClientOptions, id: string, path: string, body: unknown, method = 'POST') =>
    call<ResponseRoom>(o, method, `/api/v1/incidents/${id}/${path}`, body).then(printRoom);

  withServer(
    incident
      .command('declare')
      .description('declare (report) an incident; it is graded and paged like any other')
      .requiredOption('--title <text>', 'what is wrong')
      .requiredOption('--source <source>', 'customer, internal, public-opinion or monitoring')
      .option('--service <id>', 'catalog service')
      .option('--level <n>', 'level (1 = most severe); omit for a risk', Number)
      .option('--sequence <s>', 'sequence', 'P')
      .option('--reporter <who>', 'who reported it (default: you)')
      .option('--description <text>', 'what is known')
      .option('--impact-started-at <iso>', 'when the impact began'),
  ).action(async (o: ClientOptions & Record<string, string | number | undefined>) => {
    const body = {
      title: o.title,
      source: o.source,
      sequence: o.sequence,
      ...(o.service ? { service: o.service } : {}),
      ...(o.level !== undefined ? { level: o.level } : {}),
      ...(o.reporter ? { reporter: o.reporter } : {}),
      ...(o.description ? { description: o.description } : {}),
      ...(o.impactStartedAt ? { impactStartedAt: o.impactStartedAt } : {}),
    };
    const d = await call<IncidentDetail>(o, 'POST', '/api/v1/incidents', body);
    process.stdout.write(`declared #${d.id} ${d.title} (${Object.values(d.levels).join(' ') || 'risk'})\n`);
  });
  withServer(incident.command('room').argument('<id>', 'incident id').description('show the response room')).action(
    async (id: string, o: ClientOptions) =>
      printRoom(await call<ResponseRoom>(o, 'GET', `/api/v1/incidents/${id}/room`)),
  );
  withServer(
    incident
      .command('note')
      .argument('<id>', 'incident id')
      .argument('<text>', 'the note')
      .option('--key-time <code>', 'also set this key time, e.g. cause_located_at')
      .option('--at <iso>', 'when it happened (default now)'),
  ).action((id: string, text: string, o: ClientOptions & { keyTime?: string; at?: string }) =>
    act(o, id, 'notes', { text, ...(o.keyTime ? { keyTime: o.keyTime } : {}), ...(o.at ? { at: o.at } : {}) }),
  );
  withServer(
    incident
      .command('paste')
      .argument('<id>', 'incident id')
      .argument('<file>', 'lines "2026-12-01 18:01, who did what" (- for stdin)')
      .option('--zone <tz>', 'time zone of the lines', 'UTC'),
  ).action((id: string, file: string, o: ClientOptions & { zone: string }) =>
    act(o, id, 'timeline/paste', { text: readFileSync(file === '-' ? 0 : file, 'utf8'), timeZone: o.zone }),
  );
  withServer(
    incident
      .command('key-time')
      .argument('<id>', 'incident id')
      .argument('<code>', 'e.g. impact_started_at')
      .argument('<at>', 'ISO 8601 instant, or "none" to clear')
      .requiredOption('--reason <text>', 'why (audited)'),
  ).action((id: string, code: string, at: string, o: ClientOptions & { reason: string }) =>
    act(o, id, 'key-times', { milestones: { [code]: at === 'none' ? null : at }, reason: o.reason }, 'PATCH'),
  );
  withServer(
    incident
      .command('role')
      .argument('<id>', 'incident id')
      .argument('<action>', 'claim, assign, request, confirm, decline, cancel, force or release')
      .argument('<role>', 'coordinator, responder, investigator or communicator')
      .option('--to <email>', 'the person (assign, request, force)')
      .option('--reason <text>', 'why'),
  ).action((id: string, action: string, role: string, o: ClientOptions & { to?: string; reason?: string }) =>
    act(o, id, 'roles', { action, role, ...(o.to ? { to: o.to } : {}), ...(o.reason ? { reason: o.reason } : {}) }),
  );
  withServer(
    incident
      .command('check-in')
      .argument('<id>', 'incident id')
      .option('--decline', 'decline instead of joining')
      .option('--note <text>', 'a word for the group'),
  ).action((id: string, o: ClientOptions & { decline?: boolean; note?: string }) =>
    act(o, id, 'group/check-in', { state: o.decline ? 'declined' : 'joined', ...(o.note ? { note: o.note } : {}) }),
  );
  withServer(
    incident
      .command('invite')
      .argument('<id>', 'incident id')
      .option('--person <email>', 'a person')
      .option('--team <id>', 'every member of a team'),
  ).action((id: string, o: ClientOptions & { person?: string; team?: string }) =>
    act(o, id, 'group/invite', { ...(o.person ? { person: o.person } : {}), ...(o.team ? { team: o.team } : {}) }),
  );
  withServer(
    incident
      .command('update')
      .argument('<id>', 'incident id')
      .requiredOption('--impact <text>', 'what users see now')
      .option('--phase <phase>', 'investigating, identified, monitoring or resolved', 'investigating')
      .option('--actions <text>', 'what is being done', '')
      .option('--next <minutes>', 'next update within this many minutes', Number)
      .option('--audience <a...>', 'group, internal, public', ['group', 'internal'])
      .option('--public-title <text>', "the status page's title (required on the first public update)")
      .option('--public-message <text>', 'what the status page says (default: --impact)')
      .option(
        '--component <id=status...>',
        'a status page component and its status, e.g. checkout=major-outage (repeatable)',
        [] as string[],
      ),
  ).action(
    (
      id: string,
      o: ClientOptions & {
        impact: string;
        phase: string;
        actions: string;
        next?: number;
        audience: string[];
        publicTitle?: string;
        publicMessage?: string;
        component: string[];
      },
    ) =>
      act(o, id, 'updates', {
        phase: o.phase,
        impact: o.impact,
        actions: o.actions,
        audiences: o.audience,
        ...(o.next ? { nextUpdateInMinutes: o.next } : {}),
        ...(o.publicTitle ? { publicTitle: o.publicTitle } : {}),
        ...(o.publicMessage ? { publicMessage: o.publicMessage } : {}),
        // `id=status` pairs; a pair without `=` is sent as is and refused by the server, naming it.
        ...(o.component.length
          ? {
              components: Object.fromEntries(
                o.component.map((c) => [c.split('=')[0], c.split('=').slice(1).join('=')]),
              ),
            }
          : {}),
      }),
  );
  for (const [name, what] of [
    ['mitigate', 'mark service restored'],
    ['cancel', 'cancel a false alarm (it counts nowhere)'],
    ['reopen', 'reopen a mitigated, resolved or cancelled incident'],
  ] as const)
    withServer(
      incident
        .command(name)
        .argument('<id>', 'incident id')
        .description(what)
        .option('--reason <text>', 'why (required to cancel or reopen)', ''),
    ).action((id: string, o: ClientOptions & { reason: string }) => act(o, id, name, { reason: o.reason }));
}
