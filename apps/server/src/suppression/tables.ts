/**
 * Silences stored through the API, CLI and console (DESIGN §5 step 3). Config silences are not stored: they
 * live in the config and are merged in when convergence reads the silences (`store.ts`).
 */
import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz } from '../db/index.ts';
import type { MaintenanceEffect } from './maintenance.ts';
import type { TimeIntervalInput } from '@faultline/contracts';

export const silences = pgTable(
  'silences',
  {
    /** A random UUID, as Alertmanager's silence ids. */
    id: text('id').primaryKey(),
    /** The matchers in Alertmanager text form, one per entry (`severity="critical"`, `instance=~"db-.*"`). */
    matchers: jsonb('matchers').$type<string[]>().notNull(),
    startsAt: tstz('starts_at').notNull(),
    endsAt: tstz('ends_at').notNull(),
    createdBy: text('created_by').notNull(),
    comment: text('comment').notNull(),
    annotations: jsonb('annotations').$type<Record<string, string>>().notNull().default({}),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    /** Who changed it last (edited or expired by hand); the creator until then. */
    updatedBy: text('updated_by').notNull(),
  },
  (t) => [index('silences_ends_idx').on(t.endsAt)],
);

/**
 * Maintenance windows created through the API, CLI and console (docs/convergence.md#maintenance-windows).
 * Config windows are not stored: they are merged in when convergence reads the windows (`store.ts`).
 */
export const maintenanceWindows = pgTable('maintenance_windows', {
  /** A random UUID. */
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** As given and validated: `{ kind: 'once', startsAt, endsAt }` (ISO 8601) or `{ kind: 'recurring',
   * timeIntervals }` (Alertmanager's time_interval fields). */
  schedule: jsonb('schedule')
    .$type<
      { kind: 'once'; startsAt: string; endsAt: string } | { kind: 'recurring'; timeIntervals: TimeIntervalInput[] }
    >()
    .notNull(),
  /** Service, module and business-line ids, and matchers in Alertmanager text form. */
  scope: jsonb('scope')
    .$type<{ services: string[]; modules: string[]; businessLines: string[]; matchers: string[] }>()
    .notNull(),
  effect: text('effect').$type<MaintenanceEffect>().notNull(),
  comment: text('comment').notNull(),
  createdBy: text('created_by').notNull(),
  /** Ended early by hand: not open before this instant (maintenance.ts `endMaintenanceAt`). */
  closedUntil: tstz('closed_until'),
  /**
   * Shown on the public status page as scheduled maintenance when set: the public title and the status page
   * component ids in `maintenance` while it is open. Null: not shown.
   */
  statusPage: jsonb('status_page').$type<{ title: string; components: string[] }>(),
  createdAt: tstz('created_at').notNull(),
  updatedAt: tstz('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});
