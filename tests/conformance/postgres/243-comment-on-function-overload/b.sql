CREATE FUNCTION ticket_label(id integer) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT '#' || id $$;

CREATE FUNCTION ticket_label(id integer, prefix text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT prefix || id $$;

COMMENT ON FUNCTION ticket_label(integer, text) IS 'Label with a custom prefix';
