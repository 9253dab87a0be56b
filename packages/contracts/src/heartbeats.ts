/**
 * Heartbeat monitors (docs/intake.md#heartbeats): each expects a ping at least every interval (plus the
 * grace); when pings stop an alert opens an incident and pages like any other, and pings resolve it.
 */
import { z } from 'zod';
import { pageOf } from './page.ts';

/** A new heartbeat, or the whole of a replaced one (PUT). */
export const HeartbeatInput = z.object({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes')
    .optional()
    .describe('the ping URL segment; default: from the name (create only)'),
  name: z.string().min(1).max(200),
  integration: z
    .string()
    .min(8)
    .max(255)
    .optional()
    .describe('integration key: pings may use it; its alerts ping. Omitted in a replace: kept'),
  service: z.string().min(1).max(200).optional().describe("service of the alert; default: the integration's"),
  intervalSeconds: z.number().int().min(60).max(2_678_400).describe('a ping is expected at least this often'),
  graceSeconds: z.number().int().min(0).max(86_400).optional().describe('tolerated lateness; default 60'),
  labels: z.record(z.string().min(1).max(200), z.string().max(1000)).optional().describe('added to the alert'),
  matchers: z
    .array(z.string().min(1).max(1000))
    .max(20)
    .optional()
    .describe("Alertmanager matchers: the integration's firing alerts that match count as pings (Watchdog)"),
  paused: z.boolean().optional().describe('paused: no alert while pings are missing; default false'),
});
export type HeartbeatInput = z.infer<typeof HeartbeatInput>;

/** up: pinged within the interval; late: past it, within the grace; down: its alert fires; paused. */
export const HeartbeatStatusName = z.enum(['up', 'late', 'down', 'paused']);
export type HeartbeatStatusName = z.infer<typeof HeartbeatStatusName>;

export const HeartbeatView = z.object({
  id: z.string(),
  name: z.string(),
  integration: z.string().nullable().describe("the integration's name (never its key)"),
  service: z.string().nullable(),
  intervalSeconds: z.number().int(),
  graceSeconds: z.number().int(),
  labels: z.record(z.string(), z.string()),
  matchers: z.array(z.string()),
  status: HeartbeatStatusName,
  lastPingAt: z.string().nullable(),
  dueAt: z.string().nullable().describe('when the next ping is due (null while paused)'),
  downAt: z.string().nullable().describe('when it is down without a ping (null while paused)'),
  hasToken: z.boolean().describe('a per-heartbeat ping token exists'),
  source: z.enum(['api', 'config']).describe('config heartbeats are changed in the config file'),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type HeartbeatView = z.infer<typeof HeartbeatView>;
export const HeartbeatList = pageOf('heartbeats', HeartbeatView);
export type HeartbeatList = z.infer<typeof HeartbeatList>;

/** A created heartbeat, with its ping token: shown once, stored hashed. */
export const HeartbeatCreated = HeartbeatView.extend({
  token: z.string().describe('bearer token for the ping URL; shown only now'),
});
export type HeartbeatCreated = z.infer<typeof HeartbeatCreated>;

export const HeartbeatPinged = z.object({ status: z.literal('ok'), heartbeat: z.string(), lastPingAt: z.string() });
export type HeartbeatPinged = z.infer<typeof HeartbeatPinged>;
