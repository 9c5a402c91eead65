CREATE PROCEDURE nightly_cleanup()
    LANGUAGE sql
    AS $$ SELECT 1 $$;
