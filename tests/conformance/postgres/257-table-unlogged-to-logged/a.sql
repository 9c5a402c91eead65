CREATE UNLOGGED TABLE cache_entry (
    key text PRIMARY KEY,
    value jsonb,
    expires_at timestamptz
);

CREATE INDEX cache_entry_expires_idx ON cache_entry (expires_at);
