/**
 * Triage at volume (issue 12): the incident list's filters, search and sort (`GET /api/v1/incidents`), its
 * page with the total count, and bulk actions (`POST /api/v1/incidents/bulk`). Every filter is a query
 * parameter, so a filtered view is a link.
 */
import { z } from 'zod';
import { pageQuery } from './page.ts';

/** The lifecycle states, handed in by index.ts (which re-exports this file, so it cannot be imported here). */
type StatusEnum = z.ZodEnum<{
  triggered: 'triggered';
  acknowledged: 'acknowledged';
  mitigated: 'mitigated';
  resolved: 'resolved';
  closed: 'closed';
  cancelled: 'cancelled';
}>;

/** A level label: a sequence (one capital letter) and a level number, e.g. `P1`, `S2`. */
export const LevelFilterLabel = z.string().regex(/^[A-Z][1-9]\d?$/, 'a level label such as P1 or S2');

/** Splits `a,b,c` (a repeated parameter is refused by the schema as not a string). */
const commaList = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .max(400)
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(item).min(1).max(max));

/**
 * The query of `GET /api/v1/incidents` (index.ts: `IncidentListQuery`). Filters narrow the incidents the
 * caller may see; they never widen them.
 */
export const incidentListQuery = (status: StatusEnum) =>
  pageQuery(200).extend({
    status: z
      .union([z.enum(['open', 'all']), commaList(status, status.options.length)])
      .default('open')
      .describe('`open` (triggered, acknowledged, mitigated; the default), `all`, or a comma list of statuses'),
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('words in the title (case-insensitive), or `#42` / `42` for an incident id'),
    team: z.string().min(1).max(200).optional().describe("the incident's team id"),
    service: z.string().min(1).max(200).optional().describe("the incident's service"),
    level: commaList(LevelFilterLabel, 20)
      .optional()
      .describe('comma list of level labels (`P1,P2`): incidents at any of them'),
    source: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,39}$/, 'an intake source such as alertmanager, pagerduty, generic')
      .optional()
      .describe('incidents with at least one alert from this intake source'),
    alertname: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('incidents with at least one alert whose `alertname` label is this (exact)'),
    risk: z
      .enum(['include', 'exclude', 'only'])
      .default('include')
      .describe('risks (below every level) with the others (default), left out, or only them'),
    postmortem: z
      .enum(['overdue'])
      .optional()
      .describe('`overdue`: incidents whose postmortem is not published and past its due time'),
    since: z.iso.datetime({ offset: true }).optional().describe('opened at or after this instant'),
    until: z.iso.datetime({ offset: true }).optional().describe('opened before this instant'),
    sort: z.enum(['newest', 'oldest']).default('newest').describe('by when opened (by id)'),
  });

/** What became of an alert (`GET /api/v1/alerts?fate=`): see docs/console.md#alerts. */
export const AlertFate = z.enum(['opened', 'joined', 'paged', 'muted', 'held', 'inhibited']);
export type AlertFate = z.infer<typeof AlertFate>;

/**
 * The query of `GET /api/v1/alerts` (index.ts: `AlertListQuery`): the alerts of the incidents the caller may
 * read, newest first (by id). Filters narrow; they never widen.
 */
export const alertListQuery = pageQuery(100).extend({
  status: z.enum(['firing', 'resolved']).optional().describe("the alert's own status"),
  fate: commaList(AlertFate, AlertFate.options.length)
    .optional()
    .describe(
      'comma list: alerts with any of these fates — `opened` (opened its incident), `joined` (joined an open one), `paged` (not muted, on a graded incident), `muted` (by a silence or maintenance), `held` (muted, its incident holding pages), `inhibited`',
    ),
  source: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,39}$/, 'an intake source such as alertmanager, pagerduty, generic')
    .optional()
    .describe('the intake source (SourceId: alertmanager, grafana, pagerduty, opsgenie, generic, email, …)'),
  integration: z.string().min(1).max(200).optional().describe('the integration key it came in through'),
  service: z.string().min(1).max(200).optional().describe("its incident's service"),
  team: z.string().min(1).max(200).optional().describe("its incident's team"),
  alertname: z.string().min(1).max(200).optional().describe('its `alertname` label (exact)'),
  incident: z.coerce.number().int().positive().optional().describe('only the alerts of this incident'),
  q: z.string().trim().min(1).max(200).optional().describe('words in the summary (case-insensitive)'),
  since: z.iso.datetime({ offset: true }).optional().describe('last received at or after this instant'),
  until: z.iso.datetime({ offset: true }).optional().describe('last received before this instant'),
});

/**
 * One group of an alert storm (`GET /api/v1/incidents/alert-groups`): the alerts of the matching incidents
 * with one `alertname` label on one service, counted.
 */
export const AlertGroup = z.object({
  alertname: z.string().nullable().describe("the alerts' `alertname` label; null for alerts without one"),
  service: z.string().nullable().describe("the incidents' service"),
  alerts: z.number().int().describe('alerts in the group'),
  firing: z.number().int().describe('of them still firing'),
  incidents: z.number().int().describe('incidents they belong to'),
  lastSeenAt: z.string().describe('when an alert of the group was last received'),
});
export type AlertGroup = z.infer<typeof AlertGroup>;
export const AlertGroupList = z.object({
  groups: z.array(AlertGroup).describe('most alerts first, at most `limit`'),
  total: z.number().int().min(0).describe('groups in all'),
});
export type AlertGroupList = z.infer<typeof AlertGroupList>;

/** What a bulk action does to each incident: the same verb as the incident page's buttons. */
export const BulkAction = z.enum(['acknowledge', 'resolve', 'escalate']);
export type BulkAction = z.infer<typeof BulkAction>;

export const BulkRequest = z.strictObject({
  action: BulkAction,
  ids: z
    .array(z.number().int().positive())
    .min(1)
    .max(200)
    .refine((ids) => new Set(ids).size === ids.length, 'ids must not repeat'),
});
export type BulkRequest = z.infer<typeof BulkRequest>;

/** The outcome per incident, in the order asked: done, or the error the single action would have given. */
export const BulkResult = z.object({
  id: z.number().int(),
  ok: z.boolean(),
  status: z.string().nullable().describe('the status after the action; null when it failed'),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export const BulkResponse = z.object({ action: BulkAction, results: z.array(BulkResult) });
export type BulkResponse = z.infer<typeof BulkResponse>;
