CREATE FUNCTION ticket_limit() RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 100::bigint $$;

COMMENT ON FUNCTION ticket_limit() IS 'Maximum open tickets per user';
