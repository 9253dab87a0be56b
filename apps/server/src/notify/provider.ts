/**
 * A notification provider (CONVENTIONS §5): one folder, one registry entry. `send()` resolving means the
 * provider accepted the message; throwing means retry, unless the error is a `PermanentSendError`.
 */
import type { z } from 'zod';
import type { Locale } from '@faultline/i18n';
import type { Clock, OutboundFetch } from '../lib/index.ts';

/** What a page says, rendered by each provider in its own format. */
export interface PageMessage {
  kind: 'page';
  incidentId: number;
  title: string;
  /**
   * The levels as the reader names them: "P2" labels joined, or a sequence's display name in the reader's language
   * ("P1 故障"); "ungraded" / "risk" in their words.
   */
  levelText: string;
  /** The level labels (`P1 S2`) whatever the language, for vendors that colour by severity; levelText when absent. */
  levelCode?: string;
  /** The incident status code (`acknowledged`); renderers show it in the reader's words (notify/words.ts). */
  status: string;
  service: string | null;
  /** Why this page was sent (`initial`, `upgrade-P1`). */
  step: string;
  /** Link to the incident in the console. */
  incidentUrl: string;
  /** Signed link that acknowledges the incident for this recipient. */
  ackUrl: string;
  /** Signed link that resolves the incident, where the channel offers a resolve button. */
  resolveUrl?: string;
  /**
   * Check-in to the response group, on pages of an incident whose level forms one (response config
   * `responseGroup`): chat providers render it as Join / Decline buttons (notify/links.ts `checkInLinks`).
   */
  checkIn?: PageCheckIn;
  /** First alerts of the incident, for context. */
  alerts: Array<{ summary: string; labels: Record<string, string> }>;
  /**
   * Stable id of this notification (from its idempotency key): a message re-sent after a crash carries the
   * same id, so channels that support it (the email Message-ID) let the receiver drop the repeat.
   */
  deliveryId?: string;
  /** The reader's language (a person's `locale`, or a group channel's `language`); English when absent. */
  locale?: Locale;
  /** The reader's IANA time zone, for any time the message shows; UTC when absent. */
  timeZone?: string;
}

/**
 * The links of a page's check-in buttons: for a person's page their signed check-in link (`…?state=joined`,
 * `…?state=declined`); for a channel's page the room (the incident's page) and no decline.
 */
export interface PageCheckIn {
  joinUrl: string;
  declineUrl: string | null;
}

/** A notice that belongs to no incident (e.g. new level rules approved). */
export interface NoticeMessage {
  kind: 'notice';
  subject: string;
  text: string;
  /**
   * An iCalendar invitation (`METHOD:REQUEST` text, RFC 5546) sent with the notice, e.g. a postmortem's review
   * meeting: email sends it as the message's `text/calendar` part so mail clients offer to accept it; channels
   * without calendars send the text only.
   */
  calendar?: string;
  /** Files sent with the notice (e.g. the monthly report's PDF); email attaches them, channels drop them. */
  attachments?: NoticeAttachment[];
}

/** A file attached to a notice: its name, MIME type and content as base64 (RFC 4648). */
export interface NoticeAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

/**
 * Storm control's bundle (DESIGN §7): the pages held back while a person was over their notification budget,
 * sent as ONE message when the window ends. `subject` and `text` are a complete short rendering (what SMS and
 * chat send); providers that can do more (email) list `incidents`.
 */
export interface DigestMessage {
  kind: 'digest';
  /** e.g. "Faultline: 7 pages held back while you were over your budget". */
  subject: string;
  /** One line per incident, short: `P1 #42 Payment API errors (acknowledged)`. */
  text: string;
  incidents: Array<{ incidentId: number; title: string; levelText: string; status: string; incidentUrl: string }>;
  /** The budget that held them: at most `max` notifications per `perMinutes` minutes. */
  budget: { max: number; perMinutes: number };
  /** The reader's language; the subject and text are already in it, providers word the rest in it. */
  locale?: Locale;
}

/** A message that is text, not a page: what chat, webhook and template-based providers render alike. */
export type TextMessage = NoticeMessage | DigestMessage;

/** A discriminated union so new message kinds (digest, status update) are added without a god switch. */
export type Message = PageMessage | NoticeMessage | DigestMessage;

export interface SendResult {
  /** The provider's id for the accepted message (e.g. SMTP Message-ID), if any. */
  providerMessageId: string | null;
}

/** A failure that retrying will not fix (bad address, rejected credentials). */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

/**
 * A failure a later attempt (or another provider) may not meet: timeout, 5xx, throttling. Any other
 * thrown error counts as transient too; this one carries the vendor's code and its Retry-After.
 */
export class TransientSendError extends Error {
  override name = 'TransientSendError';
  /** The vendor's own error code, when it answered with one (e.g. Slack `ratelimited`, WeCom 45009). */
  readonly code: string | number | null;
  /** How long the vendor asked us to wait, ms, if it said. */
  readonly retryAfterMs: number | null;
  constructor(
    message: string,
    options: ErrorOptions & { code?: string | number | null; retryAfterMs?: number | null } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

export interface Provider<Config = unknown> {
  id: string;
  /** Validates the provider's settings on write; drives the settings form later. */
  configSchema: z.ZodType<Config>;
  /** Sends one message to one recipient address (an email address for `smtp`). */
  send(recipient: string, message: Message): Promise<SendResult>;
  close?(): Promise<void>;
}

/** Stable provider ids (CONVENTIONS §9). One folder each under notify/providers/. */
export type ProviderId =
  | 'smtp'
  | 'webhook'
  | 'slack'
  | 'slack-webhook'
  | 'teams'
  | 'mattermost'
  | 'dingtalk'
  | 'feishu'
  | 'wecom'
  | 'twilio-sms'
  | 'twilio-voice'
  | 'aliyun-sms'
  | 'aliyun-voice'
  | 'http-sms';

/** What a provider needs from the server, injected so tests can pass their own. */
export interface ProviderDeps {
  /**
   * The one outbound HTTP client's fetch (lib/outbound): address guard, timeout, answer size limit. Tests pass a
   * client with an allow list for their local servers, or a fake.
   */
  fetch: OutboundFetch;
  clock: Clock;
  /** Base URL of this Faultline, for links and callbacks. */
  publicUrl: string;
}

/**
 * A provider type (CONVENTIONS §5): its zod config schema validates settings on write and drives the
 * settings form; `create` builds a sender from a valid config. A configured instance is one
 * "channel" (e.g. the payments team's DingTalk robot) that escalation steps and contact methods name.
 */
export interface ProviderFactory<Config = unknown> {
  id: ProviderId;
  /** Human name for the settings form, e.g. "DingTalk robot". */
  label: string;
  /**
   * What `send(address, …)` takes: an email address, an E.164 phone number, a chat channel id, or
   * nothing (robots and webhooks post to the URL in their config; the address is ignored).
   */
  address: 'email' | 'phone' | 'chat-channel' | 'none';
  configSchema: z.ZodType<Config>;
  /** Config fields that are secrets: redacted in API output and logs. */
  secretFields: readonly string[];
  create(config: Config, deps: ProviderDeps): Provider<Config>;
}
