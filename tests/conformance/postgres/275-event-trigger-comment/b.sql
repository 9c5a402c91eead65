CREATE SCHEMA audit;

CREATE TABLE audit.ddl_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tag text NOT NULL
);

CREATE FUNCTION audit.log_ddl() RETURNS event_trigger LANGUAGE plpgsql
    AS $$ BEGIN INSERT INTO audit.ddl_log (tag) VALUES (tg_tag); END $$;

CREATE EVENT TRIGGER log_ddl ON ddl_command_end EXECUTE FUNCTION audit.log_ddl();
COMMENT ON EVENT TRIGGER log_ddl IS 'records every DDL command''s tag';
