CREATE FUNCTION session_token() RETURNS text
    LANGUAGE sql VOLATILE
    AS $$ SELECT replace(gen_random_uuid()::text, '-', '') $$;

CREATE TABLE session (
    id integer PRIMARY KEY,
    token text NOT NULL DEFAULT session_token()
);
