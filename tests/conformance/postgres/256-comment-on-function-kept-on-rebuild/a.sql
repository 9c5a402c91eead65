CREATE FUNCTION ticket_limit() RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 100 $$;

COMMENT ON FUNCTION ticket_limit() IS 'Maximum open tickets per user';
