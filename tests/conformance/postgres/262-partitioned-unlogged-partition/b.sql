CREATE TABLE metric (
    taken_on date NOT NULL,
    value double precision
) PARTITION BY RANGE (taken_on);

CREATE UNLOGGED TABLE metric_2024 PARTITION OF metric
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
