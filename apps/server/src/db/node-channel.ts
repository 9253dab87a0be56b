/**
 * The channel between Faultline nodes that share one PostgreSQL database (docs/adr/0005-cross-node-channel.md):
 * PostgreSQL's LISTEN/NOTIFY on the channel `faultline_nodes`.
 *
 * Each node holds one dedicated connection that LISTENs (not a pooled one: a pooled connection goes back to
 * the pool and its LISTEN with it). Notes to send are gathered for {@link GATHER_MS} and sent together as
 * one `pg_notify` through the pool, several notes per notification (a burst of intake becomes a few
 * statements, not one per incident), each notification under {@link MAX_PAYLOAD_BYTES} (PostgreSQL refuses
 * payloads of 8,000 bytes or more). Every notification carries this channel's random tag; a node ignores its
 * own. PostgreSQL delivers a notification to every listening session at most once, in commit order, and
 * drops it for a session that is not connected, so a reconnect calls `onReconnect` for the node to re-read
 * what it may have missed.
 *
 * The listening connection reconnects with backoff: 250 ms, doubled after each failure, at most 30 s.
 *
 * On the embedded store there is no other node: {@link openNodeChannel} returns a channel that sends nothing.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/** The PostgreSQL channel name every node LISTENs on. */
export const CHANNEL = 'faultline_nodes';
/** How long notes are gathered before they are sent, ms. */
export const GATHER_MS = 20;
/** The largest payload sent in one notification, bytes (PostgreSQL's limit is 8,000 by default). */
export const MAX_PAYLOAD_BYTES = 7_000;
/** First reconnect delay and the most it grows to, ms. */
export const RECONNECT_FIRST_MS = 250;
export const RECONNECT_MAX_MS = 30_000;
/** The listening connection's `application_name` (it shows in `pg_stat_activity`). */
export const APPLICATION_NAME = 'faultline-node-channel';

/** What opening a channel needs of the database (db/client.ts provides both on PostgreSQL). */
export interface ChannelDatabase {
  kind: 'pglite' | 'postgres';
  /** A new client of its own, not from the pool (PostgreSQL only). */
  dedicatedClient?: (applicationName: string) => pg.Client;
  /** A statement through the pool. */
  query: (text: string, params: unknown[]) => Promise<unknown>;
}

export interface ChannelHooks {
  /** Notes another node sent, in its order (JSON values; check them before use). */
  onNotes(notes: unknown[]): void;
  /** The listening connection is back after a loss: notes sent meanwhile were missed. */
  onReconnect(): void;
  log: { warn(obj: object, msg: string): void; info(obj: object, msg: string): void };
}

export interface NodeChannel {
  /** True when notes really leave this node (PostgreSQL). */
  readonly crossesNodes: boolean;
  /** Queues a note (a small JSON value) for the other nodes; sent within GATHER_MS. */
  send(note: unknown): void;
  /** Resolves once the listening connection is up (at once on the embedded store). */
  ready(): Promise<void>;
  /** Sends what is queued now; resolves once sent (or failed, which is logged). */
  flush(): Promise<void>;
  /** Sends what is queued, stops listening and closes the connection. */
  close(): Promise<void>;
}

const noChannel: NodeChannel = {
  crossesNodes: false,
  send() {},
  ready: () => Promise.resolve(),
  flush: () => Promise.resolve(),
  close: () => Promise.resolve(),
};

/** The envelope of one notification: the sender's tag and its notes. */
interface Envelope {
  n: string;
  e: unknown[];
}

/**
 * Splits notes into payloads of at most `max` bytes, each `{"n":tag,"e":[…]}`. Repeats of one note in a batch
 * are sent once. A single note larger than `max` is dropped and returned in `tooLarge`.
 */
export function payloadsOf(tag: string, notes: readonly unknown[], max = MAX_PAYLOAD_BYTES) {
  const head = `{"n":${JSON.stringify(tag)},"e":[`;
  const payloads: string[] = [];
  const tooLarge: string[] = [];
  let parts: string[] = [];
  let size = head.length + 2;
  for (const json of new Set(notes.map((n) => JSON.stringify(n)))) {
    const bytes = Buffer.byteLength(json);
    if (head.length + 2 + bytes > max) {
      tooLarge.push(json);
      continue;
    }
    if (parts.length > 0 && size + 1 + bytes > max) {
      payloads.push(`${head}${parts.join(',')}]}`);
      parts = [];
      size = head.length + 2;
    }
    size += bytes + (parts.length > 0 ? 1 : 0);
    parts.push(json);
  }
  if (parts.length > 0) payloads.push(`${head}${parts.join(',')}]}`);
  return { payloads, tooLarge };
}

