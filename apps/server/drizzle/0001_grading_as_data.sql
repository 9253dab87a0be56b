-- 0001 grading as data: impact facts and close reason on incidents, versioned level rules per module
-- (draft, pending, approved, rejected, superseded), KPI watch state and samples. Expand-only.
CREATE TABLE "kpi_samples" (
	"watch_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	"baseline" double precision,
	"source" text NOT NULL,
	CONSTRAINT "kpi_samples_watch_id_at_pk" PRIMARY KEY("watch_id","at")
);
--> statement-breakpoint
CREATE TABLE "kpi_watch_state" (
	"watch_id" text PRIMARY KEY NOT NULL,
	"last_evaluated_at" timestamp with time zone,
	"last_value" double precision,
	"last_baseline" double precision,
	"last_drop_pct" double precision,
	"status" text NOT NULL,
	"last_error" text,
	"breach_started_at" timestamp with time zone,
	"incident_id" bigint,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "level_rule_versions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "level_rule_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"module" text NOT NULL,
	"version" integer NOT NULL,
	"rules" jsonb NOT NULL,
	"status" text NOT NULL,
	"author" text NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "facts" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "close_reason" text;--> statement-breakpoint
CREATE INDEX "kpi_samples_at_idx" ON "kpi_samples" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "level_rule_versions_module_version_uq" ON "level_rule_versions" USING btree ("module","version");--> statement-breakpoint
CREATE UNIQUE INDEX "level_rule_versions_active_uq" ON "level_rule_versions" USING btree ("module") WHERE "level_rule_versions"."status" = 'approved';