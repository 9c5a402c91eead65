CREATE TABLE kept (id int PRIMARY KEY);
CREATE FUNCTION refuse_ddl() RETURNS event_trigger LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'DDL is frozen: %', tg_tag; END $$;

CREATE EVENT TRIGGER ddl_freeze ON ddl_command_start EXECUTE FUNCTION refuse_ddl();
