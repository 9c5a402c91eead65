CREATE TABLE webhook (
    id integer PRIMARY KEY,
    external_id text,
    payload json
);
