CREATE TABLE webhook (
    id integer PRIMARY KEY,
    external_id uuid,
    payload jsonb
);
