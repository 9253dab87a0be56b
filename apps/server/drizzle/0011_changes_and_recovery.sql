-- 0011 changes and recovery (docs/changes.md, docs/recovery.md): deploys, config changes, flag flips, migrations and
-- infrastructure changes on services; people's verdicts on them per incident (caused | fixed | suspect | dismissed),
-- which feed the suspect ranking and analytics; and the recovery steps run on each incident with their approvals,
-- skips and automation answers. Expand only: new tables that nodes of the previous version never read.
CREATE TABLE "change_verdicts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_verdicts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"change_id" bigint NOT NULL,
	"incident_id" bigint NOT NULL,
	"verdict" text NOT NULL,
	"why" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"summary" text NOT NULL,
	"services" jsonb NOT NULL,
	"environment" text,
	"labels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"status" text NOT NULL,
	"exit_code" integer,
	"author" text,
	"source" text NOT NULL,
	"source_key" text,
	"external_id" text,
	"url" text,
	"rollback_of" bigint,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "recovery_steps" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "recovery_steps_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" bigint NOT NULL,
	"playbook_id" text NOT NULL,
	"step_id" text NOT NULL,
	"method" text NOT NULL,
	"targets" jsonb NOT NULL,
	"status" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"approvals_needed" integer NOT NULL,
	"approvals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"skip_reason" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_answer" jsonb,
	"last_error" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"change_id" bigint
);
--> statement-breakpoint
ALTER TABLE "change_verdicts" ADD CONSTRAINT "change_verdicts_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_verdicts_incident_idx" ON "change_verdicts" USING btree ("incident_id","id");--> statement-breakpoint
CREATE INDEX "change_verdicts_change_idx" ON "change_verdicts" USING btree ("change_id");--> statement-breakpoint
CREATE INDEX "changes_started_idx" ON "changes" USING btree ("started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "changes_external_uq" ON "changes" USING btree ("source","source_key","external_id") WHERE "changes"."external_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "recovery_steps_uq" ON "recovery_steps" USING btree ("incident_id","playbook_id","step_id");