-- Issue 11 (import history): an imported incident names where it came from (`statuspage:<id>`, `csv:<id>`).
-- Additive: a nullable column and a partial unique index, so a second import of the same history adds nothing
-- and older nodes ignore the column.
ALTER TABLE "incidents" ADD COLUMN "imported_from" text;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_imported_from_uq" ON "incidents" USING btree ("imported_from") WHERE "incidents"."imported_from" is not null;