CREATE FUNCTION greet(person text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT 'hello ' || person $$;
