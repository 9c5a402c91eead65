CREATE TABLE cache_entry (
    key text PRIMARY KEY,
    value jsonb,
    expires_at timestamptz
)
WITH (fillfactor = 90, toast.autovacuum_enabled = false);

CREATE INDEX cache_entry_expires_idx ON cache_entry (expires_at);
