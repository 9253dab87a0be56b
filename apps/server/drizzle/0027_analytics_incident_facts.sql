CREATE TABLE "analytics_incident_facts" (
	"incident_id" bigint PRIMARY KEY NOT NULL,
	"anchor_at" timestamp with time zone NOT NULL,
	"team" text,
	"facts" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_stale" (
	"incident_id" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "analytics_incident_facts_anchor_idx" ON "analytics_incident_facts" USING btree ("anchor_at");--> statement-breakpoint
-- Hand-written (ADR 0027): every change to a table analytics reads marks the incidents it touches stale, in the
-- same transaction, so the derived row can never silently fall behind. Statement-level triggers with transition
-- tables for inserts and deletes: one insert per statement, not per row. TG_ARGV[0] names the incident id's column.
CREATE FUNCTION analytics_mark_stale() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'INSERT' THEN
		EXECUTE format('INSERT INTO analytics_stale (incident_id) SELECT DISTINCT %I FROM new_rows WHERE %I IS NOT NULL ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[0]);
	END IF;
	IF TG_OP = 'DELETE' THEN
		EXECUTE format('INSERT INTO analytics_stale (incident_id) SELECT DISTINCT %I FROM old_rows WHERE %I IS NOT NULL ON CONFLICT DO NOTHING', TG_ARGV[0], TG_ARGV[0]);
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
-- Updates are read per row with a WHEN clause (PostgreSQL allows no column list with transition tables), so an
-- update that changes nothing analytics reads (an incident's alert count, say) marks nothing.
CREATE FUNCTION analytics_mark_stale_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_stale (incident_id)
	SELECT DISTINCT id FROM (VALUES ((to_jsonb(OLD)->>TG_ARGV[0])::int8), ((to_jsonb(NEW)->>TG_ARGV[0])::int8)) v(id)
	WHERE id IS NOT NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON incidents FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.status IS DISTINCT FROM NEW.status OR OLD.risk IS DISTINCT FROM NEW.risk OR OLD.levels IS DISTINCT FROM NEW.levels OR OLD.level_explanation IS DISTINCT FROM NEW.level_explanation OR OLD.team IS DISTINCT FROM NEW.team OR OLD.service IS DISTINCT FROM NEW.service OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.impact_started_at IS DISTINCT FROM NEW.impact_started_at OR OLD.detected_at IS DISTINCT FROM NEW.detected_at OR OLD.acknowledged_at IS DISTINCT FROM NEW.acknowledged_at OR OLD.mitigated_at IS DISTINCT FROM NEW.mitigated_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.drill IS DISTINCT FROM NEW.drill OR OLD.noise IS DISTINCT FROM NEW.noise) EXECUTE FUNCTION analytics_mark_stale_row('id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON alerts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON alerts FOR EACH ROW WHEN (OLD.incident_id IS DISTINCT FROM NEW.incident_id OR OLD.integration IS DISTINCT FROM NEW.integration OR OLD.labels IS DISTINCT FROM NEW.labels) EXECUTE FUNCTION analytics_mark_stale_row('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON alerts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON response_key_times REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON response_key_times FOR EACH ROW EXECUTE FUNCTION analytics_mark_stale_row('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON response_key_times REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON response_declarations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON response_declarations FOR EACH ROW EXECUTE FUNCTION analytics_mark_stale_row('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON response_declarations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON postmortems REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON postmortems FOR EACH ROW WHEN (OLD.incident_id IS DISTINCT FROM NEW.incident_id OR OLD.detection_source IS DISTINCT FROM NEW.detection_source OR OLD.classification IS DISTINCT FROM NEW.classification) EXECUTE FUNCTION analytics_mark_stale_row('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON postmortems REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON recovery_steps REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON recovery_steps FOR EACH ROW WHEN (OLD.incident_id IS DISTINCT FROM NEW.incident_id OR OLD.method IS DISTINCT FROM NEW.method OR OLD.started_at IS DISTINCT FROM NEW.started_at) EXECUTE FUNCTION analytics_mark_stale_row('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON recovery_steps REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON change_verdicts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON change_verdicts FOR EACH ROW EXECUTE FUNCTION analytics_mark_stale_row('incident_id');
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON change_verdicts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_mark_stale('incident_id');
--> statement-breakpoint
-- Backfill: every existing incident is stale; the first analytics read computes their rows.
INSERT INTO analytics_stale (incident_id) SELECT id FROM incidents;
