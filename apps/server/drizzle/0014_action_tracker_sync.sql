-- 0014 action tracker sync (docs/postmortems.md, "Sync to trackers"): an improvement action can be mirrored to an
-- issue in a configured tracker; these columns hold which tracker, the issue there, its last state and the last error.
-- Expand only: nullable columns and an index.
ALTER TABLE "postmortem_actions" ADD COLUMN "sync_tracker" text;--> statement-breakpoint
ALTER TABLE "postmortem_actions" ADD COLUMN "sync_ref" text;--> statement-breakpoint
ALTER TABLE "postmortem_actions" ADD COLUMN "sync_url" text;--> statement-breakpoint
ALTER TABLE "postmortem_actions" ADD COLUMN "sync_state" text;--> statement-breakpoint
ALTER TABLE "postmortem_actions" ADD COLUMN "sync_error" text;--> statement-breakpoint
CREATE UNIQUE INDEX "postmortem_actions_sync_uq" ON "postmortem_actions" USING btree ("sync_tracker","sync_ref");