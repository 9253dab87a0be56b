-- 0021 heartbeats (docs/intake.md#heartbeats): heartbeat monitors, stored through the API and upserted from the
-- config, with their last ping and alert state. Expand only: nodes of the previous version ignore the new table.
CREATE TABLE "heartbeats" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"integration" text,
	"service" text,
	"interval_seconds" integer NOT NULL,
	"grace_seconds" integer NOT NULL,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"matchers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"token_hash" text,
	"paused" boolean DEFAULT false NOT NULL,
	"armed_at" timestamp with time zone NOT NULL,
	"last_ping_at" timestamp with time zone,
	"alert_state" text DEFAULT 'up' NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "heartbeats_integration_idx" ON "heartbeats" USING btree ("integration");
