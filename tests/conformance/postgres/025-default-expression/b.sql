CREATE TABLE invite (
    id integer PRIMARY KEY,
    expires_at timestamptz DEFAULT (now() + interval '7 days'),
    token text DEFAULT md5(random()::text),
    meta jsonb DEFAULT '{}'::jsonb
);
