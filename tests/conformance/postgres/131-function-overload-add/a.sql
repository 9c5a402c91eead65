CREATE FUNCTION describe(value integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'integer ' || value $$;
