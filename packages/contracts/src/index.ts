/**
 * API contracts shared by the server, the web console and the CLI.
 *
 * Every shape the HTTP API returns or accepts is declared here once, as a zod schema, so the
 * server validates with the same definition the console and CLI type-check against.
 * Times are ISO 8601 strings in UTC (`2026-11-21T14:05:23.789Z`); durations are in milliseconds.
 */
import { z } from 'zod';
import { ImpactFacts, LevelHistoryEntry } from './grading.ts';
import { pageOf } from './page.ts';
import { MuteView } from './suppression.ts';
import { AlertFate, alertListQuery, incidentListQuery } from './triage.ts';

export * from './grading.ts';
export * from './escalation.ts';
export * from './oncall.ts';
export * from './people.ts';
export * from './contact.ts';
export * from './next-path.ts';
export * from './page.ts';
export * from './text.ts';
export * from './intake.ts';
export * from './heartbeats.ts';
export * from './suppression.ts';
export * from './response.ts';
export * from './drills.ts';
export * from './status-page.ts';
export * from './postmortem.ts';
export * from './triage.ts';
export * from './changes.ts';
export * from './recovery.ts';
export * from './analytics.ts';

/** Incident lifecycle states (DESIGN §6). `closed` only after the postmortem is done or waived. */
export const IncidentStatus = z.enum(['triggered', 'acknowledged', 'mitigated', 'resolved', 'closed', 'cancelled']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;

/** States in which an incident still groups new alerts. */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ['triggered', 'acknowledged', 'mitigated'];

/** Intake sources; stable string ids. */
export const SourceId = z.enum([
  'alertmanager',
  'grafana',
  'pagerduty',
  'opsgenie',
  'generic',
  'cli',
  'email',
  'heartbeat',
]);
export type SourceId = z.infer<typeof SourceId>;

/** A level per sequence, e.g. `{ "P": "P2", "S": "S3" }`. */
export const Levels = z.record(z.string(), z.string());
export type Levels = z.infer<typeof Levels>;

/** Why a sequence has its level: the rule that set it and the evidence it matched on. */
export const LevelExplanation = z.object({
  sequence: z.string(),
  level: z.string().describe('e.g. "P2"'),
  ruleId: z.string(),
  rule: z.string().describe('human-readable rule'),
  evidence: z.array(z.string()),
  setAt: z.string(),
  actor: z.string().describe('"rule" or the person who set it'),
});
export type LevelExplanation = z.infer<typeof LevelExplanation>;

/** A person's mark that an incident or an alert was noise (issue 16 point 9): who, when and why. */
export const NoiseMark = z.object({
  by: z.string().describe('the person who marked it'),
  at: z.string().describe('when (ISO 8601)'),
  reason: z.string(),
});
export type NoiseMark = z.infer<typeof NoiseMark>;

/** `POST /api/v1/incidents/{id}/noise` (and an alert's): why it is noise. */
export const NoiseInput = z.strictObject({
  reason: z.string().trim().min(1, 'say why it is noise').max(1000),
});
export type NoiseInput = z.infer<typeof NoiseInput>;

export const IncidentSummary = z.object({
  id: z.number().int(),
  title: z.string(),
  status: IncidentStatus,
  levels: Levels,
  risk: z.boolean().describe('below the lowest level of every sequence: visible, not paged'),
  service: z.string().nullable(),
  team: z.string().nullable(),
  groupKey: z.string(),
  alertCount: z.number().int(),
  firingCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  mitigatedAt: z.string().nullable(),
  /** When the incident's postmortem is due; null when it has none or it is published (DESIGN §8). */
  postmortemDueAt: z.string().nullable(),
  /** Its postmortem is not published and past its due time (on the team's working-day calendar). */
  postmortemOverdue: z.boolean(),
  drill: z
    .boolean()
    .describe('a fault drill: pages only its participants, marked [DRILL]; off the status page and the metrics'),
  /** Set while a person has marked the incident as noise; marking does not change its status. */
  noise: NoiseMark.nullable(),
});
export type IncidentSummary = z.infer<typeof IncidentSummary>;

export const AlertView = z.object({
  id: z.number().int(),
  dedupKey: z.string(),
  source: z.string(),
  integration: z.string(),
  status: z.enum(['firing', 'resolved']),
  summary: z.string(),
  severity: z.string().nullable(),
  labels: z.record(z.string(), z.string()),
  annotations: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string().nullable(),
  lastSeenAt: z.string(),
  count: z.number().int().describe('how many times this dedup key was received'),
  joinReason: z.string().describe('why this alert joined its incident'),
  mutedBy: z.array(MuteView).describe('why its pages are held back, as of when it last fired or was re-checked'),
  /** Set while a person has marked the alert as noise. */
  noise: NoiseMark.nullable(),
});
export type AlertView = z.infer<typeof AlertView>;

export const TimelineKind = z.enum([
  'incident_opened',
  'alert_joined',
  'alert_repeated',
  'alert_resolved',
  'level_set',
  'notification_sent',
  'notification_failed',
  'acknowledged',
  'mitigated',
  'resolved',
  'reopened',
  'note',
  'change_verdict',
  'recovery_step',
  'recovery_nudge',
  'facts_updated',
  'level_changed',
  'risk_promoted',
  'risk_dismissed',
  'kpi_breach',
  'kpi_recovered',
  'page_held',
  'page_released',
  'page_dropped',
  // The response room (issue 17).
  'cancelled',
  'closed',
  'key_time_set',
  'role_changed',
  'check_in',
  'status_update',
  'clock_breached',
  'role_unfilled',
  'update_overdue',
  'check_in_overdue',
  'war_room',
  'postmortem',
  'action',
  // Noise marking (issue 16 point 9).
  'noise_marked',
  'noise_unmarked',
]);
export type TimelineKind = z.infer<typeof TimelineKind>;

export const TimelineEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: TimelineKind,
  actor: z.string().describe('"system", "rule", an integration key, or a person'),
  message: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/**
 * A delivery's state: `pending` (waiting for its time, e.g. SMS after 2 min), `sent`, `retrying` (a transient
 * failure, next try at `nextAttemptAt`), `failed`, `cancelled` (a delayed notification whose incident was
 * acknowledged, mitigated or resolved first) or `held` (over the person's budget: bundled into a digest).
 */
export const NotificationStatus = z.enum(['pending', 'sent', 'retrying', 'failed', 'cancelled', 'held']);
export const NotificationView = z.object({
  id: z.number().int(),
  /** `email`, `sms`, `voice` or a chat channel id for a person; `email` or a channel id otherwise. */
  channel: z.string(),
  /** The address the message goes to (email, E.164 number, chat handle, or the channel id). */
  recipient: z.string(),
  status: NotificationStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  sentAt: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  /** The provider that accepted it: `smtp`, or a channel id (after a phone failover, the one that worked). */
  provider: z.string().nullable(),
  /** The person paged, when the recipient is one (null for a channel post or an address that is no user). */
  person: z.object({ userId: z.number().int(), name: z.string(), email: z.string() }).nullable(),
  /** The contact method used, when a person was paged through one. */
  contactMethod: z
    .object({ id: z.number().int(), kind: z.string(), address: z.string(), label: z.string().nullable() })
    .nullable(),
  /** The digest a held notification was bundled into. */
  digestId: z.number().int().nullable(),
  createdAt: z.string(),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const IncidentDetail = IncidentSummary.extend({
  alerts: z.array(AlertView),
  levelExplanation: z.array(LevelExplanation),
  /** Every level change, oldest first (from the timeline). */
  levelHistory: z.array(LevelHistoryEntry),
  facts: ImpactFacts,
  /** The module of the incident's service, if any (for the KPI chart and level definitions). */
  module: z.string().nullable(),
  /** KPI watches of that module (their samples: GET /api/v1/kpi-watches/{id}/samples). */
  kpiWatches: z.array(z.string()),
  closeReason: z.string().nullable(),
  timeline: z.array(TimelineEntry),
  notifications: z.array(NotificationView),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const IncidentList = pageOf('incidents', IncidentSummary);
export type IncidentList = z.infer<typeof IncidentList>;

/** `GET /api/v1/incidents`: filters, search, sort (triage.ts), and the page with the total that matches. */
export const IncidentListQuery = incidentListQuery(IncidentStatus);
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;
export const IncidentPage = IncidentList.extend({
  total: z.number().int().min(0).describe('incidents matching the filters, on every page'),
});
export type IncidentPage = z.infer<typeof IncidentPage>;

/** `GET /api/v1/alerts`: the alerts of the incidents the caller may read, filtered (triage.ts), newest first. */
export const AlertListQuery = alertListQuery;
export type AlertListQuery = z.infer<typeof AlertListQuery>;

/**
 * One row of the alert list: the alert with why it joined (`joinReason`) and why it is muted (`mutedBy`), what
 * became of it (`fates`), and the incident it belongs to.
 */
export const AlertListItem = AlertView.extend({
  fates: z
    .array(AlertFate)
    .describe('what became of the alert, as the `fate` filter reads it (docs/console.md#alerts)'),
  incident: z.object({
    id: z.number().int(),
    title: z.string(),
    status: IncidentStatus,
    levels: Levels,
    risk: z.boolean(),
    service: z.string().nullable(),
    team: z.string().nullable(),
  }),
});
export type AlertListItem = z.infer<typeof AlertListItem>;
export const AlertPage = pageOf('alerts', AlertListItem).extend({
  total: z.number().int().min(0).describe('alerts matching the filters, on every page'),
});
export type AlertPage = z.infer<typeof AlertPage>;

/** One field-level problem: `path` is dotted (`alerts.0.startsAt`). */
export const FieldError = z.object({ path: z.string(), message: z.string() });
export type FieldError = z.infer<typeof FieldError>;

/** The closed set of error codes (docs/errors.md). */
export const ErrorCode = z.enum([
  'NOT_FOUND',
  'VALIDATION',
  'CONFLICT',
  'FORBIDDEN',
  'UNAUTHORIZED',
  'RATE_LIMITED',
  'PRECONDITION_FAILED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'UNAVAILABLE',
  'INTERNAL',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** Body of every non-2xx answer of the Faultline API (the PagerDuty-compatible endpoint keeps PagerDuty's shape). */
export const ApiError = z.object({
  error: z.object({
    code: ErrorCode,
    /** English, always. */
    message: z.string(),
    fields: z.array(FieldError).optional(),
    /**
     * The code's sentence in the language the request asked for with `Accept-Language`, when that is a shipped
     * language other than English (docs/errors.md); absent otherwise.
     */
    localizedMessage: z.string().optional(),
    /** The language of `localizedMessage` (`zh-CN`), present with it. */
    locale: z.string().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

/** Server-sent event on `GET /api/v1/stream`. */
export const StreamMessage = z.object({
  type: z.enum(['incident.created', 'incident.updated', 'kpi.evaluated', 'rules.changed']),
  incidentId: z.number().int().optional(),
  watchId: z.string().optional(),
  module: z.string().optional(),
});
export type StreamMessage = z.infer<typeof StreamMessage>;

/** Intake answer of the Faultline-native endpoints (Alertmanager, generic). */
export const IntakeAccepted = z.object({
  status: z.literal('accepted'),
  eventId: z.number().int(),
  alerts: z.number().int().describe('alerts in the payload'),
});
export type IntakeAccepted = z.infer<typeof IntakeAccepted>;
