CREATE TABLE log_entry (
    id bigint NOT NULL,
    logged_at timestamptz NOT NULL,
    message text
) PARTITION BY RANGE (logged_at);

CREATE TABLE log_entry_2024 PARTITION OF log_entry
    FOR VALUES FROM ('2024-01-01 00:00:00+00') TO ('2025-01-01 00:00:00+00');
