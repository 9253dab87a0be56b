/**
 * Email through SMTP (nodemailer). Config: `smtp.url` (smtp:// or smtps://, credentials in the URL) and
 * `smtp.from`; `FAULTLINE_SMTP_URL` overrides the URL.
 */
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import { z } from 'zod';
import { PermanentSendError, type Message, type Provider } from '../../provider.ts';
import { renderEmail } from './render.ts';

export const SmtpProviderConfig = z.object({
  url: z.string().regex(/^smtps?:\/\//),
  from: z.string(),
});
export type SmtpProviderConfig = z.infer<typeof SmtpProviderConfig>;

/** SMTP connections kept open per provider; a page storm reuses them instead of a session per email. */
const MAX_CONNECTIONS = 5;

/** Creates the SMTP provider; the transport pools up to 5 connections. */
export function smtpProvider(config: SmtpProviderConfig): Provider<SmtpProviderConfig> {
  // Transport options, with the URL's settings winning where it sets them. Bounded waits: a stalled mail
  // server must fail the attempt (and retry later), not hold it for minutes.
  const transport = nodemailer.createTransport({
    url: config.url,
    pool: true,
    maxConnections: MAX_CONNECTIONS,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // nodemailer reads `url` in an options object (parseConnectionUrl); its types only know the string form.
  } as SMTPPool.Options);
  return {
    id: 'smtp',
    configSchema: SmtpProviderConfig,
    async send(recipient: string, message: Message) {
      const mail = renderEmail(message);
      try {
        // A page re-sent after a crash keeps its Message-ID (RFC 5322 §3.6.4), so mail clients show it once.
        const messageId =
          message.kind === 'page' && message.deliveryId ? `<${message.deliveryId}@faultline>` : undefined;
        const info = await transport.sendMail({
          from: config.from,
          to: recipient,
          ...mail,
          ...(messageId ? { messageId } : {}),
        });
        return { providerMessageId: info.messageId ?? null };
      } catch (e) {
        const err = e as { responseCode?: number; message: string };
        // 5xx answers to the recipient or message are permanent (RFC 5321 §4.2.1); connection errors are not.
        if (typeof err.responseCode === 'number' && err.responseCode >= 500 && err.responseCode < 600) {
          throw new PermanentSendError(`SMTP ${err.responseCode}: ${err.message}`);
        }
        throw e;
      }
    },
    async close() {
      transport.close();
    },
  };
}
