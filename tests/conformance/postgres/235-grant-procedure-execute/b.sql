CREATE PROCEDURE nightly_cleanup()
    LANGUAGE sql
    AS $$ SELECT 1 $$;

GRANT EXECUTE ON PROCEDURE nightly_cleanup() TO strata_conf_writer;
