CREATE FUNCTION cents(amount numeric) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT (amount * 100)::bigint $$;
