CREATE TABLE cache_entry (
    key text PRIMARY KEY,
    value jsonb,
    expires_at timestamptz
)
WITH (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.02);

CREATE INDEX cache_entry_expires_idx ON cache_entry (expires_at);
