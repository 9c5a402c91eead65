CREATE FUNCTION greet(name text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'hello ' || name $$;
