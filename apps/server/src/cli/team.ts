/** `faultline team …`: teams and their members (changes need oncall:write on the team, or an admin). */
import type { Command } from 'commander';
import type { TeamList, TeamView, UserList } from '@faultline/contracts';
import { call, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

function print(t: TeamView): void {
  out(`${t.id} (${t.name}, from ${t.source})`);
  for (const m of t.members) out(`  ${m.email.padEnd(32)} ${m.role.padEnd(11)} ${m.source}`);
}

export function registerTeamCommands(program: Command): void {
  const team = program.command('team').description('teams and their members');

  withServer(team.command('list').description('teams with their members and roles')).action(
    async (o: ClientOptions) => {
      const { teams } = await call<TeamList>(o, 'GET', '/api/v1/teams');
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
      .command('add-member')
      .argument('<team>', 'team id')
      .argument('<email>', "the user's email")
      .option('--role <role>', 'manager, responder, viewer or stakeholder', 'responder')
      .description("add a user to a team, or change an API-made member's role"),
  ).action(async (id: string, email: string, o: ClientOptions & { role: string }) => {
    print(await call<TeamView>(o, 'POST', `/api/v1/teams/${encodeURIComponent(id)}/members`, { email, role: o.role }));
  });

  withServer(
    team
      .command('remove-member')
      .argument('<team>', 'team id')
      .argument('<email>', "the user's email")
      .description('remove a user from a team (members from the config file are removed there)'),
  ).action(async (id: string, email: string, o: ClientOptions) => {
    const { users } = await call<UserList>(o, 'GET', '/api/v1/users');
    const u = users.find((x) => x.email === email.trim().toLowerCase());
    if (!u) {
      process.stderr.write(`there is no user ${email}\n`);
      process.exit(1);
    }
    print(await call<TeamView>(o, 'DELETE', `/api/v1/teams/${encodeURIComponent(id)}/members/${u.id}`));
  });
}
