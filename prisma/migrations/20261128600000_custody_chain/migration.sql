-- A custody record nobody can quietly change. Each custody event carries the hash of the previous event of
-- its container ("previousHash", NULL for the first) and its own ("hash"): SHA-256 in lowercase hex over the
-- canonical form defined in src/custody/chain.ts and computed here alike by custody_event_canonical.
-- An insert whose hashes do not follow the chain is refused; UPDATE, DELETE and TRUNCATE are refused always.

-- AlterTable
ALTER TABLE "CustodyEvent" ADD COLUMN "previousHash" TEXT,
ADD COLUMN "hash" TEXT;

-- The canonical form: a JSON array without spaces, as JSON.stringify writes it.
CREATE FUNCTION custody_event_canonical(
    container_id UUID, seq INTEGER, from_custodian TEXT, to_custodian TEXT, place TEXT,
    occurred_at TIMESTAMPTZ, attested_by TEXT, previous_hash TEXT
) RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT '[' || to_json('custody-event/v1'::TEXT)::TEXT
    || ',' || to_json(container_id::TEXT)::TEXT
    || ',' || seq::TEXT
    || ',' || COALESCE(to_json(from_custodian)::TEXT, 'null')
    || ',' || to_json(to_custodian)::TEXT
    || ',' || to_json(place)::TEXT
    || ',' || to_json(to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::TEXT
    || ',' || to_json(attested_by)::TEXT
    || ',' || COALESCE(to_json(previous_hash)::TEXT, 'null')
    || ']'
$$;

CREATE FUNCTION custody_event_hash(
    container_id UUID, seq INTEGER, from_custodian TEXT, to_custodian TEXT, place TEXT,
    occurred_at TIMESTAMPTZ, attested_by TEXT, previous_hash TEXT
) RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT encode(sha256(convert_to(custody_event_canonical(
    container_id, seq, from_custodian, to_custodian, place, occurred_at, attested_by, previous_hash), 'UTF8')), 'hex')
$$;

-- Events written before the chain: linked in sequence order within each container.
DO $$
DECLARE
  e RECORD;
  last_container UUID;
  last_hash TEXT;
BEGIN
  FOR e IN SELECT * FROM "CustodyEvent" ORDER BY "containerId", "sequence" LOOP
    IF last_container IS DISTINCT FROM e."containerId" THEN
      last_hash := NULL;
    END IF;
    UPDATE "CustodyEvent"
       SET "previousHash" = last_hash,
           "hash" = custody_event_hash(e."containerId", e."sequence", e."fromCustodian", e."toCustodian",
                                       e."place", e."occurredAt", e."attestedBy", last_hash)
     WHERE "id" = e."id"
    RETURNING "hash" INTO last_hash;
    last_container := e."containerId";
  END LOOP;
END
$$;

ALTER TABLE "CustodyEvent" ALTER COLUMN "hash" SET NOT NULL;

-- An event must follow its container's previous one and carry both hashes right.
CREATE FUNCTION custody_event_follows_chain() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
  previous TEXT;
BEGIN
  IF NEW."sequence" > 1 THEN
    SELECT "hash" INTO previous FROM "CustodyEvent"
     WHERE "containerId" = NEW."containerId" AND "sequence" = NEW."sequence" - 1;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'custody event % of container % follows no event %', NEW."sequence", NEW."containerId", NEW."sequence" - 1
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  IF NEW."previousHash" IS DISTINCT FROM previous THEN
    RAISE EXCEPTION 'custody event % of container % does not carry the hash of the event before it', NEW."sequence", NEW."containerId"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW."hash" IS DISTINCT FROM custody_event_hash(NEW."containerId", NEW."sequence", NEW."fromCustodian",
       NEW."toCustodian", NEW."place", NEW."occurredAt", NEW."attestedBy", NEW."previousHash") THEN
    RAISE EXCEPTION 'custody event % of container % carries a hash that is not of its content', NEW."sequence", NEW."containerId"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END
$$;

CREATE TRIGGER "CustodyEvent_follows_chain" BEFORE INSERT ON "CustodyEvent"
  FOR EACH ROW EXECUTE FUNCTION custody_event_follows_chain();

-- Append-only: a correction is a new event, never an edit.
CREATE FUNCTION custody_event_append_only() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'custody events are append-only: % refused; record a correction as a new event', TG_OP
    USING ERRCODE = 'integrity_constraint_violation';
END
$$;

CREATE TRIGGER "CustodyEvent_append_only" BEFORE UPDATE OR DELETE ON "CustodyEvent"
  FOR EACH ROW EXECUTE FUNCTION custody_event_append_only();

CREATE TRIGGER "CustodyEvent_no_truncate" BEFORE TRUNCATE ON "CustodyEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION custody_event_append_only();
