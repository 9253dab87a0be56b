/**
 * Heartbeats (issue 16 §8): a monitor per integration or service expects a ping (an HTTP call, or an
 * always-firing alert such as Prometheus's `Watchdog`) at least every interval. Past the interval it is
 * late; past the grace too it is down, and an incident opens and pages like any other; a ping resolves it.
 */

/** A heartbeat monitor's settings and last ping. Durations in milliseconds. */
export interface Heartbeat {
  /** A ping is expected at least this often. */
  readonly intervalMs: number;
  /** How long past the interval before it counts as down (absorbs a sender's jitter). */
  readonly graceMs: number;
  /** The last ping, or null before the first. */
  readonly lastPingAt: Date | null;
  /** When the monitor was created: a monitor never pinged is judged from here. */
  readonly createdAt: Date;
}

/** A heartbeat's state at an instant. */
export interface HeartbeatState {
  readonly state: 'up' | 'late' | 'down';
  /** When the next ping is due (the end of the interval). */
  readonly dueAt: Date;
  /** When it is (or was) down without a ping. */
  readonly downAt: Date;
  /** When the state next changes without a ping: the engine's next check. Null while down (only a ping helps). */
  readonly nextCheckAt: Date | null;
}

/**
 * Validates heartbeat settings.
 * @returns field errors (`intervalMs`, `graceMs`); empty when valid
 */
export function heartbeatSettingsErrors(
  hb: Pick<Heartbeat, 'intervalMs' | 'graceMs'>,
): Array<{ path: string; message: string }> {
  const out: Array<{ path: string; message: string }> = [];
  if (!Number.isFinite(hb.intervalMs) || hb.intervalMs < 60_000) {
    out.push({ path: 'intervalMs', message: 'must be at least one minute' });
  }
  if (!Number.isFinite(hb.graceMs) || hb.graceMs < 0) out.push({ path: 'graceMs', message: 'must be zero or more' });
  return out;
}

/**
 * The state at `now`: `up` before `dueAt` (last ping, or creation, plus the interval), `late` from then until
 * `downAt` (plus the grace), `down` from `downAt` on.
 */
export function heartbeatState(hb: Heartbeat, now: Date): HeartbeatState {
  const base = (hb.lastPingAt ?? hb.createdAt).getTime();
  const due = base + hb.intervalMs;
  const down = due + hb.graceMs;
  const t = now.getTime();
  const state = t < due ? 'up' : t < down ? 'late' : 'down';
  return {
    state,
    dueAt: new Date(due),
    downAt: new Date(down),
    nextCheckAt: state === 'up' ? new Date(due) : state === 'late' ? new Date(down) : null,
  };
}

/** What the engine does after a check or a ping: open an incident, resolve it, or nothing. */
export type HeartbeatAction = 'open-incident' | 'resolve-incident' | 'none';

/**
 * The action for a state change: going down opens an incident (once: `previous` is the stored state), and
 * leaving down (a ping came) resolves it.
 */
export function heartbeatAction(previous: HeartbeatState['state'], current: HeartbeatState['state']): HeartbeatAction {
  if (current === 'down' && previous !== 'down') return 'open-incident';
  if (previous === 'down' && current !== 'down') return 'resolve-incident';
  return 'none';
}

/** The heartbeat after a ping at `at` (a late-arriving, older ping never moves the last ping back). */
export function recordPing(hb: Heartbeat, at: Date): Heartbeat {
  if (hb.lastPingAt && hb.lastPingAt.getTime() >= at.getTime()) return hb;
  return { ...hb, lastPingAt: at };
}

/** What the API, CLI and console show: the state, or `paused` (no expiry while paused). */
export type HeartbeatStatus = HeartbeatState['state'] | 'paused';

/** A stored monitor as the expiry check reads it. Durations in milliseconds. */
export interface HeartbeatMonitor {
  readonly intervalMs: number;
  readonly graceMs: number;
  readonly lastPingAt: Date | null;
  /** Creation, or the end of the last pause: expiry is judged from the later of this and the last ping. */
  readonly armedAt: Date;
  readonly paused: boolean;
}

/**
 * The status of a stored monitor at `now`. A ping before `armedAt` (received while paused, or before a resume)
 * does not count: a monitor resumed after a long pause starts a fresh interval instead of being down at once.
 * @returns the status, with the instants of {@link heartbeatState} (null while paused)
 */
export function heartbeatStatus(
  m: HeartbeatMonitor,
  now: Date,
): { status: HeartbeatStatus; state: HeartbeatState | null } {
  if (m.paused) return { status: 'paused', state: null };
  const lastPingAt = m.lastPingAt && m.lastPingAt.getTime() > m.armedAt.getTime() ? m.lastPingAt : null;
  const state = heartbeatState({ intervalMs: m.intervalMs, graceMs: m.graceMs, lastPingAt, createdAt: m.armedAt }, now);
  return { status: state.state, state };
}
