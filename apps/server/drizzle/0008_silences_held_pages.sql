-- 0008 silences and held pages (docs/convergence.md#silences): silences stored through the API; each alert
-- records why it is muted; an incident whose paging alerts are muted keeps the pages it would have sent until
-- the mute ends. Expand only: nodes of the previous version ignore the new table and columns (and page as before).
CREATE TABLE "silences" (
	"id" text PRIMARY KEY NOT NULL,
	"matchers" jsonb NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"comment" text NOT NULL,
	"annotations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "alerts" ADD COLUMN "muted_by" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "held_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "held_pages" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "silences_ends_idx" ON "silences" USING btree ("ends_at");