/**
 * What retention may delete of the delivery records (docs/operations.md#retention): notifications whose delivery is
 * settled (sent, failed, cancelled or held into a digest), by when they were created. A notification still being
 * delivered is never deleted. Analytics' on-call load counts pages from these rows: a retention shorter than the
 * analysed period undercounts it (the default, 400 days, covers a year and its comparison).
 */
import type { PruneSpec } from '../db/index.ts';
import { SETTLED } from './sending.ts';

/** Settled notifications, by `created_at`. */
export const SETTLED_NOTIFICATIONS: PruneSpec = {
  table: 'notifications',
  insertedAt: 'created_at',
  where: `status in (${SETTLED.map((s) => `'${s}'`).join(', ')})`,
};
