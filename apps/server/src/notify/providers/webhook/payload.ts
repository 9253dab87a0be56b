/**
 * The generic webhook's JSON body, version 1. This is a public contract (docs/channels.md): fields are only
 * ever added, never renamed or removed, within a version.
 */
import type { Message } from '../../provider.ts';

/** Body POSTed for a page: one incident needs a responder. */
export interface WebhookPagePayload {
  version: 1;
  event: 'incident.page';
  /** When Faultline sent this request (ISO 8601 UTC); equals the signed timestamp. */
  sentAt: string;
  incident: {
    id: number;
    title: string;
    /** Display text of the incident's levels, e.g. `P1`, `P1 P2`, `ungraded` or `risk`. */
    levelText: string;
    status: string;
    service: string | null;
    /** The incident in the Faultline console. */
    url: string;
  };
  page: {
    /** Why this page was sent (`initial`, `upgrade-P1`, …). */
    step: string;
    /** Signed link; opening it acknowledges the incident. */
    ackUrl: string;
    /** Signed link that resolves the incident, or null when this page offers none. */
    resolveUrl: string | null;
  };
  /** The incident's first alerts, oldest first. */
  alerts: Array<{ summary: string; labels: Record<string, string> }>;
}

/** Body POSTed for a notice that belongs to no incident. */
export interface WebhookNoticePayload {
  version: 1;
  event: 'notice';
  sentAt: string;
  notice: { subject: string; text: string };
}

export type WebhookPayload = WebhookPagePayload | WebhookNoticePayload;

/** Builds the body for `message` sent at `sentAt`. */
export function webhookPayload(message: Message, sentAt: Date): WebhookPayload {
  const at = sentAt.toISOString();
  if (message.kind !== 'page') {
    return { version: 1, event: 'notice', sentAt: at, notice: { subject: message.subject, text: message.text } };
  }
  return {
    version: 1,
    event: 'incident.page',
    sentAt: at,
    incident: {
      id: message.incidentId,
      title: message.title,
      levelText: message.levelText,
      status: message.status,
      service: message.service,
      url: message.incidentUrl,
    },
    page: { step: message.step, ackUrl: message.ackUrl, resolveUrl: message.resolveUrl ?? null },
    alerts: message.alerts.map((a) => ({ summary: a.summary, labels: { ...a.labels } })),
  };
}
