CREATE FUNCTION cents(amount numeric) RETURNS integer
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (amount * 100)::integer $$;
