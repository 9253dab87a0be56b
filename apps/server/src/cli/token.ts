/** `faultline token …`: API tokens (an admin: any; a person: their own personal tokens). */
import type { Command } from 'commander';
import type { TokenCreated, TokenView } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);
const collect = (value: string, previous: string[] = []) => [...previous, ...value.split(',').filter(Boolean)];

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens');

  withServer(
    token
      .command('create')
      .description('create an API token; the secret is printed once')
      .requiredOption('--name <name>', 'who acts with it: an email for people, a name for a program')
      .requiredOption('--role <role>', 'stakeholder, viewer, responder, manager or admin')
      .option(
        '--scope <permission>',
        'limit it to a permission, e.g. incident:read (repeat or comma-separate)',
        collect,
      )
      .option('--team <team>', 'limit it to one team')
      .option('--user <email>', "a personal token acting as this person (never above the person's role)"),
  ).action(
    async (o: ClientOptions & { name: string; role: string; scope?: string[]; team?: string; user?: string }) => {
      const t = await call<TokenCreated>(o, 'POST', '/api/v1/tokens', {
        name: o.name,
        role: o.role,
        ...(o.scope ? { scopes: o.scope } : {}),
        ...(o.team ? { team: o.team } : {}),
        ...(o.user ? { user: o.user } : {}),
      });
      out(`token ${t.id} for ${t.name} (${t.role}); it is shown only now:`);
      out(t.token);
    },
  );

  withServer(token.command('list').description('API tokens, without their secrets')).action(
    async (o: ClientOptions) => {
      const tokens = await callAll<TokenView>(o, '/api/v1/tokens', 'tokens');
      for (const t of tokens) out(line(t));
    },
  );

  withServer(
    token
      .command('revoke')
      .argument('<id>', 'token id (see token list)')
      .description('revoke an API token (the console sessions and live streams started with it end too)'),
  ).action(async (id: string, o: ClientOptions) => {
    const t = await call<TokenView>(o, 'DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
    out(`token ${t.id} of ${t.name} revoked`);
  });
}

function line(t: TokenView): string {
  const limits = [
    t.user ? `as ${t.user}` : '',
    t.team ? `team ${t.team}` : '',
    t.scopes ? `scopes ${t.scopes.join(',')}` : '',
    t.lastUsedAt ? `used ${t.lastUsedAt.slice(0, 16).replace('T', ' ')}` : '',
  ].filter(Boolean);
  return `${String(t.id).padEnd(5)} ${t.name.padEnd(32)} ${t.role.padEnd(11)} ${t.createdAt.slice(0, 16).replace('T', ' ')}${t.revoked ? '  revoked' : ''}${limits.length ? `  ${limits.join('  ')}` : ''}`;
}
