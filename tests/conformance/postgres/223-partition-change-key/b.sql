CREATE TABLE job (
    id bigint NOT NULL,
    kind text NOT NULL,
    created_on date NOT NULL
) PARTITION BY LIST (kind);

CREATE TABLE job_email PARTITION OF job
    FOR VALUES IN ('email');
