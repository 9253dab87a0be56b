CREATE TABLE "response_declarations" (
	"incident_id" bigint PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"reporter" text NOT NULL,
	"description" text NOT NULL,
	"declared_by" text NOT NULL,
	"declared_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_emissions" (
	"incident_id" bigint NOT NULL,
	"key" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "response_emissions_incident_id_key_pk" PRIMARY KEY("incident_id","key")
);
--> statement-breakpoint
CREATE TABLE "response_key_times" (
	"incident_id" bigint NOT NULL,
	"code" text NOT NULL,
	"at" timestamp with time zone,
	"set_by" text NOT NULL,
	"reason" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "response_key_times_incident_id_code_pk" PRIMARY KEY("incident_id","code")
);
--> statement-breakpoint
CREATE TABLE "response_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "response_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" bigint NOT NULL,
	"stream" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"event" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "response_status_updates" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "response_status_updates_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"incident_id" bigint NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"by" text NOT NULL,
	"phase" text NOT NULL,
	"impact" text NOT NULL,
	"actions" text NOT NULL,
	"next_update_by" timestamp with time zone,
	"audiences" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "response_declarations" ADD CONSTRAINT "response_declarations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_emissions" ADD CONSTRAINT "response_emissions_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_key_times" ADD CONSTRAINT "response_key_times_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_events" ADD CONSTRAINT "response_events_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "response_status_updates" ADD CONSTRAINT "response_status_updates_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "response_events_incident_idx" ON "response_events" USING btree ("incident_id","stream","id");--> statement-breakpoint
CREATE INDEX "response_status_updates_incident_idx" ON "response_status_updates" USING btree ("incident_id","id");