-- 0025 fault drills (docs/response.md#fault-drills) and scheduled maintenance on the status page
-- (docs/status-page.md): a drill incident carries its participants on the incident row (null for every real
-- incident), the room keeps the scenario and, for a scheduled drill, the instant it was due (unique, so a due
-- drill is declared once across nodes); a maintenance window may be shown on the status page. Expand only:
-- nodes of the previous version ignore the new table and columns.
CREATE TABLE "response_drills" (
	"incident_id" bigint PRIMARY KEY NOT NULL,
	"scenario" jsonb NOT NULL,
	"schedule_id" text,
	"due_at" timestamp with time zone,
	"declared_by" text NOT NULL,
	"declared_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "drill" jsonb;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD COLUMN "status_page" jsonb;--> statement-breakpoint
ALTER TABLE "response_drills" ADD CONSTRAINT "response_drills_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "response_drills_due_uq" ON "response_drills" USING btree ("schedule_id","due_at") WHERE "response_drills"."schedule_id" is not null;