CREATE TABLE log_entry (
    id bigint NOT NULL,
    logged_at timestamptz NOT NULL,
    message text
);
