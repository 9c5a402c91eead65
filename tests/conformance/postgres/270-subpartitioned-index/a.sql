CREATE TABLE metrics (
    at date NOT NULL,
    host text NOT NULL,
    value double precision
) PARTITION BY RANGE (at);
CREATE TABLE metrics_2025 PARTITION OF metrics
    FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')
    PARTITION BY LIST (host);
CREATE TABLE metrics_2025_a PARTITION OF metrics_2025 FOR VALUES IN ('a');
CREATE TABLE metrics_2025_b PARTITION OF metrics_2025 FOR VALUES IN ('b');
