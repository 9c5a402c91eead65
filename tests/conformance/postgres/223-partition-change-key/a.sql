CREATE TABLE job (
    id bigint NOT NULL,
    kind text NOT NULL,
    created_on date NOT NULL
) PARTITION BY RANGE (created_on);

CREATE TABLE job_2024 PARTITION OF job
    FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
