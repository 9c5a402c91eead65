CREATE FUNCTION new_code() RETURNS text
    LANGUAGE sql VOLATILE
    AS $$ SELECT 'C' || floor(random() * 1000000)::text $$;

CREATE TABLE voucher (
    id integer PRIMARY KEY,
    code text NOT NULL DEFAULT new_code()
);
