CREATE TABLE cache_entry (
    key text PRIMARY KEY,
    value jsonb,
    expires_at timestamptz
)
WITH (autovacuum_vacuum_scale_factor = 0.2, autovacuum_enabled = false);

CREATE INDEX cache_entry_expires_idx ON cache_entry (expires_at);
