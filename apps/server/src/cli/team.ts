/**
 * `faultline team …`: teams, their members and invitations. A team's managers (oncall:write on it) invite,
 * change roles and remove; only an admin adds someone without an invitation. `faultline team invitations`
 * lists the caller's own invitations, which they `accept` or `decline` (docs/identity.md).
 */
import type { Command } from 'commander';
import type { InvitationList, InvitationView, TeamView, UserView } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

function print(t: TeamView): void {
  out(`${t.id} (${t.name}, from ${t.source})`);
  if (t.escalationPolicy) {
    const { id, source } = t.escalationPolicy;
    out(`  escalation policy ${id}${source === 'config' ? ' (set in the config file)' : ''}`);
  }
  for (const m of t.members) out(`  ${m.email.padEnd(32)} ${m.role.padEnd(11)} ${m.source}`);
}

function printInvitation(i: InvitationView): void {
  out(
    `#${i.id} ${i.team.padEnd(16)} ${i.email.padEnd(32)} ${i.role.padEnd(11)} ${i.status.padEnd(9)} ` +
      `by ${i.invitedBy}, expires ${i.expiresAt}`,
  );
}

export function registerTeamCommands(program: Command): void {
  const team = program.command('team').description('teams and their members');

  withServer(team.command('list').description('teams with their members and roles')).action(
    async (o: ClientOptions) => {
      const teams = await callAll<TeamView>(o, '/api/v1/teams', 'teams');
      for (const t of teams) print(t);
    },
  );

  withServer(
    team
      .command('create')
      .argument('<id>', 'team id: lower-case letters, digits and dashes')
      .requiredOption('--name <name>', 'display name')
      .description('create a team (a manager or admin)'),
  ).action(async (id: string, o: ClientOptions & { name: string }) => {
    print(await call<TeamView>(o, 'POST', '/api/v1/teams', { id, name: o.name }));
  });

  withServer(
    team
      .command('policy')
      .argument('<team>', 'team id')
      .argument('[policy]', 'escalation policy id; leave out with --none')
      .option('--none', "unlink: the team's on-call list is paged")
      .description("link an escalation policy to a team (its managers or an admin); the config file's stays"),
  ).action(async (id: string, policy: string | undefined, o: ClientOptions & { none?: boolean }) => {
    if (!policy && !o.none) throw new Error('name a policy, or --none to unlink');
    print(
      await call<TeamView>(o, 'PATCH', `/api/v1/teams/${encodeURIComponent(id)}`, {
        escalationPolicy: o.none ? null : policy,
      }),
    );
  });

  withServer(
    team
      .command('add-member')
      .argument('<team>', 'team id')
      .argument('<email>', "the user's email")
      .option('--role <role>', 'manager, responder, viewer or stakeholder', 'responder')
      .description("add a user to a team without an invitation, or change an API-made member's role (admin)"),
  ).action(async (id: string, email: string, o: ClientOptions & { role: string }) => {
    print(await call<TeamView>(o, 'POST', `/api/v1/teams/${encodeURIComponent(id)}/members`, { email, role: o.role }));
  });

  withServer(
    team
      .command('invite')
      .argument('<team>', 'team id')
      .argument('<email>', "the user's email")
      .option('--role <role>', 'manager, responder, viewer or stakeholder', 'responder')
      .description('invite a user to a team: they are emailed and join when they accept (expires in 7 days)'),
  ).action(async (id: string, email: string, o: ClientOptions & { role: string }) => {
    const path = `/api/v1/teams/${encodeURIComponent(id)}/invitations`;
    printInvitation(await call<InvitationView>(o, 'POST', path, { email, role: o.role }));
  });

  withServer(
    team
      .command('invitations')
      .argument('[team]', 'a team id: its pending invitations (default: your own)')
      .description('pending invitations: your own, or those of a team'),
  ).action(async (id: string | undefined, o: ClientOptions) => {
    const path = id ? `/api/v1/teams/${encodeURIComponent(id)}/invitations` : '/api/v1/invitations';
    const { invitations } = await call<InvitationList>(o, 'GET', path);
    if (invitations.length === 0) out('no pending invitations');
    for (const i of invitations) printInvitation(i);
  });

  for (const [verb, text] of [
    ['accept', 'accept one of your invitations: you join the team'],
    ['decline', 'decline one of your invitations'],
  ] as const) {
    withServer(team.command(verb).argument('<invitation>', 'invitation id (#N)').description(text)).action(
      async (id: string, o: ClientOptions) => {
        const path = `/api/v1/invitations/${encodeURIComponent(id.replace(/^#/, ''))}/${verb}`;
        printInvitation(await call<InvitationView>(o, 'POST', path));
      },
    );
  }

  withServer(
    team
      .command('cancel-invitation')
      .argument('<invitation>', 'invitation id (#N)')
      .description("cancel a pending invitation (the team's managers, or an admin)"),
  ).action(async (id: string, o: ClientOptions) => {
    await call<void>(o, 'DELETE', `/api/v1/invitations/${encodeURIComponent(id.replace(/^#/, ''))}`);
    out(`invitation ${id} cancelled`);
  });

  withServer(
    team
      .command('remove-member')
      .argument('<team>', 'team id')
      .argument('<email>', "the user's email")
      .description('remove a user from a team (members from the config file are removed there)'),
  ).action(async (id: string, email: string, o: ClientOptions) => {
    const users = await callAll<UserView>(o, '/api/v1/users', 'users');
    const u = users.find((x) => x.email === email.trim().toLowerCase());
    if (!u) {
      process.stderr.write(`there is no user ${email}\n`);
      process.exit(1);
    }
    print(await call<TeamView>(o, 'DELETE', `/api/v1/teams/${encodeURIComponent(id)}/members/${u.id}`));
  });
}
