CREATE SCHEMA audit;

CREATE TABLE audit.event (
    id bigint PRIMARY KEY,
    happened_at timestamptz NOT NULL,
    payload jsonb
);

CREATE TABLE audit.actor (
    id integer PRIMARY KEY,
    name text NOT NULL
);
