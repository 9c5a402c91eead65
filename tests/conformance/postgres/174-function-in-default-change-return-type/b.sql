CREATE FUNCTION next_ticket() RETURNS bigint
    LANGUAGE sql VOLATILE
    AS $$ SELECT floor(random() * 1000000)::bigint $$;

CREATE TABLE ticket (
    id integer PRIMARY KEY,
    number bigint NOT NULL DEFAULT next_ticket()
);
