/**
 * Publish/subscribe for live updates (the console's stream), credential changes and "stored X changed" news.
 * Messages are published after the transaction that caused them commits.
 *
 * Within a node it is an EventEmitter. Across nodes sharing one PostgreSQL it is relayed (docs/adr/0005): what
 * this node publishes is also handed to the relay as a {@link BusNote} (db/node-channel.ts sends it with
 * NOTIFY), and what another node published comes back through {@link Bus.deliver}, which emits it here and
 * never relays it again. On the embedded single-node store there is no relay and nothing leaves the process.
 * Open streams also re-check their credential periodically, which catches a change whose note was lost
 * (a node reconnecting to the database).
 */
import { EventEmitter } from 'node:events';
import { StreamMessage } from '@faultline/contracts';

/**
 * What crosses between nodes: ids and kinds only, never personal data or text a person wrote (a note is
 * visible to every session of the database that listens). `message` is a live update; `credentials` says open
 * streams must re-check theirs; `changed` says the stored `what` (e.g. `rules`, `oncall`) changed, so a node
 * re-reads it.
 */
export type BusNote = { k: 'message'; m: StreamMessage } | { k: 'credentials' } | { k: 'changed'; what: string };

/** What {@link Bus.changed} may name: a short lower-case word. */
const WHAT = /^[a-z][a-z-]{0,31}$/;

/** A note from another node, checked; null when it is not one this version understands (it is ignored). */
export function parseBusNote(value: unknown): BusNote | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if (v.k === 'credentials') return { k: 'credentials' };
  if (v.k === 'changed' && typeof v.what === 'string' && WHAT.test(v.what)) return { k: 'changed', what: v.what };
  if (v.k === 'message') {
    const m = StreamMessage.safeParse(v.m);
    return m.success ? { k: 'message', m: m.data } : null;
  }
  return null;
}

export class Bus {
  private readonly emitter = new EventEmitter();
  private relay: ((note: BusNote) => void) | null = null;
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  /** Sends every note this node publishes to `relay` as well (the other nodes); null stops it. */
  relayTo(relay: ((note: BusNote) => void) | null): void {
    this.relay = relay;
  }
  /** A live update for this node's streams, and the other nodes'. */
  publish(message: StreamMessage): void {
    this.emitter.emit('message', message);
    this.relay?.({ k: 'message', m: message });
  }
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: StreamMessage) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }
  /**
   * Says that credentials changed — a token revoked, a person disabled or changed, a sign-out — after the
   * change committed, so open streams on every node re-check theirs at once (http/stream-credential.ts).
   */
  credentialsChanged(): void {
    this.emitter.emit('credentials');
    this.relay?.({ k: 'credentials' });
  }
  /** Returns the unsubscribe function. */
  onCredentialsChanged(listener: () => void): () => void {
    this.emitter.on('credentials', listener);
    return () => this.emitter.off('credentials', listener);
  }
  /**
   * Tells the other nodes that the stored `what` changed (this node has already re-read it): their
   * {@link onChanged} listeners run. Nothing runs on this node.
   */
  changed(what: string): void {
    if (!WHAT.test(what)) throw new Error(`bus: "${what}" is not a short lower-case word`);
    this.relay?.({ k: 'changed', what });
  }
  /** Runs `listener` when another node says the stored `what` changed. Returns the unsubscribe function. */
  onChanged(what: string, listener: () => void): () => void {
    const event = `changed:${what}`;
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }
  /** A note from another node: emitted here as if published here, and never relayed again. */
  deliver(note: BusNote): void {
    if (note.k === 'message') this.emitter.emit('message', note.m);
    else if (note.k === 'credentials') this.emitter.emit('credentials');
    else this.emitter.emit(`changed:${note.what}`);
  }
}
