/**
 * In-process publish/subscribe for live updates (the console's stream). Messages are published after the
 * transaction that caused them commits. Multi-node fan-out (PostgreSQL LISTEN/NOTIFY) is a later step.
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
}
