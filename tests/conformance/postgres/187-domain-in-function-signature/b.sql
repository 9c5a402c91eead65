CREATE DOMAIN cents AS bigint
    CONSTRAINT cents_non_negative CHECK (VALUE >= 0);

CREATE FUNCTION format_cents(amount cents) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT to_char(amount / 100.0, 'FM999999990.00') $$;
