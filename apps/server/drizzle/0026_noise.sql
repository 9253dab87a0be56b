ALTER TABLE "alerts" ADD COLUMN "noise" jsonb;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "noise" jsonb;