CREATE FUNCTION next_ticket() RETURNS integer
    LANGUAGE sql VOLATILE
    AS $$ SELECT floor(random() * 1000)::integer $$;

CREATE TABLE ticket (
    id integer PRIMARY KEY,
    number bigint NOT NULL DEFAULT next_ticket()
);
