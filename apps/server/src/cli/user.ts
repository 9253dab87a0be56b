/** `faultline user …`: people (list; create, set-role and disable need an admin token). */
import type { Command } from 'commander';
import type { UserView } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

/** The user with this email (the API addresses users by id). Exits 1 when there is none. */
async function byEmail(o: ClientOptions, email: string): Promise<UserView> {
  const users = await callAll<UserView>(o, '/api/v1/users', 'users');
  const u = users.find((x) => x.email === email.trim().toLowerCase());
  if (!u) {
    process.stderr.write(`there is no user ${email}\n`);
    process.exit(1);
  }
  return u;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('people who sign in and get paged');

  withServer(
    user
      .command('create')
      .description(
        'create a user (admin); the password is read from FAULTLINE_NEW_PASSWORD, never from the command line',
      )
      .requiredOption('--email <email>', 'their email (lower-cased; unique)')
      .requiredOption('--name <name>', 'their name')
      .option('--role <role>', 'stakeholder, viewer, responder, manager or admin', 'responder')
      .option('--phone <e164>', 'phone number, e.g. +14155550100')
      .option('--time-zone <zone>', 'IANA time zone, e.g. Europe/Berlin', 'UTC')
      .option('--locale <tag>', 'BCP 47 language tag', 'en'),
  ).action(
    async (
      o: ClientOptions & {
        email: string;
        name: string;
        role: string;
        phone?: string;
        timeZone: string;
        locale: string;
      },
    ) => {
      // Command lines end up in shell history and process lists; a password does not belong there.
      const password = process.env.FAULTLINE_NEW_PASSWORD;
      const u = await call<UserView>(o, 'POST', '/api/v1/users', {
        email: o.email,
        name: o.name,
        role: o.role,
        timeZone: o.timeZone,
        locale: o.locale,
        ...(o.phone ? { phone: o.phone } : {}),
        ...(password ? { password } : {}),
      });
      out(`user ${u.id} ${u.email} (${u.role})${u.hasPassword ? ' with a password' : ''}`);
    },
  );

  withServer(user.command('list').description('every user with their teams')).action(async (o: ClientOptions) => {
    const users = await callAll<UserView>(o, '/api/v1/users', 'users');
    for (const u of users) {
      const teams = u.teams.map((t) => `${t.team}:${t.role}`).join(',');
      out(
        `${String(u.id).padEnd(5)} ${u.email.padEnd(32)} ${u.role.padEnd(11)} ${u.timeZone.padEnd(20)} ${teams || '-'}${u.disabled ? '  disabled' : ''}`,
      );
    }
  });

  withServer(
    user
      .command('set-role')
      .argument('<email>', "the user's email")
      .argument('<role>', 'stakeholder, viewer, responder, manager or admin')
      .description("change a user's server-wide role (admin)"),
  ).action(async (email: string, role: string, o: ClientOptions) => {
    const u = await byEmail(o, email);
    const after = await call<UserView>(o, 'PATCH', `/api/v1/users/${u.id}`, { role });
    out(`${after.email} is now ${after.role}`);
  });

  withServer(
    user
      .command('disable')
      .argument('<email>', "the user's email")
      .option('--enable', 'enable the account again instead')
      .description('disable a user (admin): their sessions and personal tokens stop at once'),
  ).action(async (email: string, o: ClientOptions & { enable?: boolean }) => {
    const u = await byEmail(o, email);
    const after = await call<UserView>(o, 'PATCH', `/api/v1/users/${u.id}`, { disabled: !o.enable });
    out(`${after.email} is ${after.disabled ? 'disabled' : 'enabled'}`);
  });
}
