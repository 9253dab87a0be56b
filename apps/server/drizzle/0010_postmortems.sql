-- 0010 postmortems and improvement actions (docs/postmortems.md, DESIGN §8): one postmortem per incident with
-- its working-day due time, template sections, checkpoint reviews and waivers; actions with owner, verifier, machine check,
-- acceptance criteria, due time and state. Expand only: new tables, nothing existing changes.
CREATE TABLE "postmortem_actions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "postmortem_actions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"postmortem_id" bigint NOT NULL,
	"incident_id" bigint NOT NULL,
	"title" text NOT NULL,
	"owner" text NOT NULL,
	"team" text,
	"acceptance_criteria" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"priority" text NOT NULL,
	"type" text NOT NULL,
	"verifier" text NOT NULL,
	"tracker" text,
	"check" jsonb,
	"last_check" jsonb,
	"state" text NOT NULL,
	"reject_reason" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"reminders" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "postmortems" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "postmortems_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" bigint NOT NULL,
	"status" text NOT NULL,
	"level" text,
	"owner" text,
	"team" text,
	"classification" text,
	"detection_source" text,
	"changes_reviewed_by" text,
	"monitoring_reviewed_by" text,
	"clock_explanation" text,
	"sections" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"waivers" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"calendar" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"review_meeting_at" timestamp with time zone,
	"opened_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text,
	"reminders" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "postmortem_actions" ADD CONSTRAINT "postmortem_actions_postmortem_id_postmortems_id_fk" FOREIGN KEY ("postmortem_id") REFERENCES "public"."postmortems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortem_actions" ADD CONSTRAINT "postmortem_actions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "postmortems" ADD CONSTRAINT "postmortems_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "postmortem_actions_pm_idx" ON "postmortem_actions" USING btree ("postmortem_id");--> statement-breakpoint
CREATE INDEX "postmortem_actions_due_idx" ON "postmortem_actions" USING btree ("state","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "postmortems_incident_uq" ON "postmortems" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "postmortems_due_idx" ON "postmortems" USING btree ("status","due_at");