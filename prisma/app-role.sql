-- The role the API and the worker connect as: it reads and writes the record, and owns nothing, so it
-- can neither drop the append-only guards nor rewrite, delete or truncate the append-only tables.
-- Run as the owner of the tables (the role that runs `npm run migrate`), after every migration
-- (it is idempotent), e.g.:
--   psql "$OWNER_DATABASE_URL" -v app_role=repatriation_app -v app_password='…' -f prisma/app-role.sql
SELECT set_config('repatriation.app_role', :'app_role', false), set_config('repatriation.app_password', :'app_password', false);

DO $$
DECLARE
  app text := current_setting('repatriation.app_role');
  schema_name text := current_schema();
  appended text;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app) THEN
    EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION',
      app, current_setting('repatriation.app_password'));
  END IF;
  EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), app);
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema_name, app);
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', schema_name, app);
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', schema_name, app);
  -- Append-only: read and add, never change or remove (the triggers refuse it too, even to the owner).
  FOREACH appended IN ARRAY ARRAY['CustodyEvent', 'DiscrepancyStatement', 'CaseEvent', 'MissingPersonEvent',
                                 'DataAccessLog', 'RequestAudit'] LOOP
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON %I.%I FROM %I', schema_name, appended, app);
  END LOOP;
  -- A discrepancy is never deleted by the service; its outcome changes only with its statement (trigger).
  EXECUTE format('REVOKE DELETE, TRUNCATE ON %I."Discrepancy" FROM %I', schema_name, app);
  -- The migrations' record: the service reads it at start (and applies nothing: the owner migrates).
  EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON %I."_prisma_migrations" FROM %I', schema_name, app);
END
$$;
