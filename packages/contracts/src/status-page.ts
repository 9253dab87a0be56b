/**
 * The public status page (issue 17 point 9; DESIGN §7 "audiences: … a public status page"): what
 * `GET /api/v1/status` answers to anyone, signed in or not. Everything here is public by construction: it
 * holds only what a communicator published to the `public` audience (a public title, a public message, the
 * status of each public component) and nothing of the incident behind it (no internal id, title, person,
 * service or note). Times are ISO 8601 instants in UTC; durations in milliseconds.
 */
import { z } from 'zod';

/**
 * Component statuses from least to most severe (Atlassian Statuspage's five; openstatus uses the same).
 * The order is the severity: a component shows the worst status any open public incident gives it.
 */
export const COMPONENT_STATUSES = ['operational', 'maintenance', 'degraded', 'partial-outage', 'major-outage'] as const;
export const ComponentStatus = z.enum(COMPONENT_STATUSES);
export type ComponentStatus = z.infer<typeof ComponentStatus>;

/** A component id as the config names it. */
export const ComponentId = z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'a component id such as checkout');

/** One day's uptime bar, in the zone the page was asked for. */
export const UptimeDayView = z.object({
  /** The local date, `YYYY-MM-DD`. */
  date: z.string(),
  /** 0…1; null for a day before the component was on the page. */
  uptime: z.number().nullable(),
  /** The most severe status seen that day; null without data. */
  worst: ComponentStatus.nullable(),
  /** Weighted downtime (major outage × 1, partial outage × 0.5), ms. */
  downtimeMs: z.number(),
});
export type UptimeDayView = z.infer<typeof UptimeDayView>;

export const StatusComponentView = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: ComponentStatus,
  /** Uptime over the bars, weighted by observed time; null when nothing was observed. */
  uptime: z.number().nullable(),
  days: z.array(UptimeDayView),
});
export type StatusComponentView = z.infer<typeof StatusComponentView>;

/** Public incident states (the status update's phase). */
export const PublicIncidentState = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);
export type PublicIncidentState = z.infer<typeof PublicIncidentState>;

export const PublicUpdateView = z.object({
  at: z.string(),
  state: PublicIncidentState,
  message: z.string(),
  /** The status this update gave each component it names. */
  components: z.record(z.string(), ComponentStatus),
});
export type PublicUpdateView = z.infer<typeof PublicUpdateView>;

/** A public incident: its own id (not the internal incident's), its public title and its updates, newest first. */
export const PublicIncidentView = z.object({
  id: z.number().int(),
  title: z.string(),
  state: PublicIncidentState,
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  /** The most severe status it gave any component. */
  impact: ComponentStatus,
  /** Components it named, with the status its latest update naming each gave. */
  components: z.record(z.string(), ComponentStatus),
  updates: z.array(PublicUpdateView),
});
export type PublicIncidentView = z.infer<typeof PublicIncidentView>;

/** Scheduled or in-progress maintenance as the public page shows it: no scope, matchers or author. */
export const PublicMaintenanceView = z.object({
  /** An opaque id (stable per window), for links and feed entries. */
  id: z.string(),
  title: z.string(),
  status: z.enum(['scheduled', 'in-progress']),
  /** The opening's start; null for a recurring window already in progress (its start is not tracked). */
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  components: z.array(z.string()),
});
export type PublicMaintenanceView = z.infer<typeof PublicMaintenanceView>;

/** `GET /api/v1/status`: the page. */
export const StatusPageView = z.object({
  title: z.string(),
  /** The zone of the days of the uptime bars (the viewer's when asked with `zone`). */
  timeZone: z.string(),
  generatedAt: z.string(),
  /** The headline: the most severe component status (`operational`: all systems operational). */
  status: ComponentStatus,
  components: z.array(StatusComponentView),
  /** Open public incidents, then those updated within the bars' range, newest first. */
  incidents: z.array(PublicIncidentView),
  /** Maintenance in progress, then scheduled, soonest first. */
  maintenance: z.array(PublicMaintenanceView),
});
export type StatusPageView = z.infer<typeof StatusPageView>;

/** `GET /api/v1/status` query. */
export const StatusPageQuery = z.strictObject({
  zone: z.string().min(1).max(64).optional().describe("IANA zone of the bars' days; default the page's"),
  days: z.coerce.number().int().min(1).max(366).optional().describe('number of daily bars; default the page’s'),
});

/** The room's view of the status page: components to choose from, and this incident's public incident. */
export const RoomStatusPageView = z.object({
  /** Whether a status page is configured (it has components). */
  enabled: z.boolean(),
  components: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      /** Mapped to the incident's service: proposed for its updates. */
      proposed: z.boolean(),
    }),
  ),
  /** The public incident this incident published, or null before its first public update. */
  publicIncident: PublicIncidentView.nullable(),
});
export type RoomStatusPageView = z.infer<typeof RoomStatusPageView>;
