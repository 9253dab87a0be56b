/**
 * A notification provider (CONVENTIONS §5): one folder, one registry entry. `send()` resolving means the
 * provider accepted the message; throwing means retry, unless the error is a `PermanentSendError`.
 */
import type { z } from 'zod';

/** What a page says, rendered by each provider in its own format. */
export interface PageMessage {
  kind: 'page';
  incidentId: number;
  title: string;
  /** e.g. "P2" levels joined, or "ungraded" / "risk". */
  levelText: string;
  status: string;
  service: string | null;
  /** Why this page was sent (`initial`, `upgrade-P1`). */
  step: string;
  /** Link to the incident in the console. */
  incidentUrl: string;
  /** Signed link that acknowledges the incident for this recipient. */
  ackUrl: string;
  /** First alerts of the incident, for context. */
  alerts: Array<{ summary: string; labels: Record<string, string> }>;
}

/** A notice that belongs to no incident (e.g. new level rules approved). */
export interface NoticeMessage {
  kind: 'notice';
  subject: string;
  text: string;
}

/** A discriminated union so new message kinds (digest, status update) are added without a god switch. */
export type Message = PageMessage | NoticeMessage;

export interface SendResult {
  /** The provider's id for the accepted message (e.g. SMTP Message-ID), if any. */
  providerMessageId: string | null;
}

/** A failure that retrying will not fix (bad address, rejected credentials). */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

export interface Provider<Config = unknown> {
  id: string;
  /** Validates the provider's settings on write; drives the settings form later. */
  configSchema: z.ZodType<Config>;
  /** Sends one message to one recipient address (an email address for `smtp`). */
  send(recipient: string, message: Message): Promise<SendResult>;
  close?(): Promise<void>;
}
