CREATE TABLE invite (
    id integer PRIMARY KEY,
    expires_at timestamptz,
    token text,
    meta jsonb
);
