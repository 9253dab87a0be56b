/**
 * In-process publish/subscribe for live updates (the console's stream). Messages are published after the
 * transaction that caused them commits. Multi-node fan-out (PostgreSQL LISTEN/NOTIFY) is a later step; until
 * then open streams also re-check their credential periodically, which catches changes made on other nodes.
 */
import { EventEmitter } from 'node:events';
import type { StreamMessage } from '@faultline/contracts';

export class Bus {
  private readonly emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  publish(message: StreamMessage): void {
    this.emitter.emit('message', message);
  }
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: StreamMessage) => void): () => void {
    this.emitter.on('message', listener);
    return () => this.emitter.off('message', listener);
  }
  /**
   * Says that credentials changed — a token revoked, a person disabled or changed, a sign-out — after the
   * change committed, so open streams re-check theirs at once (http/stream-credential.ts).
   */
  credentialsChanged(): void {
    this.emitter.emit('credentials');
  }
  /** Returns the unsubscribe function. */
  onCredentialsChanged(listener: () => void): () => void {
    this.emitter.on('credentials', listener);
    return () => this.emitter.off('credentials', listener);
  }
}
