CREATE TABLE reading (
    id bigint PRIMARY KEY,
    sensor text NOT NULL,
    taken_at timestamptz NOT NULL,
    labels text[],
    attrs jsonb,
    valid_for tstzrange
);
