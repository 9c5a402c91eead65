CREATE TABLE event (
    id integer PRIMARY KEY,
    kind text NOT NULL,
    token uuid NOT NULL DEFAULT gen_random_uuid()
);
