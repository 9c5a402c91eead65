CREATE FUNCTION total(a integer, b integer) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT a + b $$;
