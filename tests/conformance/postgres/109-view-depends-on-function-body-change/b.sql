CREATE TABLE person (
    id integer PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL
);

CREATE FUNCTION full_name(first_name text, last_name text) RETURNS text
    LANGUAGE sql IMMUTABLE
    AS $$ SELECT last_name || ', ' || first_name $$;

CREATE VIEW person_display AS
    SELECT id, full_name(first_name, last_name) AS display_name FROM person;
