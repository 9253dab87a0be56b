-- 0007 intake quarantine (docs/intake.md#quarantine): convergence counts the failed tries of an event applied
-- on its own, keeps the last error (shortened, never the payload), and sets the event aside after a bounded
-- number of tries so the events behind it go on. Expand only: nodes of the previous version ignore the new
-- columns (and so keep retrying a quarantined event, as they did before).
ALTER TABLE "events" ADD COLUMN "converge_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "quarantined_at" timestamp with time zone;