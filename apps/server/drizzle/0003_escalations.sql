-- 0003 escalation policies (DESIGN §7): one row per incident paged through a policy, naming the position
-- (policy, step, round) the next escalation.step job must have; the job handler locks it and moves it on in
-- the step's transaction. A new table only (expand): nodes without escalation support never read it.
CREATE TABLE "escalations" (
	"incident_id" bigint PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"policy_id" text NOT NULL,
	"next_step" integer NOT NULL,
	"next_round" integer NOT NULL,
	"next_at" timestamp with time zone,
	"requested_by" text,
	"pages" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
ALTER TABLE "escalations" ADD CONSTRAINT "escalations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;