/**
 * The open live-update streams (`GET /api/v1/stream`) of this node: their caps, and the fan-out of bus
 * messages to them (docs/security.md#limits-and-headers): this node's messages and, on PostgreSQL, those the
 * other nodes published (relayed by the bus, lib/bus.ts).
 *
 * A stream that may see every incident gets every message. A team-limited one (a team-limited token, a
 * person who sees only their teams) gets an incident's message only when the incident belongs to one of its
 * teams. Messages are gathered for a moment (200 ms) and written together: repeats of one message (a burst of
 * updates of one incident) become one, and each stream gets one write per moment, not one per message. The
 * teams of the gathered incidents are looked up in one query — and remembered, since an incident keeps its
 * team — and each team's messages go to the streams indexed under it. Before, each team-limited stream looked
 * the team up itself, once per message: 2,000 such streams made 2,000 queries per message and intake 59×
 * slower.
 */
import type { StreamMessage } from '@faultline/contracts';
import type { Bus } from '../lib/index.ts';
import { AppError } from '../lib/index.ts';

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

/**
 * Writes to one stream: one or more Server-Sent Events frames (`data: {…}\n\n`), serialised once for all the
 * streams that get them.
 */
export type Send = (frames: string) => void;

/** The Server-Sent Events frame of a message. */
const frameOf = (m: StreamMessage) => `data: ${JSON.stringify(m)}\n\n`;

/** Incidents whose team is remembered; the oldest are forgotten past this many. */
const TEAM_CACHE_SIZE = 10_000;

/** Default time messages are gathered before they are written, ms. */
export const STREAM_FLUSH_MS = 200;

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
  private readonly flushMs: number;
  /** Frames for the all-seeing streams gathered since the last flush, in publishing order, without repeats. */
  private forEverything = new Set<string>();
  /** Messages for team-limited streams gathered since the last flush, in publishing order. */
  private forTeams: Array<StreamMessage & { incidentId: number }> = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();

  /**
   * @param bus where messages are published (after their transaction commits)
   * @param teamsOf the incidents' teams (one query for many ids)
   * @param onError told when a lookup fails; those messages are not sent to team-limited streams
   * @param flushMs how long messages are gathered before they are written (a burst of updates of one incident
   *   becomes one message, and each stream gets one write per flush instead of one per message)
   */
  constructor(
    bus: Bus,
    teamsOf: TeamsOf,
    caps: StreamCaps,
    onError: (err: unknown) => void,
    flushMs = STREAM_FLUSH_MS,
  ) {
    this.caps = caps;
    this.teamsOf = teamsOf;
    this.onError = onError;
    this.flushMs = flushMs;
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
    if (this.timer) clearTimeout(this.timer);
  }

  /** Resolves once every message published so far has been written (tests). */
  async settled(): Promise<void> {
    while (this.timer || this.forTeams.length > 0 || this.forEverything.size > 0) {
      await new Promise((r) => setTimeout(r, this.flushMs));
      await this.flushing;
    }
    await this.flushing;
  }

  private publish(m: StreamMessage): void {
    if (this.everything.size > 0) this.forEverything.add(frameOf(m));
    // A team-limited stream sees only messages about incidents of its teams.
    if (this.byTeam.size > 0 && m.incidentId !== undefined) this.forTeams.push({ ...m, incidentId: m.incidentId });
    if (this.timer === null && (this.forEverything.size > 0 || this.forTeams.length > 0)) {
      this.timer = setTimeout(() => {
        this.timer = null;
        // One flush at a time, so messages leave in publishing order.
        this.flushing = this.flushing.then(() => this.flush());
      }, this.flushMs);
    }
  }

  /**
   * Writes what was gathered: the all-seeing streams at once; the team-limited ones after looking up the
   * unknown incidents' teams in one query.
   */
  private async flush(): Promise<void> {
    const all = [...this.forEverything].join('');
    this.forEverything = new Set();
    if (all) for (const send of this.everything) send(all);

    const batch = this.forTeams;
    this.forTeams = [];
    if (batch.length === 0) return;
    const unknown = [...new Set(batch.map((m) => m.incidentId))].filter((id) => !this.teamCache.has(id));
    if (unknown.length > 0) {
      try {
        for (const [id, team] of await this.teamsOf(unknown)) this.remember(id, team);
      } catch (err) {
        this.onError(err);
        return;
      }
    }
    // In publishing order per stream (a stream of two teams gets both teams' messages interleaved as published).
    const seen = new Set<string>();
    const out = new Map<Send, string[]>();
    for (const m of batch) {
      const team = this.teamCache.get(m.incidentId);
      const streams = team === undefined || team === null ? undefined : this.byTeam.get(team);
      const frame = frameOf(m);
      if (!streams || seen.has(frame)) continue;
      seen.add(frame);
      for (const send of streams) {
        const frames = out.get(send);
        if (frames) frames.push(frame);
        else out.set(send, [frame]);
      }
    }
    for (const [send, frames] of out) send(frames.join(''));
  }

  private remember(id: number, team: string | null): void {
    this.teamCache.set(id, team);
    if (this.teamCache.size > TEAM_CACHE_SIZE) this.teamCache.delete(this.teamCache.keys().next().value!);
  }
}
