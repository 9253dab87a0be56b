/**
 * PagerDuty-compatible change events. Format: PagerDuty Events API v2, change events
 * (`POST /v2/change/enqueue`; PagerDuty developer docs "Send a Change Event" and the Events API v2 OpenAPI
 * schema `ChangeEventPayload`): `{ routing_key, payload: { summary, timestamp?, source?, custom_details? },
 * links?, images? }`. A change event never pages anyone.
 */
import { z } from 'zod';
import { ChangeKind } from '@faultline/contracts';
import { AppError, fieldsFromZod, validationError } from '../../lib/index.ts';
import { PLACEMENT_LABELS, type NewChange } from '../record.ts';

const Body = z.object({
  routing_key: z.string().min(1).max(255),
  payload: z.object({
    summary: z.string().min(1).max(1024),
    timestamp: z.string().max(64).optional(),
    source: z.string().max(1024).optional(),
    custom_details: z.record(z.string(), z.unknown()).optional(),
  }),
  links: z
    .array(z.object({ href: z.string().max(2048), text: z.string().max(1024).optional() }))
    .max(50)
    .optional(),
  images: z
    .array(z.object({ src: z.string().max(2048), href: z.string().optional(), alt: z.string().optional() }))
    .max(50)
    .optional(),
});

/** What one change event becomes, before its routing key is resolved to a service. */
export interface PagerDutyChange {
  routingKey: string;
  change: Omit<NewChange, 'services' | 'sourceKey'>;
  /** `custom_details` as sent, for routing by label. */
  customDetails: Record<string, unknown>;
}

const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;

/**
 * Parses a PagerDuty change event.
 *
 * - `payload.summary` (1..1024) → summary; `payload.timestamp` (RFC 3339, PagerDuty also sends
 *   `+0000` offsets) → startedAt and endedAt (a change event is an instant), default `receivedAt`.
 * - `custom_details`: `change_type` or `kind` naming a kind (deploy, config, flag, migration, infra; default
 *   deploy), `author`, `environment`, and the placement labels region, zone, cluster, datacenter, namespace.
 * - `links[0].href` → url; `payload.source`, `custom_details` and the links are kept in `details`.
 * @throws AppError VALIDATION with PagerDuty's field paths (`payload.summary`, `routing_key`)
 */
export function parsePagerDutyChange(body: unknown, receivedAt: Date): PagerDutyChange {
  const parsed = Body.safeParse(body);
  if (!parsed.success) throw validationError(fieldsFromZod(parsed.error.issues), 'PagerDuty change event');
  const { payload, links, routing_key } = parsed.data;
  let at = receivedAt;
  if (payload.timestamp !== undefined) {
    const ms = Date.parse(payload.timestamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
    if (Number.isNaN(ms) || !/(Z|[+-]\d\d:?\d\d)$/i.test(payload.timestamp))
      throw new AppError('VALIDATION', 'invalid PagerDuty change event', [
        { path: 'payload.timestamp', message: 'must be an ISO 8601 timestamp with a zone' },
      ]);
    at = new Date(ms);
  }
  const details = payload.custom_details ?? {};
  const kindText = str(details.change_type) ?? str(details.kind);
  const kind = ChangeKind.safeParse(kindText?.toLowerCase());
  const labels: Record<string, string> = {};
  for (const name of PLACEMENT_LABELS) {
    const v = str(details[name]);
    if (v !== null) labels[name] = v.slice(0, 1024);
  }
  const href = links?.[0]?.href;
  return {
    routingKey: routing_key,
    customDetails: details,
    change: {
      kind: kind.success ? kind.data : 'deploy',
      summary: payload.summary,
      environment: str(details.environment),
      labels,
      startedAt: at,
      endedAt: at,
      status: 'succeeded',
      exitCode: null,
      author: str(details.author),
      source: 'pagerduty',
      externalId: null,
      url: href && /^https?:\/\//i.test(href) ? href : null,
      rollbackOf: null,
      details: {
        ...(payload.source === undefined ? {} : { source: payload.source }),
        ...(payload.custom_details === undefined ? {} : { custom_details: payload.custom_details }),
        ...(links === undefined ? {} : { links }),
      },
    },
  };
}

/** PagerDuty's answer to an accepted change event (HTTP 202). */
export function pagerDutyChangeAccepted(): { status: 'success'; message: string } {
  return { status: 'success', message: 'Change event processed' };
}
