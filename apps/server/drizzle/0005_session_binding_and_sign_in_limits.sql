-- 0005 sessions bound to their credential, a shared sign-in limiter, a replay guard (issue 15, item 3 and
-- parts of 5 and 6). Expand only: two new tables and a nullable column that older nodes never read.
--
-- replay_guard: one-time keys of signed inbound requests (a Slack request's timestamp and signature), kept
-- until the request would fail its freshness check anyway; shared by nodes so a replay is refused everywhere.
CREATE TABLE "replay_guard" (
	"key" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- sign_in_limits: failed-sign-in counters per account+client and per client (auth/sign-in-limit.ts), written
-- by rate-limiter-flexible's Drizzle store: points counted in the window ending at `expire`.
CREATE TABLE "sign_in_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"points" integer NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
-- api_tokens.parent_id: the API token a console session was started with; the session lives only while that
-- token does (checked by id on every request).
ALTER TABLE "api_tokens" ADD COLUMN "parent_id" bigint;--> statement-breakpoint
CREATE INDEX "replay_guard_expires_at_idx" ON "replay_guard" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "sign_in_limits_expire_idx" ON "sign_in_limits" USING btree ("expire");--> statement-breakpoint
-- Sessions started before this migration do not say which token they came from, so revoking that token
-- would not end them: sign everyone out of the console once.
UPDATE "api_tokens" SET "revoked_at" = now() WHERE "kind" = 'session' AND "revoked_at" IS NULL;
