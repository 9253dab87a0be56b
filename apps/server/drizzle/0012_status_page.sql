-- 0012 status page (docs/status-page.md): public incidents, their published updates with component statuses, when
-- each component first appeared (its uptime counts from then), and email subscribers with double opt-in (the
-- confirmation token kept as its SHA-256). The page reads only these tables, which hold what was published to the
-- public audience and nothing of the internal incident but its id. Expand only: new tables that nodes of the
-- previous version never read.
CREATE TABLE "status_page_components" (
	"id" text PRIMARY KEY NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_page_incidents" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "status_page_incidents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" bigint NOT NULL,
	"title" text NOT NULL,
	"state" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "status_page_updates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "status_page_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"public_incident_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"state" text NOT NULL,
	"message" text NOT NULL,
	"components" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "status_page_subscribers" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "status_page_subscribers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"unsubscribed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "status_page_incidents" ADD CONSTRAINT "status_page_incidents_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_updates" ADD CONSTRAINT "status_page_updates_public_incident_id_status_page_incidents_id_fk" FOREIGN KEY ("public_incident_id") REFERENCES "public"."status_page_incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "status_page_incidents_incident_idx" ON "status_page_incidents" USING btree ("incident_id");--> statement-breakpoint
CREATE INDEX "status_page_incidents_resolved_idx" ON "status_page_incidents" USING btree ("resolved_at");--> statement-breakpoint
CREATE INDEX "status_page_updates_incident_idx" ON "status_page_updates" USING btree ("public_incident_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "status_page_subscribers_email_idx" ON "status_page_subscribers" USING btree ("email");--> statement-breakpoint
CREATE INDEX "status_page_subscribers_token_idx" ON "status_page_subscribers" USING btree ("token_hash");