CREATE FUNCTION new_code() RETURNS text
    LANGUAGE sql VOLATILE
    AS $$ SELECT 'V-' || md5(random()::text) $$;

CREATE TABLE voucher (
    id integer PRIMARY KEY,
    code text NOT NULL DEFAULT new_code()
);
