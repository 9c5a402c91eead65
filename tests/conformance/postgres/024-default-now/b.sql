CREATE TABLE visit (
    id integer PRIMARY KEY,
    created_at timestamptz NOT NULL DEFAULT now(),
    day date DEFAULT CURRENT_DATE
);
