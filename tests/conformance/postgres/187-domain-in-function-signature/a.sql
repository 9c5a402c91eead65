CREATE DOMAIN cents AS bigint;

CREATE FUNCTION format_cents(amount cents) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(amount / 100.0, 'FM999999990.00') $$;
