/**
 * The inbound email door (docs/operations.md#inbound-email): an SMTP listener (`smtp-server`) that accepts
 * mail for integrations of source `email` — `<integration-key>@<domain>`, or an integration's configured
 * `email.address` — parses it (`mailparser`) and commits one alert per recipient integration as an intake
 * event, like the HTTP doors, before it answers 250. Off unless `intake.email` is configured.
 *
 * Refusals, with SMTP's codes: an unknown recipient at RCPT TO (550 5.1.1), a message over `maxMessageBytes`
 * (552 5.3.4, from the SIZE declared at MAIL FROM or while receiving), a message that cannot be parsed (554);
 * a failure to commit is temporary (451), so the sending server retries. No AUTH and no STARTTLS: put it
 * behind the mail relay that receives for the domain, or on a private network.
 */
import { SMTPServer, type SMTPServerAddress, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { convert } from 'html-to-text';
import { toStorableText } from '@faultline/contracts';
import type { Runtime } from '../kernel/index.ts';
import type { IntakeBatcher } from './batcher.ts';
import type { EmailIntakeConfig, IntegrationConfig } from './config.ts';
import { commitEvent } from './accept.ts';
import { takeAlertPings } from './heartbeats.ts';
import { parseEmail, type EmailMessage } from './sources/email.ts';

/** A running listener. */
export interface EmailIntake {
  /** The port it listens on (the one chosen when the config says 0). */
  port: number;
  close(): Promise<void>;
}

/** An SMTP reply: smtp-server sends `responseCode` and the message. */
function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * The integration a recipient address reaches, or undefined: `<key>@<domain>` (the key as written, the domain
 * in any case) for an integration of source `email`, or an email integration's `email.address` (any case).
 */
export function integrationForAddress(
  integrations: ReadonlyMap<string, IntegrationConfig>,
  domain: string,
  address: string,
): IntegrationConfig | undefined {
  const at = address.lastIndexOf('@');
  if (at <= 0) return undefined;
  const local = address.slice(0, at);
  const host = address.slice(at + 1).toLowerCase();
  if (host === domain.toLowerCase()) {
    const byKey = integrations.get(local);
    if (byKey?.source === 'email') return byKey;
  }
  const lower = address.toLowerCase();
  for (const i of integrations.values()) {
    if (i.source === 'email' && i.email?.address?.toLowerCase() === lower) return i;
  }
  return undefined;
}

function firstAddress(from: AddressObject | AddressObject[] | undefined): string | undefined {
  const list = Array.isArray(from) ? from : from ? [from] : [];
  for (const a of list) for (const v of a.value) if (v.address) return v.address.toLowerCase();
  return undefined;
}

/** mailparser's message as the pure parser reads it. */
export function emailMessageOf(mail: ParsedMail): EmailMessage {
  const headers = new Map<string, string>();
  for (const h of mail.headerLines) {
    const name = h.key.toLowerCase();
    if (headers.has(name)) continue;
    const colon = h.line.indexOf(':');
    headers.set(name, (colon >= 0 ? h.line.slice(colon + 1) : h.line).replace(/\r?\n[ \t]+/g, ' ').trim());
  }
  return {
    subject: mail.subject,
    // An HTML-only message (Alertmanager's default template) is read as text; links and images left out.
    text:
      mail.text ??
      (typeof mail.html === 'string'
        ? convert(mail.html, {
            wordwrap: false,
            selectors: [
              { selector: 'a', options: { ignoreHref: true } },
              { selector: 'img', format: 'skip' },
            ],
          })
        : undefined),
    from: firstAddress(mail.from),
    messageId: mail.messageId,
    headers,
    date: mail.date,
  };
}

/** Reads the message, at most `max` bytes; null when it was larger (the rest is drained). */
async function readLimited(stream: SMTPServerDataStream, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) over = true;
    if (!over) chunks.push(chunk);
  }
  return over || stream.sizeExceeded ? null : Buffer.concat(chunks);
}

/**
 * Starts the listener on `conf.host`:`conf.port`. Recipients are checked against the config at each RCPT TO
 * (a reload's integrations count at once); the listen address and port change only with a restart.
 */
export async function startEmailIntake(
  rt: Runtime,
  batcher: IntakeBatcher,
  conf: EmailIntakeConfig,
): Promise<EmailIntake> {
  const max = conf.maxMessageBytes;
  const recipients = (session: SMTPServerSession): IntegrationConfig[] => {
    const found = new Map<string, IntegrationConfig>();
    for (const r of session.envelope.rcptTo) {
      const i = integrationForAddress(rt.config().integrations, conf.domain, r.address);
      if (i) found.set(i.key, i);
    }
    return [...found.values()];
  };
  const server = new SMTPServer({
    name: conf.domain,
    banner: 'Faultline inbound email',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: max,
    maxClients: 100,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      if (!integrationForAddress(rt.config().integrations, conf.domain, address.address)) {
        callback(smtpError(550, `5.1.1 <${address.address}>: no such integration here`));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      void (async () => {
        const raw = await readLimited(stream, max);
        if (raw === null) throw smtpError(552, `5.3.4 message larger than ${max} bytes`);
        let mail: ParsedMail;
        try {
          mail = await simpleParser(raw, { skipImageLinks: true, maxHtmlLengthToParse: max });
        } catch {
          throw smtpError(554, '5.6.0 the message could not be parsed');
        }
        const receivedAt = rt.clock.now();
        const message = emailMessageOf(mail);
        // The raw message as text PostgreSQL can store: invalid UTF-8 became U+FFFD, NUL is replaced here.
        const payload = toStorableText(raw.toString('utf8'));
        try {
          for (const integration of recipients(session)) {
            const signals = await takeAlertPings(
              rt,
              integration.key,
              [parseEmail(message, integration, receivedAt)],
              receivedAt,
            );
            await commitEvent(rt, batcher, integration, payload, signals, receivedAt);
          }
        } catch (e) {
          rt.log.error({ err: e }, 'inbound email could not be committed; the sender will retry');
          throw smtpError(451, '4.3.0 temporary failure, try again later');
        }
      })().then(
        () => callback(),
        (e: Error) => callback(e),
      );
    },
  });
  server.on('error', (err) => rt.log.warn({ err }, 'inbound email connection error'));
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(conf.port, conf.host, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  rt.log.info({ host: conf.host, port, domain: conf.domain }, 'inbound email listening');
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
