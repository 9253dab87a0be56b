-- 0020 postmortem templates and overdue postmortems on the incident list (docs/postmortems.md): a postmortem keeps
-- the template its level chose when it was opened (null: the full template), and an incident carries its unpublished
-- postmortem's due time so the list can show and filter overdue postmortems. Expand only: nodes of the previous
-- version ignore the new columns; the backfill copies the due time of every draft postmortem.
ALTER TABLE "incidents" ADD COLUMN "postmortem_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "postmortems" ADD COLUMN "template" jsonb;--> statement-breakpoint
ALTER TABLE "postmortems" ADD COLUMN "template_source" text;--> statement-breakpoint
UPDATE "incidents" SET "postmortem_due_at" = "postmortems"."due_at" FROM "postmortems" WHERE "postmortems"."incident_id" = "incidents"."id" AND "postmortems"."status" <> 'published';