/**
 * Opens the channel: on PostgreSQL, connects the listening client (retrying with backoff in the background
 * until it succeeds) and returns at once; on the embedded store, a channel that sends nothing.
 */
export function openNodeChannel(database: ChannelDatabase, hooks: ChannelHooks): NodeChannel {
  const connect = database.dedicatedClient;
  if (database.kind !== 'postgres' || !connect) return noChannel;
  const tag = randomBytes(6).toString('hex');
  let queue: unknown[] = [];
  let timer: NodeJS.Timeout | null = null;
  let sending: Promise<void> = Promise.resolve();
  let closed = false;
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | null = null;
  let delay = RECONNECT_FIRST_MS;
  let everConnected = false;
  let markReady!: () => void;
  const readyOnce = new Promise<void>((r) => (markReady = r));

  const receive = (msg: pg.Notification) => {
    if (msg.channel !== CHANNEL || !msg.payload) return;
    let env: Envelope;
    try {
      env = JSON.parse(msg.payload) as Envelope;
    } catch {
      hooks.log.warn({ channel: CHANNEL }, 'a node-channel notification is not JSON; ignored');
      return;
    }
    if (env.n === tag || !Array.isArray(env.e)) return;
    hooks.onNotes(env.e);
  };

  const lost = (c: pg.Client, err?: Error) => {
    if (client !== c) return;
    client = null;
    c.removeAllListeners('notification');
    void c.end().catch(() => undefined);
    if (closed) return;
    hooks.log.warn(
      { err: err?.message, retryInMs: delay },
      'the node channel lost its PostgreSQL connection; reconnecting',
    );
    schedule();
  };

  const schedule = () => {
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void listen();
    }, delay);
    retryTimer.unref();
    delay = Math.min(delay * 2, RECONNECT_MAX_MS);
  };

  const listen = async () => {
    if (closed) return;
    const c = connect(APPLICATION_NAME);
    // Errors before and after the connection is up: the first rejects connect(), later ones mean it is lost.
    c.on('error', (err) => lost(c, err));
    c.on('end', () => lost(c));
    c.on('notification', receive);
    client = c;
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
    } catch (err) {
      if (client === c) lost(c, err as Error);
      return;
    }
    if (closed) {
      await c.end().catch(() => undefined);
      return;
    }
    delay = RECONNECT_FIRST_MS;
    if (everConnected) {
      hooks.log.info({ channel: CHANNEL }, 'the node channel reconnected; re-reading what may have been missed');
      hooks.onReconnect();
    }
    everConnected = true;
    markReady();
  };

  const sendNow = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const notes = queue;
    queue = [];
    if (notes.length === 0) return sending;
    const { payloads, tooLarge } = payloadsOf(tag, notes);
    if (tooLarge.length > 0) hooks.log.warn({ notes: tooLarge.length }, 'a node-channel note is too large; not sent');
    // One send at a time, so notes leave in the order they were queued.
    sending = sending.then(async () => {
      for (const p of payloads) {
        try {
          await database.query('select pg_notify($1, $2)', [CHANNEL, p]);
        } catch (err) {
          hooks.log.warn({ err: (err as Error).message }, 'a node-channel notification could not be sent');
        }
      }
    });
    return sending;
  };

  void listen();
  return {
    crossesNodes: true,
    send(note) {
      if (closed) return;
      queue.push(note);
      timer ??= setTimeout(() => void sendNow(), GATHER_MS);
    },
    ready: () => readyOnce,
    flush: () => sendNow(),
    async close() {
      await sendNow();
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const c = client;
      client = null;
      markReady();
      if (c) {
        c.removeAllListeners();
        // A client that is still connecting would emit its error to nobody: keep a listener.
        c.on('error', () => undefined);
        await c.end().catch(() => undefined);
      }
    },
  };
}
