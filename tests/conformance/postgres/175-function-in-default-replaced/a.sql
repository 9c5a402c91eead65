CREATE FUNCTION legacy_token() RETURNS text
    LANGUAGE sql VOLATILE
    AS $$ SELECT md5(random()::text) $$;

CREATE TABLE session (
    id integer PRIMARY KEY,
    token text NOT NULL DEFAULT legacy_token()
);
