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
-- same transaction, so the derived row can never silently fall behind. Inserts and deletes: statement-level
-- triggers with transition tables (one insert per statement, not per row). Updates: per row with a WHEN on the
-- columns analytics reads (PostgreSQL allows no column list with transition tables), so an update that changes
-- nothing analytics reads (an incident's alert count, say) marks nothing. Static SQL, one function per id
-- column (incidents.id, else incident_id), so each plan is prepared once.
CREATE FUNCTION analytics_stale_new_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_stale (incident_id) SELECT DISTINCT id FROM new_rows WHERE id IS NOT NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION analytics_stale_old_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_stale (incident_id) SELECT DISTINCT id FROM old_rows WHERE id IS NOT NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION analytics_stale_row_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_stale (incident_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
	IF OLD.id IS DISTINCT FROM NEW.id THEN
		INSERT INTO analytics_stale (incident_id) VALUES (OLD.id) ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION analytics_stale_new_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_stale (incident_id) SELECT DISTINCT incident_id FROM new_rows WHERE incident_id IS NOT NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION analytics_stale_old_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_stale (incident_id) SELECT DISTINCT incident_id FROM old_rows WHERE incident_id IS NOT NULL ON CONFLICT DO NOTHING;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION analytics_stale_row_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO analytics_stale (incident_id) VALUES (NEW.incident_id) ON CONFLICT DO NOTHING;
	IF OLD.incident_id IS DISTINCT FROM NEW.incident_id THEN
		INSERT INTO analytics_stale (incident_id) VALUES (OLD.incident_id) ON CONFLICT DO NOTHING;
	END IF;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_new_id();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON incidents FOR EACH ROW WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.status IS DISTINCT FROM NEW.status OR OLD.risk IS DISTINCT FROM NEW.risk OR OLD.levels IS DISTINCT FROM NEW.levels OR OLD.level_explanation IS DISTINCT FROM NEW.level_explanation OR OLD.team IS DISTINCT FROM NEW.team OR OLD.service IS DISTINCT FROM NEW.service OR OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.impact_started_at IS DISTINCT FROM NEW.impact_started_at OR OLD.detected_at IS DISTINCT FROM NEW.detected_at OR OLD.acknowledged_at IS DISTINCT FROM NEW.acknowledged_at OR OLD.mitigated_at IS DISTINCT FROM NEW.mitigated_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.drill IS DISTINCT FROM NEW.drill OR OLD.noise IS DISTINCT FROM NEW.noise) EXECUTE FUNCTION analytics_stale_row_id();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_old_id();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON alerts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_new_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON alerts FOR EACH ROW WHEN (OLD.incident_id IS DISTINCT FROM NEW.incident_id OR OLD.integration IS DISTINCT FROM NEW.integration OR OLD.labels IS DISTINCT FROM NEW.labels) EXECUTE FUNCTION analytics_stale_row_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON alerts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_old_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON response_key_times REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_new_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON response_key_times FOR EACH ROW EXECUTE FUNCTION analytics_stale_row_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON response_key_times REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_old_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON response_declarations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_new_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON response_declarations FOR EACH ROW EXECUTE FUNCTION analytics_stale_row_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON response_declarations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_old_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON postmortems REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_new_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON postmortems FOR EACH ROW WHEN (OLD.incident_id IS DISTINCT FROM NEW.incident_id OR OLD.detection_source IS DISTINCT FROM NEW.detection_source OR OLD.classification IS DISTINCT FROM NEW.classification) EXECUTE FUNCTION analytics_stale_row_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON postmortems REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_old_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON recovery_steps REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_new_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON recovery_steps FOR EACH ROW WHEN (OLD.incident_id IS DISTINCT FROM NEW.incident_id OR OLD.method IS DISTINCT FROM NEW.method OR OLD.started_at IS DISTINCT FROM NEW.started_at) EXECUTE FUNCTION analytics_stale_row_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON recovery_steps REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_old_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_ins AFTER INSERT ON change_verdicts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_new_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_upd AFTER UPDATE ON change_verdicts FOR EACH ROW EXECUTE FUNCTION analytics_stale_row_incident();
--> statement-breakpoint
CREATE TRIGGER analytics_stale_del AFTER DELETE ON change_verdicts REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analytics_stale_old_incident();
--> statement-breakpoint
-- Backfill: every existing incident is stale; the first analytics read computes their rows.
INSERT INTO analytics_stale (incident_id) SELECT id FROM incidents;
