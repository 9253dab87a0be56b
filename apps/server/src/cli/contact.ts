/**
 * `faultline contact …`: a person's contact methods and notification rules (docs/notifications.md), through
 * the API (so the same permissions apply: one's own always, others' only an admin's). `<user>` is a
 * user id, an email, or `me`.
 */
import type { Command } from 'commander';
import type {
  CodeSent,
  ContactMethodView,
  NotificationRule,
  NotificationRuleList,
  UserView,
} from '@faultline/contracts';
import { call, callAll, withServer, type ClientOptions } from './client.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);

/** The user id of `who`: a number, `me`, or an email looked up in the user list. */
async function userId(o: ClientOptions, who: string): Promise<number> {
  if (/^\d+$/.test(who)) return Number(who);
  if (who === 'me') return (await call<UserView>(o, 'GET', '/api/v1/users/me')).id;
  const users = await callAll<UserView>(o, '/api/v1/users', 'users');
  const u = users.find((x) => x.email.toLowerCase() === who.toLowerCase());
  if (!u) {
    process.stderr.write(`no user with the email ${who}\n`);
    process.exit(1);
  }
  return u.id;
}

const line = (c: ContactMethodView) =>
  `${String(c.id).padEnd(6)} ${c.kind.padEnd(6)} ${c.address.padEnd(32)} ${(c.channelId ?? '').padEnd(14)} ${
    c.disabledAt ? `disabled: ${c.disabledReason ?? ''}` : c.verified ? 'verified' : 'NOT VERIFIED (never paged)'
  }${c.label ? `  ${c.label}` : ''}`;

/** `<contactMethodId>:<high|low>:<delayMinutes>`, e.g. `12:high:2`. */
function parseRule(spec: string, all: NotificationRule[] = []): NotificationRule[] {
  const m = /^(\d+):(high|low):(\d+)$/.exec(spec);
  if (!m) throw new Error(`a rule is <contact method id>:<high|low>:<delay minutes>, e.g. 12:high:2 (got ${spec})`);
  return [...all, { contactMethodId: Number(m[1]), urgency: m[2] as 'high' | 'low', delayMinutes: Number(m[3]) }];
}

export function registerContactCommands(program: Command): void {
  const contact = program.command('contact').description("a person's contact methods and notification rules");
  const base = async (o: ClientOptions, who: string) => `/api/v1/users/${await userId(o, who)}`;

  withServer(
    contact.command('list').argument('<user>', 'user id, email or "me"').description('list contact methods'),
  ).action(async (who: string, o: ClientOptions) => {
    const contactMethods = await callAll<ContactMethodView>(
      o,
      `${await base(o, who)}/contact-methods`,
      'contactMethods',
    );
    for (const c of contactMethods) out(line(c));
  });

  withServer(
    contact
      .command('add')
      .argument('<user>', 'user id, email or "me"')
      .description('add a contact method (unverified until its code is entered: see send-code and verify)')
      .requiredOption('--kind <kind>', 'email, sms, voice or chat')
      .requiredOption('--address <address>', 'email address, E.164 number (+14155550100) or chat handle')
      .option('--channel <id>', 'for chat: the configured chat channel')
      .option('--label <label>', 'a name for it, e.g. "work mobile"'),
  ).action(
    async (who: string, o: ClientOptions & { kind: string; address: string; channel?: string; label?: string }) => {
      const c = await call<ContactMethodView>(o, 'POST', `${await base(o, who)}/contact-methods`, {
        kind: o.kind,
        address: o.address,
        ...(o.channel ? { channelId: o.channel } : {}),
        ...(o.label ? { label: o.label } : {}),
      });
      out(line(c));
    },
  );

  withServer(
    contact
      .command('send-code')
      .argument('<user>', 'user id, email or "me"')
      .argument('<method>', 'contact method id (see contact list)')
      .description('send a 6-digit verification code through the method (valid 10 minutes)'),
  ).action(async (who: string, method: string, o: ClientOptions) => {
    const sent = await call<CodeSent>(o, 'POST', `${await base(o, who)}/contact-methods/${method}/send-code`);
    out(`code sent; it expires at ${sent.expiresAt}`);
  });

  withServer(
    contact
      .command('verify')
      .argument('<user>', 'user id, email or "me"')
      .argument('<method>', 'contact method id')
      .argument('<code>', 'the 6-digit code received')
      .description('verify a contact method with its code'),
  ).action(async (who: string, method: string, code: string, o: ClientOptions) => {
    const c = await call<ContactMethodView>(o, 'POST', `${await base(o, who)}/contact-methods/${method}/verify`, {
      code,
    });
    out(line(c));
  });

  withServer(
    contact
      .command('remove')
      .argument('<user>', 'user id, email or "me"')
      .argument('<method>', 'contact method id')
      .description('delete a contact method and the rules that use it'),
  ).action(async (who: string, method: string, o: ClientOptions) => {
    await call(o, 'DELETE', `${await base(o, who)}/contact-methods/${method}`);
    out(`contact method ${method} removed`);
  });

  withServer(
    contact
      .command('rules')
      .argument('<user>', 'user id, email or "me"')
      .description('show notification rules, or replace them all with --rule (repeat it)')
      .option('--rule <method:urgency:delay>', 'e.g. 12:high:0 13:high:2 (replaces the whole list)', parseRule)
      .option('--clear', 'remove every rule'),
  ).action(async (who: string, o: ClientOptions & { rule?: NotificationRule[]; clear?: boolean }) => {
    const path = `${await base(o, who)}/notification-rules`;
    const { rules } =
      o.rule || o.clear
        ? await call<NotificationRuleList>(o, 'PUT', path, { rules: o.rule ?? [] })
        : await call<NotificationRuleList>(o, 'GET', path);
    for (const r of rules) {
      const when = r.delayMinutes === 0 ? 'at once' : `after ${r.delayMinutes} min`;
      const verified = r.contactMethod.verified ? '' : '  (method not verified: skipped)';
      out(
        `${r.urgency.padEnd(5)} ${r.contactMethod.kind.padEnd(6)} ${r.contactMethod.address.padEnd(32)} ${when}${verified}`,
      );
    }
  });
}
