/**
 * What retention may delete of the raw inbound payloads (docs/operations.md#retention): events convergence has
 * applied, by when they were received. An event not yet applied, or quarantined, stays until it is applied,
 * replayed or discarded: retention never loses an alert.
 */
import type { PruneSpec } from '../db/index.ts';

/** Processed events, by `received_at`. */
export const PROCESSED_EVENTS: PruneSpec = {
  table: 'events',
  insertedAt: 'received_at',
  where: 'processed_at is not null',
};
