CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE place (
    id integer PRIMARY KEY,
    name text NOT NULL
);

CREATE INDEX place_name_trgm_idx ON place USING gin (name gin_trgm_ops);
