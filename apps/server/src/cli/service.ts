/**
 * `faultline service …`: the catalog's services and the escalation policy each is paged through. A service's
 * own policy (the config file's, or one linked here by the owning team's managers or an admin) is used before
 * its team's (docs/oncall.md#service-policies).
 */
import type { Command } from 'commander';
import type { ServiceView } from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

function print(s: ServiceView): void {
  const own = s.escalationPolicy;
  const policy = own
    ? `escalation policy ${own.id}${own.source === 'config' ? ' (set in the config file)' : ''}`
    : s.teamPolicy
      ? `team ${s.team}'s escalation policy ${s.teamPolicy}`
      : `team ${s.team}'s on-call list`;
  out(`${s.id.padEnd(24)} team ${s.team.padEnd(16)} paged through ${policy}`);
}

export function registerServiceCommands(program: Command): void {
  const service = program.command('service').description("the catalog's services and their escalation policies");

  withServer(service.command('list').description('services with the escalation policy each is paged through')).action(
    async (o: ClientOptions) => {
      for (const s of await callAll<ServiceView>(o, '/api/v1/services', 'services')) print(s);
    },
  );

  withServer(
    service
      .command('policy')
      .argument('<service>', 'service id')
      .argument('[policy]', 'escalation policy id; leave out with --none')
      .option('--none', "unlink: the team's policy is used")
      .description(
        "link an escalation policy to a service, used before its team's (the team's managers or an admin); the config file's stays",
      ),
  ).action(async (id: string, policy: string | undefined, o: ClientOptions & { none?: boolean }) => {
    if (!policy && !o.none) throw new Error('name a policy, or --none to unlink');
    print(
      await call<ServiceView>(o, 'PATCH', `/api/v1/services/${encodeURIComponent(id)}`, {
        escalationPolicy: o.none ? null : policy,
      }),
    );
  });
}
