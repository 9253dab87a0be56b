/**
 * The open live-update streams (`GET /api/v1/stream`) of this node: their caps, and the fan-out of bus
 * messages to them (docs/security.md#limits-and-headers).
 *
 * A stream that may see every incident gets every message. A team-limited one (a team-limited token, a
 * person who sees only their teams) gets an incident's message only when the incident belongs to one of its
 * teams. The incident's team is looked up once per message — in one query for a burst, and remembered,
 * since an incident keeps its team — and the message goes to the streams indexed under that team. Before,
 * each team-limited stream looked the team up itself: 2,000 such streams made 2,000 queries per message and
 * intake 59× slower.
 */
import type { StreamMessage } from '@faultline/contracts';
import type { Bus } from '../lib/bus.ts';
import { AppError } from '../lib/errors.ts';

/** Looks up the owning team (null: none) of incidents; absent ids do not exist. */
export type TeamsOf = (incidentIds: readonly number[]) => Promise<Map<number, string | null>>;

/** How many streams may be open (both at least 1). */
export interface StreamCaps {
  /** On this node, in all. */
  maxStreams: number;
  /** Per API token or console session. */
  maxStreamsPerToken: number;
}

/** Seconds a client refused for the node's cap is told to wait (`Retry-After`). */
export const STREAM_RETRY_AFTER_S = 30;

type Send = (message: StreamMessage) => void;

/** Incidents whose team is remembered; the oldest are forgotten past this many. */
const TEAM_CACHE_SIZE = 10_000;

export class LiveStreams {
  private readonly caps: StreamCaps;
  private readonly teamsOf: TeamsOf;
  private readonly onError: (err: unknown) => void;
  private readonly unsubscribe: () => void;
  /** Streams that see every incident. */
  private readonly everything = new Set<Send>();
  /** Team-limited streams by each team they may see. */
  private readonly byTeam = new Map<string, Set<Send>>();
  private readonly perToken = new Map<string, number>();
  private open = 0;
  private readonly teamCache = new Map<number, string | null>();
  /** Messages for team-limited streams waiting for their incident's team, in publishing order. */
  private queue: Array<StreamMessage & { incidentId: number }> = [];
  private draining = false;

  /**
   * @param bus where messages are published (after their transaction commits)
   * @param teamsOf the incidents' teams (one query for many ids)
   * @param onError told when a lookup fails; those messages are not sent to team-limited streams
   */
  constructor(bus: Bus, teamsOf: TeamsOf, caps: StreamCaps, onError: (err: unknown) => void) {
    this.caps = caps;
    this.teamsOf = teamsOf;
    this.onError = onError;
    this.unsubscribe = bus.subscribe((m) => this.publish(m));
  }

  /** Streams open now. */
  get size(): number {
    return this.open;
  }

  /**
   * Opens a stream for `token` (a key for the API token or session: never the secret itself) that may see
   * the incidents of `teams` (null: every incident; messages that name no incident go to these only).
   * @returns the function that closes it (idempotent)
   * @throws AppError RATE_LIMITED when the token has its cap of streams open; UNAVAILABLE when the node has
   */
  add(token: string, teams: readonly string[] | null, send: Send): () => void {
    const mine = this.perToken.get(token) ?? 0;
    if (mine >= this.caps.maxStreamsPerToken) {
      throw new AppError(
        'RATE_LIMITED',
        `this token or session already has ${this.caps.maxStreamsPerToken} live-update streams open, the most it may; close one (another tab or window) and retry`,
      );
    }
    if (this.open >= this.caps.maxStreams) {
      throw new AppError(
        'UNAVAILABLE',
        `this server already serves ${this.caps.maxStreams} live-update streams, the most it may; retry in ${STREAM_RETRY_AFTER_S} s`,
      );
    }
    this.perToken.set(token, mine + 1);
    this.open += 1;
    if (teams === null) this.everything.add(send);
    for (const team of teams ?? []) {
      const set = this.byTeam.get(team) ?? new Set<Send>();
      set.add(send);
      this.byTeam.set(team, set);
    }
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      this.open -= 1;
      const left = (this.perToken.get(token) ?? 1) - 1;
      if (left > 0) this.perToken.set(token, left);
      else this.perToken.delete(token);
      this.everything.delete(send);
      for (const team of teams ?? []) {
        const set = this.byTeam.get(team);
        set?.delete(send);
        if (set?.size === 0) this.byTeam.delete(team);
      }
    };
  }

  /** Stops listening to the bus (the server is closing). */
  close(): void {
    this.unsubscribe();
  }

  private publish(m: StreamMessage): void {
    for (const send of this.everything) send(m);
    // A team-limited stream sees only messages about incidents of its teams.
    if (this.byTeam.size === 0 || m.incidentId === undefined) return;
    this.queue.push({ ...m, incidentId: m.incidentId });
    // Start after the current task, so the messages published together (a convergence batch) share a lookup.
    if (!this.draining) {
      this.draining = true;
      queueMicrotask(() => void this.drain());
    }
  }

  /** Sends the queued messages to the team-limited streams, looking up unknown teams in one query per round. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue;
        this.queue = [];
        const unknown = [...new Set(batch.map((m) => m.incidentId))].filter((id) => !this.teamCache.has(id));
        if (unknown.length > 0) {
          try {
            for (const [id, team] of await this.teamsOf(unknown)) this.remember(id, team);
          } catch (err) {
            this.onError(err);
            continue;
          }
        }
        for (const m of batch) {
          const team = this.teamCache.get(m.incidentId);
          if (team === undefined || team === null) continue;
          for (const send of this.byTeam.get(team) ?? []) send(m);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private remember(id: number, team: string | null): void {
    this.teamCache.set(id, team);
    if (this.teamCache.size > TEAM_CACHE_SIZE) this.teamCache.delete(this.teamCache.keys().next().value!);
  }
}
