-- 0023 service policies (issue 12): an escalation policy linked to a config service through the API or the
-- console (PATCH /api/v1/services/{id}); the service's incidents are paged through it before their team's.
-- Expand only: a new table.
CREATE TABLE "service_policies" (
	"service_id" text PRIMARY KEY NOT NULL,
	"escalation_policy" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
