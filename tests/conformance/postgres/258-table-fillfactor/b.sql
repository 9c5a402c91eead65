CREATE TABLE cache_entry (
    key text PRIMARY KEY,
    value jsonb,
    expires_at timestamptz
)
WITH (fillfactor = 70);

CREATE INDEX cache_entry_expires_idx ON cache_entry (expires_at);
