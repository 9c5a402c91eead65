CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.2) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT round(amount * (1 + rate), 2) $$;
