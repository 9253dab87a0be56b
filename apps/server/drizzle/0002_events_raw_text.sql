-- 0002 events keep the request body as text (exactly as received, no jsonb parse on the intake path) and the
-- parsed signals as json (read once by convergence). Old nodes writing jsonb values still work: both types
-- accept them through assignment casts.
ALTER TABLE "events" ALTER COLUMN "payload" SET DATA TYPE text USING "payload"::text;--> statement-breakpoint
ALTER TABLE "events" ALTER COLUMN "signals" SET DATA TYPE json USING "signals"::json;
