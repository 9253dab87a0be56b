-- 0019 maintenance windows (docs/convergence.md#maintenance-windows): windows created through the API, CLI and
-- console, merged at runtime with the config's; an escalation remembers the pause-escalations window holding its
-- next step. Expand only: nodes of the previous version ignore the new table and column.
CREATE TABLE "maintenance_windows" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"schedule" jsonb NOT NULL,
	"scope" jsonb NOT NULL,
	"effect" text NOT NULL,
	"comment" text NOT NULL,
	"created_by" text NOT NULL,
	"closed_until" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "escalations" ADD COLUMN "paused_by" text;