-- The accountability record cannot be rewritten: every append-only table refuses UPDATE, DELETE and
-- TRUNCATE alike (custody events already did), and a discrepancy's outcome changes only together with
-- the statement that brings it about (the report reads "how it ended" from that row).

CREATE FUNCTION append_only_refused() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused; record a correction as a new row', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

-- Discrepancy statements had UPDATE and DELETE refused, not TRUNCATE.
CREATE TRIGGER "DiscrepancyStatement_no_truncate" BEFORE TRUNCATE ON "DiscrepancyStatement"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refused();

CREATE TRIGGER "CaseEvent_append_only" BEFORE UPDATE OR DELETE ON "CaseEvent"
  FOR EACH ROW EXECUTE FUNCTION append_only_refused();
CREATE TRIGGER "CaseEvent_no_truncate" BEFORE TRUNCATE ON "CaseEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refused();

CREATE TRIGGER "MissingPersonEvent_append_only" BEFORE UPDATE OR DELETE ON "MissingPersonEvent"
  FOR EACH ROW EXECUTE FUNCTION append_only_refused();
CREATE TRIGGER "MissingPersonEvent_no_truncate" BEFORE TRUNCATE ON "MissingPersonEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refused();

CREATE TRIGGER "DataAccessLog_append_only" BEFORE UPDATE OR DELETE ON "DataAccessLog"
  FOR EACH ROW EXECUTE FUNCTION append_only_refused();
CREATE TRIGGER "DataAccessLog_no_truncate" BEFORE TRUNCATE ON "DataAccessLog"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refused();

CREATE TRIGGER "RequestAudit_append_only" BEFORE UPDATE OR DELETE ON "RequestAudit"
  FOR EACH ROW EXECUTE FUNCTION append_only_refused();
CREATE TRIGGER "RequestAudit_no_truncate" BEFORE TRUNCATE ON "RequestAudit"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refused();

CREATE TRIGGER "Discrepancy_no_truncate" BEFORE TRUNCATE ON "Discrepancy"
  FOR EACH STATEMENT EXECUTE FUNCTION append_only_refused();

-- A discrepancy's outcome (status, resolution, who and when) follows its statements: ESCALATED only
-- with an ESCALATION statement of that moment; RESOLVED only with the ACCEPTANCE (of the proposal whose
-- text is the resolution) or DECISION of that moment and principal; once resolved, it is final.
CREATE FUNCTION discrepancy_outcome_follows_statements() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.status, NEW."resolvedAt", NEW.resolution, NEW."resolvedBy", NEW."escalatedAt")
     IS NOT DISTINCT FROM (OLD.status, OLD."resolvedAt", OLD.resolution, OLD."resolvedBy", OLD."escalatedAt") THEN
    RETURN NEW;
  END IF;
  IF OLD.status <> 'RESOLVED' AND NEW.status = 'ESCALATED' AND NEW."resolvedAt" IS NULL
     AND NEW.resolution IS NULL AND NEW."resolvedBy" IS NULL
     AND EXISTS (SELECT 1 FROM "DiscrepancyStatement" s
                  WHERE s."discrepancyId" = NEW.id AND s.type = 'ESCALATION' AND s."recordedAt" = NEW."escalatedAt") THEN
    RETURN NEW;
  END IF;
  IF OLD.status <> 'RESOLVED' AND NEW.status = 'RESOLVED'
     AND NEW."escalatedAt" IS NOT DISTINCT FROM OLD."escalatedAt"
     AND EXISTS (SELECT 1 FROM "DiscrepancyStatement" s
                  WHERE s."discrepancyId" = NEW.id AND s."recordedAt" = NEW."resolvedAt" AND s.principal = NEW."resolvedBy"
                    AND ((s.type = 'DECISION' AND s.text IS NOT DISTINCT FROM NEW.resolution)
                      OR (s.type = 'ACCEPTANCE' AND EXISTS (
                            SELECT 1 FROM "DiscrepancyStatement" p
                             WHERE p."discrepancyId" = NEW.id AND p.type = 'PROPOSAL' AND p.proposal = s.proposal
                               AND p.text IS NOT DISTINCT FROM NEW.resolution)))) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'a discrepancy''s outcome follows its statements: % to % refused without the statement that brings it about',
    OLD.status, NEW.status
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER "Discrepancy_outcome_follows_statements" BEFORE UPDATE ON "Discrepancy"
  FOR EACH ROW EXECUTE FUNCTION discrepancy_outcome_follows_statements();
