/**
 * Postmortems and their improvement actions (DESIGN §8: the closed loop). One postmortem per incident; its
 * structured fields (classification, detection source, reviews) are columns or typed JSON so analytics can
 * read them; free text is Markdown, stored as written and rendered safely by the console.
 */
import { index, integer, jsonb, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int8, tstz } from '../db/index.ts';
import { incidents } from '../incident/index.ts';

/** The template's sections (contracts PostmortemSections); free text is Markdown. */
export type StoredSections = Record<string, unknown>;

/** A waived checkpoint: who waived it, why and when (audited too). */
export interface StoredWaiver {
  checkpoint: string;
  reason: string;
  by: string;
  at: string;
}

export const postmortems = pgTable(
  'postmortems',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** `draft` until published; `published` is final. */
    status: text('status').notNull(),
    /** The incident's most severe level when the postmortem was opened, e.g. `P1` (drives deadlines). */
    level: text('level'),
    /** Postmortem owner (a person's email or name); default: the incident's coordinator. */
    owner: text('owner'),
    team: text('team'),
    /** Root-cause class (one of the configured classifications), null until classified. */
    classification: text('classification'),
    /** How the fault was discovered: monitoring, customer, internal, public-opinion. */
    detectionSource: text('detection_source'),
    changesReviewed: text('changes_reviewed_by'),
    monitoringReviewed: text('monitoring_reviewed_by'),
    /** Why the 1-5-10 targets were missed, when they were. */
    clockExplanation: text('clock_explanation'),
    sections: jsonb('sections').$type<StoredSections>().notNull().default({}),
    /** The template's section ids, in order (postmortem.templates by level when opened); null: the full one. */
    template: jsonb('template').$type<string[]>(),
    /** The postmortem.templates key that chose it (`P4`, `4`) or `default`. */
    templateSource: text('template_source'),
    waivers: jsonb('waivers').$type<StoredWaiver[]>().notNull().default([]),
    /** The working-day calendar the due time was computed on. */
    calendar: text('calendar').notNull(),
    dueAt: tstz('due_at').notNull(),
    reviewMeetingAt: tstz('review_meeting_at'),
    openedBy: text('opened_by').notNull(),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    publishedAt: tstz('published_at'),
    publishedBy: text('published_by'),
    /** Reminders sent so far (0: none, 1: before due, 2: overdue). */
    reminders: integer('reminders').notNull().default(0),
  },
  (t) => [uniqueIndex('postmortems_incident_uq').on(t.incidentId), index('postmortems_due_idx').on(t.status, t.dueAt)],
);

export const postmortemActions = pgTable(
  'postmortem_actions',
  {
    id: int8('id').primaryKey().generatedAlwaysAsIdentity(),
    postmortemId: int8('postmortem_id')
      .notNull()
      .references(() => postmortems.id),
    incidentId: int8('incident_id')
      .notNull()
      .references(() => incidents.id),
    title: text('title').notNull(),
    owner: text('owner').notNull(),
    team: text('team'),
    acceptanceCriteria: text('acceptance_criteria').notNull(),
    dueAt: tstz('due_at').notNull(),
    /** `high`, `medium`, `low`. */
    priority: text('priority').notNull(),
    /** `prevent`, `detect`, `mitigate`, `process`. */
    type: text('type').notNull(),
    verifier: text('verifier').notNull(),
    tracker: text('tracker'),
    /** The machine check of the acceptance criteria (contracts ActionCheck), or null. */
    check: jsonb('check').$type<Record<string, unknown>>(),
    /** Its last result: `{ at, ok, detail }`. */
    lastCheck: jsonb('last_check').$type<{ at: string; ok: boolean; detail: string }>(),
    /** `open`, `in_progress`, `done`, `verified`. */
    state: text('state').notNull(),
    rejectReason: text('reject_reason'),
    createdBy: text('created_by').notNull(),
    createdAt: tstz('created_at').notNull(),
    updatedAt: tstz('updated_at').notNull(),
    doneAt: tstz('done_at'),
    verifiedAt: tstz('verified_at'),
    /** Reminders sent so far (0: none; n: the overdue reminders of rounds 0 … n−1). */
    reminders: integer('reminders').notNull().default(0),
    /** The configured tracker the action is mirrored to (postmortem.trackers[].id), or null. */
    syncTracker: text('sync_tracker'),
    /** The issue there (GitHub: its number), once created. */
    syncRef: text('sync_ref'),
    syncUrl: text('sync_url'),
    /** The issue state last written or read (`open`, `closed`): what the tracker shows. */
    syncState: text('sync_state'),
    /** Why the last sync failed, or null. */
    syncError: text('sync_error'),
  },
  (t) => [
    index('postmortem_actions_pm_idx').on(t.postmortemId),
    index('postmortem_actions_due_idx').on(t.state, t.dueAt),
    uniqueIndex('postmortem_actions_sync_uq').on(t.syncTracker, t.syncRef),
  ],
);
