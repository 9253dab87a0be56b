-- 0006 consent (issue 15, docs/security.md "Who can change whom"): team invitations that a person accepts or
-- declines (a manager no longer adds people directly); iCalendar feed links with an id each, so one link can
-- be revoked; and the person a short link's page was for, checked when the link is used. Expand only: new
-- tables and a nullable column older nodes never read (their short links have no person and are checked by
-- their address, as signed links without one are).
CREATE TABLE "feed_links" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feed_links_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"target" text NOT NULL,
	"label" text,
	"created_by" text NOT NULL,
	"created_by_user_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by" text
);
--> statement-breakpoint
CREATE TABLE "team_invitations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "team_invitations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"team_id" text NOT NULL,
	"user_id" bigint NOT NULL,
	"role" text NOT NULL,
	"invited_by" text NOT NULL,
	"invited_by_user_id" bigint,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_at" timestamp with time zone,
	"answered_by" text
);
--> statement-breakpoint
ALTER TABLE "short_links" ADD COLUMN "user_id" bigint;--> statement-breakpoint
ALTER TABLE "feed_links" ADD CONSTRAINT "feed_links_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_invitations" ADD CONSTRAINT "team_invitations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_invitations" ADD CONSTRAINT "team_invitations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "feed_links_creator_idx" ON "feed_links" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE INDEX "feed_links_target_idx" ON "feed_links" USING btree ("kind","target");--> statement-breakpoint
CREATE UNIQUE INDEX "team_invitations_open_uq" ON "team_invitations" USING btree ("team_id","user_id") WHERE "team_invitations"."answer" is null;--> statement-breakpoint
CREATE INDEX "team_invitations_user_idx" ON "team_invitations" USING btree ("user_id");