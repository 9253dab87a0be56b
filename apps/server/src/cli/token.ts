/** `faultline token …`: API tokens for people and automation (admin only). */
import type { Command } from 'commander';
import { call, withServer, type ClientOptions } from './client.ts';

interface TokenView {
  id: number;
  name: string;
  role: string;
  createdAt: string;
  expiresAt: string | null;
  revoked: boolean;
}

const out = (text: string) => process.stdout.write(`${text}\n`);

export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens (admin only)');

  withServer(
    token
      .command('create')
      .description('create an API token; the secret is printed once')
      .requiredOption('--name <name>', 'who acts with it: an email for people')
      .requiredOption('--role <role>', 'admin, responder or viewer'),
  ).action(async (o: ClientOptions & { name: string; role: string }) => {
    const t = await call<{ id: number; token: string; name: string; role: string }>(o, 'POST', '/api/v1/tokens', {
      name: o.name,
      role: o.role,
    });
    out(`token ${t.id} for ${t.name} (${t.role}); it is shown only now:`);
    out(t.token);
  });

  withServer(token.command('list').description('API tokens, without their secrets')).action(
    async (o: ClientOptions) => {
      const { tokens } = await call<{ tokens: TokenView[] }>(o, 'GET', '/api/v1/tokens');
      for (const t of tokens) {
        out(
          `${String(t.id).padEnd(5)} ${t.name.padEnd(32)} ${t.role.padEnd(10)} ${t.createdAt.slice(0, 16).replace('T', ' ')}${t.revoked ? '  revoked' : ''}`,
        );
      }
    },
  );

  withServer(
    token.command('revoke').argument('<id>', 'token id (see token list)').description('revoke an API token'),
  ).action(async (id: string, o: ClientOptions) => {
    const t = await call<TokenView>(o, 'DELETE', `/api/v1/tokens/${encodeURIComponent(id)}`);
    out(`token ${t.id} of ${t.name} revoked`);
  });
}
