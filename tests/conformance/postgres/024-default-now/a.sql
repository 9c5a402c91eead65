CREATE TABLE visit (
    id integer PRIMARY KEY,
    created_at timestamptz NOT NULL,
    day date
);
